import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { canonicalHeader } from '../../domain/ledger-entry.ts';
import { LEDGER_SHEETS, matchSheetName } from '../../domain/ledger-rows.ts';
import {
  WorkbookRefused,
  fileTooLarge,
  inspectZip,
  openEntryText,
  readEntryText,
  type InflateBudget,
  type ReadLimits,
  type ZipEntry,
} from './zip-guard.ts';

/**
 * A ledger file opened for streaming: an .xlsx workbook (exceljs's streaming reader, fed by our own guarded
 * inflater) or a .csv holding one sheet, named after it. Sheets are read one at a time, in any order the
 * caller asks, so a later sheet can rely on an earlier one; rows come as arrays of raw cell values (index 0 =
 * column A). Rows are counted while streaming and reading stops at the limit.
 */

export type RawCell = string | number | boolean | Date | null | undefined | { [key: string]: unknown };

export interface SourceRow {
  /** the Excel row number (1-based; the header is usually row 1) */
  number: number;
  cells: RawCell[];
}

export interface LedgerSource {
  kind: 'xlsx' | 'csv';
  /** sheet names in the file's order */
  sheets: string[];
  /** Excel's 1904 date system (old Mac workbooks) */
  date1904: boolean;
  rows(sheet: string): AsyncIterable<SourceRow>;
  /** data rows read so far, all sheets */
  rowsRead(): number;
}

