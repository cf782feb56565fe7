import ExcelJS from 'exceljs';
import { ERROR_COLUMN, INSTRUCTIONS_SHEET, LEDGER_SHEETS, SHEET_COLUMNS } from '../../domain/ledger-rows.ts';
import { sheetSpec } from './sheet-specs.ts';
import { cellText } from './cell-text.ts';
import type { LedgerSource, RawCell } from './ledger-source.ts';

/**
 * Writing ledger workbooks: exports, the blank template and error workbooks. Every cell is written as a plain
 * value — a string that starts with = + - @ TAB or CR stays a string (QUALITY.md "exports": 0 formula cells),
 * because no code path here ever builds a formula cell.
 */

export type OutCell = string | number | null;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE2E2' } };

/** Characters XML 1.0 cannot carry (they would corrupt the file); TAB, LF and CR are kept. */
// eslint-disable-next-line no-control-regex -- the point is to drop control characters
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** A value as a plain cell: strings stay strings whatever their first character; never a formula. */
export function plainCell(value: OutCell | undefined): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return String(value).replace(XML_INVALID, '');
}

export function createStreamingWorkbook(file: string): ExcelJS.stream.xlsx.WorkbookWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = '就业平台';
  return wb;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function safeSheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31) || 'Sheet1';
}

type AnySheet = ExcelJS.Worksheet;

/** Header row: bold on a light fill, required columns in red, columns wide enough for Chinese headers. */
export function writeHeader(
  ws: AnySheet,
  columns: readonly string[],
  required: readonly string[] = [],
): void {
  ws.columns = columns.map((c) => ({ header: c, key: c, width: Math.max(10, c.length * 2.4 + 2) }));
  const row = ws.getRow(1);
  row.eachCell((cell) => {
    const name = String(cell.value);
    cell.font = { bold: true, ...(required.includes(name) ? { color: { argb: 'FFC00000' } } : {}) };
    cell.fill = HEADER_FILL;
  });
}

/** A sheet with its header row frozen (a streaming sheet takes its views only when created). */
export function addSheet(
  wb: ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
): ExcelJS.Worksheet {
  return wb.addWorksheet(safeSheetName(name), { views: [{ state: 'frozen', ySplit: 1 }] });
}

/** Appends (and on a streaming sheet, commits) one row of plain values. */
export function writeRow(ws: AnySheet, values: readonly (OutCell | undefined)[]): ExcelJS.Row {
  const row = ws.addRow(values.map(plainCell));
  const commit = (row as ExcelJS.Row & { commit?: () => void }).commit;
  if (commit) commit.call(row);
  return row;
}

/** A sheet of plain-text lines for people to read (ignored on import). */
export function writeNotesSheet(
  wb: ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter,
  lines: readonly string[],
): void {
  const ws = wb.addWorksheet(INSTRUCTIONS_SHEET);
  ws.columns = [{ header: '说明', key: 'text', width: 110 }];
  ws.getRow(1).font = { bold: true };
  for (const line of lines) writeRow(ws, [line]);
  const commit = (ws as AnySheet & { commit?: () => void }).commit;
  if (commit) commit.call(ws);
}

export const TEMPLATE_NOTES = [
  '台账导入模板：每个工作表一类数据，表名和列名不可修改；列的顺序可以调整，不需要的列可以删除。',
  '红色列名为必填列。日期可写作 2026-03-01、2026/3/1 或 2026年3月1日，也可以是 Excel 日期单元格。',
  '“是/否”列也可填 Y/N 或 1/0；有下拉列表的列只能填写列表中的值（就业困难人员类别可用“、”分隔填写多个）。',
  '同一文件重复导入不会产生重复数据：人员按身份证号匹配，户按（村社区代码，户编号）匹配，服务记录和村级工作按全部列匹配。',
  '导入时有错误的行会逐行列出；默认只要有一行出错就不导入任何数据。可下载带“错误说明”列的原文件，改正后再次导入。',
];

