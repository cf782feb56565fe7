import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { excelSerialToIso, cellText } from './cell-text.ts';
import { openLedgerSource, sheetOfCsv } from './ledger-source.ts';
import { UPLOAD_LIMITS, WorkbookRefused } from './zip-guard.ts';
import {
  HOSTILE,
  SHEET_XML_END,
  SHEET_XML_START,
  buildZip,
  minimalWorkbookEntries,
  tempDir,
  writeWorkbook,
} from '../testing/ledger-files.ts';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function put(name: string, data: Buffer | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

async function readAll(file: string, filename = path.basename(file)) {
  const source = await openLedgerSource(file, filename, UPLOAD_LIMITS);
  const out: Record<string, unknown[][]> = {};
  for (const s of source.sheets) {
    out[s] = [];
    for await (const row of source.rows(s)) out[s]!.push(row.cells);
  }
  return out;
}

/** Runs `fn`, expecting a refusal; returns it with the memory the refusal took (speed is measured in the bench). */
async function refusal(fn: () => Promise<unknown>) {
  const rss = process.memoryUsage().rss;
  let error: unknown = null;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  return { error: error as WorkbookRefused, rssGrowthMb: (process.memoryUsage().rss - rss) / 1024 / 1024 };
}

describe('openLedgerSource', () => {
  it('streams the rows of every sheet, with date cells as dates and Chinese text intact', async () => {
    const file = await writeWorkbook(path.join(dir, 'a.xlsx'), {
      劳动力: [{ 姓名: '张三', 就业日期: new Date(Date.UTC(2026, 2, 1)), 身份证号: '350505198005171231' }],
      服务记录: [{ 服务类型: '走访' }],
    });
    const all = await readAll(file);
    expect(Object.keys(all)).toEqual(['劳动力', '服务记录']);
    expect(all['劳动力']![0]).toEqual(['姓名', '就业日期', '身份证号']);
    expect(all['劳动力']![1]![0]).toBe('张三');
    expect(cellText(all['劳动力']![1]![1] as number, true, false)).toBe('2026-03-01');
  });

  it('reads a CSV in UTF-8 with BOM or in GB18030, naming the sheet after the file', async () => {
    const utf8 = put('劳动力.csv', '\uFEFF姓名,身份证号\n张三,350505198005171231\n');
    expect(await readAll(utf8)).toEqual({
      劳动力: [
        ['姓名', '身份证号'],
        ['张三', '350505198005171231'],
      ],
    });
    const gbk = put(
      '柳厝村服务记录.csv',
      Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]),
    ); // 姓名\n张三\n in GBK
    expect(await readAll(gbk)).toEqual({ 服务记录: [['姓名'], ['张三']] });
    expect(sheetOfCsv('村级工作.CSV')).toBe('村级工作');
  });

  it('refuses a file that only pretends to be a workbook', async () => {
    const r = await refusal(() => readAll(put('fake.xlsx', HOSTILE.notAZip())));
    expect(r.error).toBeInstanceOf(WorkbookRefused);
    expect(r.error.message).toMatch(/不是有效的 Excel 工作簿/);
  });

  it('refuses a file over the size cap before reading it', async () => {
    const file = put('big.xlsx', Buffer.alloc(0));
    fs.truncateSync(file, UPLOAD_LIMITS.maxFileBytes + 1);
    const r = await refusal(() => readAll(file));
    expect(r.error.kind).toBe('too-large');
    expect(r.error.message).toMatch(/超过 50 MB/);
  });

  it('refuses an honest zip bomb from its directory, without inflating it', async () => {
    const file = put('bomb.xlsx', HOSTILE.zipBomb(50));
    const r = await refusal(() => readAll(file));
    expect(r.error.kind).toBe('zip-bomb');
    expect(r.error.message).toMatch(/压缩炸弹/);
    expect(r.rssGrowthMb).toBeLessThan(100);
  });

  it('refuses a zip bomb whose headers lie about its size while inflating it', async () => {
    const file = put('liar.xlsx', HOSTILE.lyingZipBomb(50));
    const r = await refusal(() => readAll(file));
    expect(r.error.kind).toBe('zip-bomb');
    expect(r.rssGrowthMb).toBeLessThan(100);
  });

  it('refuses macros, by part name and by file type', async () => {
    expect((await refusal(() => readAll(put('m.xlsx', HOSTILE.macro())))).error.message).toMatch(/宏/);
    expect((await refusal(() => readAll(put('m.xlsm', HOSTILE.macro())))).error.kind).toBe('macro');
  });

  it('refuses XML with a DOCTYPE: external entities and entity expansion alike', async () => {
    expect((await refusal(() => readAll(put('xxe.xlsx', HOSTILE.xxe())))).error.kind).toBe('xxe');
    expect((await refusal(() => readAll(put('lol.xlsx', HOSTILE.entityExpansion())))).error.message).toMatch(
      /DOCTYPE/,
    );
  });

  it('refuses a zip of 100,000 entries from its directory alone', async () => {
    const file = put('many.xlsx', HOSTILE.manyEntries());
    const r = await refusal(() => readAll(file));
    expect(r.error.kind).toBe('too-many-entries');
  });

  it('stops reading at 100,000 data rows', async () => {
    const file = put('rows.xlsx', HOSTILE.tooManyRows());
    const r = await refusal(() => readAll(file));
    expect(r.error.kind).toBe('too-many-rows');
    expect(r.error.message).toMatch(/100,000 行/);
  });

  it('does not count rows that hold only formatting', async () => {
    const empty = Array.from(
      { length: 150_000 },
      (_, i) => `<row r="${i + 3}"><c r="A${i + 3}" s="1"/></row>`,
    ).join('');
    const xml = `${SHEET_XML_START}<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c></row>${empty}${SHEET_XML_END}`;
    const all = await readAll(put('styled.xlsx', buildZip(minimalWorkbookEntries(xml))));
    expect(all['劳动力']).toEqual([['姓名'], ['张三']]);
  });

  it('refuses the old binary .xls format with advice to save as .xlsx', async () => {
    const r = await refusal(() => readAll(put('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]))));
    expect(r.error.message).toMatch(/另存为 \.xlsx/);
  });
});

describe('excelSerialToIso', () => {
  it('reads serial day numbers as calendar days in both date systems', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(46082)).toBe('2026-03-01');
    expect(excelSerialToIso(46082.99)).toBe('2026-03-01');
    expect(excelSerialToIso(44620, true)).toBe('2026-03-01');
  });

  it('writes numbers typed into text columns without exponents', () => {
    expect(cellText(350505100201, false, false)).toBe('350505100201');
    expect(cellText(13800001234, false, false)).toBe('13800001234');
  });
});