/** exceljs's streaming reader, driven part by part (its internal methods; exceljs is pinned at 4.4). */
interface ExcelStreamReader {
  sharedStrings?: unknown[];
  model?: { sheets?: { name: string; id: number; rId: string }[]; properties?: { date1904?: boolean } };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(stream: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(stream: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(stream: NodeJS.ReadableStream): AsyncIterable<unknown>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Iterable<{ value: ExcelSheetReader }>;
}
interface ExcelSheetReader {
  name: string;
  parse(): AsyncIterable<{ eventType: string; value: { number: number; values: RawCell[] } }[]>;
}

const LEGACY_XLS = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Opens `file` (already on disk) by its original `filename`'s extension, checking its content matches. */
export async function openLedgerSource(
  file: string,
  filename: string,
  limits: ReadLimits,
): Promise<LedgerSource> {
  const ext = path.extname(filename).toLowerCase();
  const size = fs.statSync(file).size;
  if (size > limits.maxFileBytes) throw fileTooLarge(limits);
  if (ext === '.xlsm' || ext === '.xltm')
    throw new WorkbookRefused('macro', '启用宏的工作簿（.xlsm）出于安全原因不予导入；请另存为 .xlsx 文件');
  if (ext === '.csv') return openCsv(file, filename, limits);
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (ext === '.xls' || head.equals(LEGACY_XLS))
    throw new WorkbookRefused(
      'unsupported',
      '不支持旧版 Excel 97-2003（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入',
    );
  if (ext !== '.xlsx')
    throw new WorkbookRefused(
      'unsupported',
      `不支持的文件类型“${ext || '无扩展名'}”：请上传 .xlsx 工作簿或 .csv 文件`,
    );
  return openXlsx(file, limits);
}

async function openXlsx(file: string, limits: ReadLimits): Promise<LedgerSource> {
  const entries = inspectZip(file, limits);
  // part names are case-insensitive (OPC); some writers spell them differently
  const byName = new Map(entries.map((e) => [e.name.replace(/^\//, '').toLowerCase(), e]));
  const budget: InflateBudget = { used: 0 };
  const types = byName.get('[content_types].xml');
  if (!types) throw new WorkbookRefused('not-xlsx', '文件不是有效的 Excel 工作簿（缺少内容类型说明）');
  const typesXml = await readEntryText(file, types, limits, budget, 1024 * 1024);
  if (/macroEnabled|vbaProject/i.test(typesXml))
    throw new WorkbookRefused(
      'macro',
      '工作簿包含宏（VBA），出于安全原因不予导入；请另存为不含宏的 .xlsx 文件',
    );
  // Every XML part passes the DTD check, even those the reader would skip.
  for (const e of entries) {
    if (
      /\.(xml|rels)$/i.test(e.name) &&
      e !== types &&
      !/^xl\/worksheets\/|^xl\/sharedStrings\.xml$/i.test(e.name)
    ) {
      await readEntryText(file, e, limits, budget);
    }
  }

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as ExcelStreamReader;
  const part = (name: string): ZipEntry | undefined => byName.get(name.toLowerCase());
  const rels = part('xl/_rels/workbook.xml.rels');
  const book = part('xl/workbook.xml');
  if (!rels || !book) throw new WorkbookRefused('not-xlsx', '文件不是有效的 Excel 工作簿（缺少工作簿结构）');
  await reader._parseRels(openEntryText(file, rels, limits, budget));
  await reader._parseWorkbook(openEntryText(file, book, limits, budget));
  const shared = part('xl/sharedStrings.xml');
  if (shared) {
    for await (const _ of reader._parseSharedStrings(openEntryText(file, shared, limits, budget))) {
      // 'cache' mode yields nothing; the strings land in reader.sharedStrings
    }
  } else reader.sharedStrings = [];

  const sheetParts = new Map<string, { entry: ZipEntry; no: string }>();
  for (const s of reader.model?.sheets ?? []) {
    const rel = reader.workbookRels?.find((r) => r.Id === s.rId);
    if (!rel) continue;
    const target = rel.Target.startsWith('/')
      ? rel.Target.slice(1)
      : /^xl\//i.test(rel.Target)
        ? rel.Target
        : `xl/${rel.Target.replace(/^\.\//, '')}`;
    const entry = part(target);
    if (entry) sheetParts.set(s.name, { entry, no: String(s.id) });
  }
  let rowsRead = 0;
  let emptyRows = 0;
  return {
    kind: 'xlsx',
    sheets: [...sheetParts.keys()],
    date1904: reader.model?.properties?.date1904 === true,
    rowsRead: () => rowsRead,
    async *rows(sheet) {
      const found = sheetParts.get(sheet);
      if (!found) return;
      const [{ value: ws }] = [
        ...reader._parseWorksheet(openEntryText(file, found.entry, limits, budget), found.no),
      ] as [{ value: ExcelSheetReader }];
      let first = true;
      for await (const events of ws.parse()) {
        for (const ev of events) {
          if (ev.eventType !== 'row') continue;
          const values = ev.value.values;
          // rows that are only formatting (a coloured band down the sheet) are no data; they are bounded
          // by the inflate budget and, generously, here
          if (values.length === 0) {
            if (++emptyRows > 10 * limits.maxRows) throw tooManyRows(limits);
            continue;
          }
          if (!first && ++rowsRead > limits.maxRows) throw tooManyRows(limits);
          first = false;
          // exceljs numbers cells from 1; index 0 = column A here
          yield { number: ev.value.number, cells: values.slice(1) };
        }
      }
    },
  };
}

function tooManyRows(limits: ReadLimits): WorkbookRefused {
  return new WorkbookRefused(
    'too-many-rows',
    `文件超过 ${limits.maxRows.toLocaleString('en-US')} 行数据的上限，请分成几个文件分别导入`,
  );
}

/** The sheet a CSV file holds: its base name, or the one sheet name it contains ("柳厝村劳动力.csv"). */
export function sheetOfCsv(filename: string): string {
  const base = canonicalHeader(path.basename(filename, path.extname(filename)));
  const exact = matchSheetName(base);
  if (exact) return exact;
  const contained = LEDGER_SHEETS.filter((s) => base.includes(s));
  return contained.length === 1 ? contained[0]! : base;
}

/** UTF-8 (with or without BOM), or GB18030 as Excel on Chinese Windows saves CSV — decided on the first bytes. */
class CsvDecoder extends Transform {
  private decoder: TextDecoder | null = null;
  private seen = 0;
  constructor(private readonly maxBytes: number) {
    super({ readableObjectMode: false, decodeStrings: true });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) return done(new WorkbookRefused('too-large', '文件过大'));
    if (!this.decoder) {
      let utf8 = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
      this.decoder = new TextDecoder(utf8 ? 'utf-8' : 'gb18030');
    }
    done(null, this.decoder.decode(chunk, { stream: true }));
  }
  override _flush(done: TransformCallback): void {
    done(null, this.decoder ? this.decoder.decode() : '');
  }
}

function openCsv(file: string, filename: string, limits: ReadLimits): LedgerSource {
  const sheet = sheetOfCsv(filename);
  let rowsRead = 0;
  return {
    kind: 'csv',
    sheets: [sheet],
    date1904: false,
    rowsRead: () => rowsRead,
    async *rows(name) {
      if (name !== sheet) return;
      const parser = fs
        .createReadStream(file, { highWaterMark: 256 * 1024 })
        .pipe(new CsvDecoder(limits.maxFileBytes))
        .pipe(
          parseCsv({
            bom: true,
            relax_column_count: true,
            relax_quotes: true,
            skip_empty_lines: false,
            max_record_size: limits.maxTextRun,
          }),
        );
      let number = 0;
      try {
        for await (const record of parser as AsyncIterable<string[]>) {
          number++;
          if (number > 1 && ++rowsRead > limits.maxRows) throw tooManyRows(limits);
          yield { number, cells: record };
        }
      } catch (e) {
        if (e instanceof WorkbookRefused) throw e;
        throw new WorkbookRefused(
          'not-xlsx',
          `CSV 文件格式有误（第 ${number + 1} 行附近）：${(e as Error).message.slice(0, 100)}`,
        );
      }
    },
  };
}