/** The blank template: all five sheets with their headers and a drop-down list on every enumerated column. */
export async function templateWorkbook(rows = 2000): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '就业平台';
  for (const name of LEDGER_SHEETS) {
    const spec = sheetSpec(name);
    const notes = new Map(SHEET_COLUMNS[name].map((c) => [c.name, c.note]));
    const ws = addSheet(wb, name);
    writeHeader(ws, spec.columns, spec.required);
    spec.columns.forEach((column, i) => {
      const note = notes.get(column);
      if (note) ws.getRow(1).getCell(i + 1).note = note;
      const letter = ws.getColumn(i + 1).letter;
      const choices = spec.choices[column];
      if (choices) {
        // exceljs implements worksheet.dataValidations but its type declarations omit it
        (
          ws as ExcelJS.Worksheet & {
            dataValidations: { add(range: string, v: ExcelJS.DataValidation): void };
          }
        ).dataValidations.add(`${letter}2:${letter}${rows + 1}`, {
          type: 'list',
          allowBlank: true,
          formulae: [`"${choices.join(',')}"`],
          // 就业困难人员类别 may join several values; the list only helps
          showErrorMessage: column !== '就业困难人员类别',
          errorStyle: 'stop',
          errorTitle: '无效的值',
          error: `请从下拉列表中选择：${choices.join('、')}`.slice(0, 255),
        });
      }
      // text format keeps ID numbers, codes and leading zeros as typed
      if (!spec.dateColumns.includes(column)) ws.getColumn(i + 1).numFmt = '@';
    });
  }
  writeNotesSheet(wb, TEMPLATE_NOTES);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Where a sheet's header is and which of its columns hold dates and the error text (0-based). */
export interface SheetLayout {
  headerRow: number;
  width: number;
  errorColumn: number;
  dateColumns: ReadonlySet<number>;
}

/**
 * The original file again, value for value, with a `错误说明` column holding each rejected row's reasons
 * (an existing 错误说明 column is reused, so fixing and re-importing an error workbook works). Dates become
 * ISO text and formulas their results.
 */
export async function writeErrorWorkbook(
  source: LedgerSource,
  layouts: ReadonlyMap<string, SheetLayout>,
  reasons: ReadonlyMap<string, ReadonlyMap<number, string>>,
  file: string,
): Promise<void> {
  const wb = createStreamingWorkbook(file);
  for (const sheet of source.sheets) {
    const layout = layouts.get(sheet);
    const mine = reasons.get(sheet);
    const ws = wb.addWorksheet(safeSheetName(sheet));
    if (layout) ws.getColumn(layout.errorColumn + 1).width = 60;
    for await (const row of source.rows(sheet)) {
      const cells: (OutCell | undefined)[] = [];
      const width = layout ? Math.max(layout.width, row.cells.length) : row.cells.length;
      for (let i = 0; i < width; i++) {
        if (layout && i === layout.errorColumn) continue;
        cells[i] = rawOut(
          row.cells[i],
          layout?.dateColumns.has(i) === true && row.number > layout.headerRow,
          source.date1904,
        );
      }
      const reason = layout ? mine?.get(row.number) : undefined;
      if (layout && row.number === layout.headerRow) {
        // a whole-sheet problem (a required column missing) is told on the header row itself
        cells[layout.errorColumn] = reason ? `${ERROR_COLUMN}：${reason}` : ERROR_COLUMN;
      } else if (layout) cells[layout.errorColumn] = reason ?? null;
      // keep the original row numbers, so the report's row numbers still point at the right rows
      const out = ws.getRow(row.number);
      out.values = cells.map((c) => plainCell(c ?? null));
      if (layout && row.number === layout.headerRow) out.font = { bold: true };
      if (reason && layout) {
        const cell = out.getCell(layout.errorColumn + 1);
        cell.fill = ERROR_FILL;
        cell.font = { color: { argb: 'FFC00000' } };
      }
      out.commit();
    }
    ws.commit();
  }
  await wb.commit();
}

function rawOut(value: RawCell, asDate: boolean, date1904: boolean): OutCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return asDate ? cellText(value, true, date1904) : value;
  if (typeof value === 'string') return value;
  const text = cellText(value, asDate, date1904);
  return text === '' ? null : text;
}
