import { SHEET_COLUMNS, type LedgerSheet } from '../../domain/ledger-rows.ts';

/** A sheet's columns as the reader and writers use them: names, required, date and enumerated columns. */
export interface SheetSpec {
  name: LedgerSheet;
  columns: readonly string[];
  required: readonly string[];
  /** columns whose numbers are Excel date serials */
  dateColumns: readonly string[];
  /** enumerated columns and their values (the template's drop-down lists) */
  choices: Readonly<Record<string, readonly string[]>>;
}

const cache = new Map<LedgerSheet, SheetSpec>();

export function sheetSpec(sheet: LedgerSheet): SheetSpec {
  let spec = cache.get(sheet);
  if (!spec) {
    const cols = SHEET_COLUMNS[sheet];
    spec = {
      name: sheet,
      columns: cols.map((c) => c.name),
      required: cols.filter((c) => c.required).map((c) => c.name),
      dateColumns: cols.filter((c) => c.kind === 'date').map((c) => c.name),
      choices: Object.fromEntries(
        cols
          .filter((c) => c.values && (c.kind === 'enum' || c.kind === 'multi'))
          .map((c) => [c.name, c.values!]),
      ),
    };
    cache.set(sheet, spec);
  }
  return spec;
}
