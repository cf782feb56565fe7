import type { RawCell } from './ledger-source.ts';

/**
 * One raw cell → the text the row rules read. Excel keeps dates as serial day numbers with no time zone (a
 * wall-clock date), so a serial becomes its calendar day directly — never through the local time zone. A JS
 * Date from exceljs stands for that wall-clock date at UTC midnight and is read in UTC for the same reason.
 */

const DAY_MS = 86_400_000;

/** Excel serial day → ISO date (1900 system: serial 1 = 1900-01-01, with Lotus's fictitious 1900-02-29). */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial + 1e-9);
  if (date1904) return isoOf(Date.UTC(1904, 0, 1) + day * DAY_MS);
  if (day < 1 || day > 2958465) return null;
  if (day === 60) return null; // 1900-02-29 never existed
  return isoOf(Date.UTC(1899, 11, day < 60 ? 31 : 30) + day * DAY_MS);
}

function isoOf(ms: number): string | null {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (y < 1900 || y > 9999) return null;
  return d.toISOString().slice(0, 10);
}

/** A number as typed: integers without exponent or grouping (ID and phone numbers typed as numbers). */
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

export function cellText(value: RawCell, asDate: boolean, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number')
    return asDate ? (excelSerialToIso(value, date1904) ?? numberText(value)) : numberText(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (Array.isArray(value.richText))
    return (value.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  // a formula: its cached result, never the formula itself
  if ('formula' in value || 'sharedFormula' in value)
    return cellText(value.result as RawCell, asDate, date1904);
  if (typeof value.text === 'string') return value.text; // hyperlink
  return '';
}
