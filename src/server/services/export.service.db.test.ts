import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_SHEETS } from '../../domain/ledger-rows.ts';
import { testContext } from '../testing/context.ts';
import {
  actorFor,
  tempDir,
  villageLabourRows,
  villageWorkbookSheets,
  writeWorkbook,
} from '../testing/ledger-files.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import type { ServiceContext } from './context.ts';
import { exportLedger, ledgerTemplate } from './export.service.ts';
import { importLedger } from './import.service.ts';

/** Values that a spreadsheet would run as formulas if they were written as such. */
const HOSTILE_TEXT = ['=1+1', '+86 cmd', '-2+3', '@SUM(A1)', '\t=A1', '\r=A1'];

async function readBack(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cells: { sheet: string; address: string; type: ExcelJS.ValueType; text: string }[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        cells.push({
          sheet: ws.name,
          address: cell.address,
          type: cell.type,
          text: cell.value === null ? '' : String(cell.value),
        });
      }),
    ),
  );
  return { wb, cells };
}

describe.each(DIALECTS)('exportLedger on %s', (dialect) => {
  let t: TestDb;
  let village: ServiceContext;
  const dir = tempDir();
  const ids: string[] = [];
  beforeAll(async () => {
    t = await createTestDb(dialect);
    village = testContext(t, { actor: actorFor('village') });
    const sheets = villageWorkbookSheets({ persons: 24 });
    // children (every third row, born 2000) are all in the labour ledger
    HOSTILE_TEXT.forEach((text, i) => {
      sheets['劳动力']![3 * i + 2]!['备注'] = text;
    });
    sheets['劳动力']![2]!['姓名'] = '=HYPERLINK("http://x","点我")';
    sheets['劳动力']![5]!['残疾证号'] = `${sheets['劳动力']![5]!['身份证号']}42`;
    for (const r of sheets['劳动力']!) ids.push(r['身份证号'] as string);
    const file = await writeWorkbook(path.join(dir, 'village.xlsx'), sheets);
    const report = await importLedger(village, { path: file, filename: 'village.xlsx' }, { partial: false });
    expect(report.rejected).toEqual([]);
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('masks every ID, phone and disability number, and writes no formula cell', async () => {
    const result = await exportLedger(
      village,
      { ledger: 'labour', masked: true },
      { path: path.join(dir, 'masked.xlsx') },
    );
    expect(result.persons).toBeGreaterThan(15);
    const { cells } = await readBack(result.file);
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    for (const c of cells) {
      expect(c.text, `${c.sheet}!${c.address}`).not.toMatch(/\d{17}[\dX]/);
      for (const id of ids) expect(c.text.includes(id), `${c.sheet}!${c.address}`).toBe(false);
      expect(c.text).not.toMatch(/1380000\d{4}/);
    }
    expect(cells.some((c) => /^350505\*{8}\d{3}[\dX]$/.test(c.text))).toBe(true);
    for (const text of HOSTILE_TEXT)
      expect(cells.filter((c) => c.type === ExcelJS.ValueType.String).map((c) => c.text)).toContain(
        text.trim(),
      );
    expect(cells.some((c) => c.text === '=HYPERLINK("http://x","点我")')).toBe(true);
    expect(cells.some((c) => c.text.includes('仅供阅读和打印'))).toBe(true);
  });

  it('exports the full numbers with a reason, and that file imports again with nothing changed', async () => {
    const result = await exportLedger(
      village,
      { ledger: 'labour', masked: false, reason: '年度核对' },
      { path: path.join(dir, 'full.xlsx') },
    );
    const { cells } = await readBack(result.file);
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    expect(cells.some((c) => c.text === ids[3])).toBe(true);
    const report = await importLedger(
      village,
      { path: result.file, filename: 'full.xlsx' },
      { partial: false },
    );
    expect(report.rejected).toEqual([]);
    expect(report.total).toMatchObject({ created: 0, updated: 0, rejected: 0 });
    expect(report.counts['劳动力']!.unchanged).toBe(result.persons);
    expect(report.counts['服务记录']!.unchanged).toBe(result.services);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'ledger.export')
      .execute();
    expect(audit.some((a) => a.detail!.includes('年度核对'))).toBe(true);
  });

  it('filters by the ledger: the unemployed ledger holds the registered unemployed only', async () => {
    const result = await exportLedger(
      village,
      { ledger: 'unemployed', masked: true },
      { path: path.join(dir, 'unemployed.xlsx') },
    );
    const registered = villageLabourRows({ persons: 24 }).filter((r) => r['失业登记日期']).length;
    expect(result.persons).toBe(registered);
  });

  it('refuses full numbers without a reason, and another unit as not found', async () => {
    await expect(exportLedger(village, { ledger: 'labour', masked: false })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(
      exportLedger(village, { ledger: 'labour', masked: true, unit: '350505100202' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const approver = testContext(t, { actor: { ...actorFor('district'), role: 'district_approver' } });
    await expect(exportLedger(approver, { ledger: 'labour', masked: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('lets the town export its villages', async () => {
    const town = testContext(t, {
      actor: actorFor('town', '350505100201', '350505100000', ['350505100201', '350505100202']),
    });
    const result = await exportLedger(
      town,
      { ledger: 'labour', masked: true, unit: '350505100000' },
      { path: path.join(dir, 'town.xlsx') },
    );
    expect(result.persons).toBeGreaterThan(15);
    expect(result.filename).toMatch(/^南埔镇劳动力台账-2026-11-26（脱敏）\.xlsx$/);
  });
});

describe('ledgerTemplate', () => {
  it('holds all five sheets with their headers and a drop-down list on every enumerated column', async () => {
    const { body } = await ledgerTemplate({ actor: actorFor('village') } as ServiceContext);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    for (const name of LEDGER_SHEETS) expect(wb.getWorksheet(name), name).toBeDefined();
    const labour = wb.getWorksheet('劳动力')!;
    expect((labour.getRow(1).values as unknown[]).slice(1)).toContain('身份证号');
    const validations = (
      labour as unknown as {
        dataValidations: { model: Record<string, { type: string; formulae: string[] }> };
      }
    ).dataValidations.model;
    const headers = (labour.getRow(1).values as string[]).slice(1);
    // read back, the validations come cell by cell; one per column is enough here
    const lists = [
      ...new Map(Object.entries(validations).map(([cell, v]) => [cell.replace(/\d+$/, ''), v])).entries(),
    ].map(([letter, v]) => ({
      column: headers[labour.getColumn(letter).number - 1],
      ...v,
    }));
    expect(lists.find((l) => l.column === '就业形式')).toMatchObject({
      type: 'list',
      formulae: ['"单位就业,灵活就业,自主创业,公益性岗位,务农,外出务工"'],
    });
    expect(lists.map((l) => l.column)).toEqual(
      expect.arrayContaining([
        '与户主关系',
        '性别',
        '户籍性质',
        '文化程度',
        '劳动能力',
        '就业意愿',
        '人员状态',
        '注销原因',
        '建档立卡贫困劳动力',
        '脱贫状态',
        '低保',
      ]),
    );
    const services = wb.getWorksheet('服务记录') as unknown as {
      dataValidations: { model: Record<string, unknown> };
    };
    expect(new Set(Object.keys(services.dataValidations.model).map((c) => c.replace(/\d+$/, ''))).size).toBe(
      3,
    );
  });
});
