import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../domain/id-number.ts';
import { PERSON_FLAG } from '../../domain/ledgers.ts';
import { DISTRICT_SYSTEM_ACTOR, TEST_PII, testContext } from '../testing/context.ts';
import {
  actorFor,
  tempDir,
  villageLabourRows,
  villageWorkbookSheets,
  writeWorkbook,
} from '../testing/ledger-files.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import type { ServiceContext } from './context.ts';
import { importLedger } from './import.service.ts';

const TABLES = [
  'household',
  'person',
  'employment_spell',
  'unemployment_registration',
  'difficulty_recognition',
  'service_record',
  'zero_employment_recognition',
  'unit_record',
  'audit_log',
] as const;

async function rowCounts(t: TestDb) {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const r = await t.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  return out;
}

/** Every cell of a sheet of an .xlsx file, as text, by row number. */
async function sheetText(file: string, sheet: string): Promise<Map<number, string[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows = new Map<number, string[]>();
  wb.getWorksheet(sheet)!.eachRow((row, n) =>
    rows.set(
      n,
      (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
    ),
  );
  return rows;
}

describe.each(DIALECTS)('importLedger on %s', (dialect) => {
  let t: TestDb;
  let village: ServiceContext;
  const dir = tempDir();
  beforeAll(async () => {
    t = await createTestDb(dialect);
    village = testContext(t, { actor: actorFor('village') });
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a village workbook: persons, households, histories, services, records and ledger flags', async () => {
    const file = await writeWorkbook(path.join(dir, 'village.xlsx'), villageWorkbookSheets({ persons: 30 }));
    const report = await importLedger(
      village,
      { path: file, filename: '柳厝村台账.xlsx' },
      { partial: false },
    );
    expect(report.rejected).toEqual([]);
    expect(report.applied).toBe(true);
    expect(report.counts['劳动力']).toEqual({ created: 30, updated: 0, unchanged: 0, rejected: 0 });
    expect(report.counts['服务记录']).toMatchObject({ created: 8, rejected: 0 });
    expect(report.counts['就业失业记录']).toEqual({ created: 2, updated: 2, unchanged: 0, rejected: 0 });
    expect(report.counts['零就业家庭']).toMatchObject({ created: 1 });
    expect(report.counts['村级工作']).toMatchObject({ created: 2 });
    expect(report.sheets).toEqual(['村级工作', '劳动力', '就业失业记录', '服务记录', '零就业家庭']);

    const counts = await rowCounts(t);
    expect(counts).toMatchObject({
      household: 10,
      person: 30,
      employment_spell: 6 + 2,
      unemployment_registration: 8,
      difficulty_recognition: 4,
      service_record: 8,
      zero_employment_recognition: 1,
      unit_record: 2,
    });
    const persons = await t.db.selectFrom('person').selectAll().orderBy('id').execute();
    expect(persons.every((p) => p.unit_code === '350505100201' && p.flags_on === '2026-11-26')).toBe(true);
    // every fourth person (i % 4 == 1) is registered unemployed
    expect(persons.filter((p) => (p.flags & PERSON_FLAG.registeredUnemployed) !== 0)).toHaveLength(8);
    expect(persons.filter((p) => (p.flags & PERSON_FLAG.poverty) !== 0).length).toBeGreaterThan(0);
    expect(persons.filter((p) => (p.flags & PERSON_FLAG.labour) !== 0).length).toBeGreaterThan(20);
    // personal numbers are stored encrypted and masked, never in clear
    expect(persons[0]!.id_masked).toMatch(/^350505\*{8}\d{3}[\dX]$/);
    expect(TEST_PII.decrypt(persons[0]!.id_enc)).toHaveLength(18);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'ledger.import')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toContain('柳厝村台账.xlsx');
    expect(audit[0]!.detail).not.toMatch(/\d{17}[\dX]/);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await rowCounts(t);
    const file = path.join(dir, 'village.xlsx');
    const report = await importLedger(village, { path: file, filename: 'village.xlsx' }, { partial: false });
    expect(report.applied).toBe(true);
    expect(report.total).toMatchObject({ created: 0, updated: 0, rejected: 0 });
    expect(report.total.unchanged).toBe(30 + 4 + 8 + 1 + 2);
    const after = await rowCounts(t);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });

  it('applies nothing when one row is bad, and names its sheet, row, column and reason', async () => {
    const sheets = villageWorkbookSheets({ persons: 6, firstHousehold: 100, seed: 5 });
    sheets['劳动力']![3]!['性别'] = '女';
    sheets['劳动力']![3]!['身份证号'] = makeIdNumber('350505', '1990-01-01', 777); // odd sequence: male
    const file = await writeWorkbook(path.join(dir, 'bad.xlsx'), sheets);
    const before = await rowCounts(t);
    const report = await importLedger(village, { path: file, filename: 'bad.xlsx' }, { partial: false });
    expect(report.applied).toBe(false);
    expect(report.rejected).toEqual([
      { sheet: '劳动力', row: 5, column: '性别', reason: '与身份证号不符：身份证号显示为男' },
    ]);
    expect(report.message).toMatch(/未导入任何数据/);
    expect({ ...(await rowCounts(t)), audit_log: 0 }).toEqual({ ...before, audit_log: 0 });

    // the error workbook is the original plus 错误说明
    const rows = await sheetText(report.errorWorkbook!, '劳动力');
    const header = rows.get(1)!;
    const errorIndex = header.indexOf('错误说明');
    expect(errorIndex).toBeGreaterThan(0);
    expect(rows.get(5)![errorIndex]).toBe('性别：与身份证号不符：身份证号显示为男');
    expect(rows.get(4)![errorIndex] ?? '').toBe('');
    expect(rows.size).toBe(7);

    // fix the row in the error workbook and import it again: the 错误说明 column is ignored
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(report.errorWorkbook!);
    const ws = wb.getWorksheet('劳动力')!;
    ws.getRow(5).getCell(header.indexOf('性别') + 1).value = '男';
    const fixed = path.join(dir, 'fixed.xlsx');
    await wb.xlsx.writeFile(fixed);
    const again = await importLedger(village, { path: fixed, filename: 'fixed.xlsx' }, { partial: false });
    expect(again.rejected).toEqual([]);
    expect(again.applied).toBe(true);
    expect(again.counts['劳动力']).toMatchObject({ rejected: 0 });
    expect(again.warnings.some((w) => w.column === '错误说明')).toBe(false);
  });

  it("keeps the file's own sheet name in the error workbook", async () => {
    const rows = villageLabourRows({ persons: 2, firstHousehold: 150, seed: 23 });
    rows[0]!['文化程度'] = '研究生';
    const file = await writeWorkbook(path.join(dir, 'named.xlsx'), { 劳动力台账: rows });
    const report = await importLedger(village, { path: file, filename: 'named.xlsx' }, { partial: false });
    expect(report.rejected).toEqual([
      { sheet: '劳动力', row: 2, column: '文化程度', reason: expect.stringContaining('"研究生" 不是可选值') },
    ]);
    const sheet = await sheetText(report.errorWorkbook!, '劳动力台账');
    expect(sheet.get(2)!.at(-1)).toMatch(/^文化程度：/);
  });

  it('refuses a sheet missing a required column and says so on its header row', async () => {
    const file = await writeWorkbook(path.join(dir, 'nocol.xlsx'), {
      服务记录: [{ 身份证号: makeIdNumber('350505', '1985-02-03', 5), 服务类型: '走访' }],
    });
    const report = await importLedger(village, { path: file, filename: 'nocol.xlsx' }, { partial: true });
    expect(report.rejected).toEqual([
      { sheet: '服务记录', row: 1, column: '服务日期', reason: '缺少必填列，整张表未导入' },
    ]);
    const sheet = await sheetText(report.errorWorkbook!, '服务记录');
    expect(sheet.get(1)).toEqual(['身份证号', '服务类型', '错误说明：服务日期：缺少必填列，整张表未导入']);
  });

  it('with partial import applies the valid rows only', async () => {
    const rows = villageLabourRows({ persons: 4, firstHousehold: 200, seed: 9 });
    rows[1]!['就业形式'] = '打零工';
    const file = await writeWorkbook(path.join(dir, 'partial.xlsx'), { 劳动力: rows });
    const report = await importLedger(village, { path: file, filename: 'partial.xlsx' }, { partial: true });
    expect(report.applied).toBe(true);
    expect(report.counts['劳动力']).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 1 });
    expect(report.rejected[0]).toMatchObject({ sheet: '劳动力', row: 3, column: '就业形式' });
    const names = (
      await t.db
        .selectFrom('person')
        .select('name')
        .where(
          'name',
          'in',
          rows.map((r) => r['姓名'] as string),
        )
        .execute()
    ).map((p) => p.name);
    expect(names.sort()).toEqual([rows[0]!['姓名'], rows[2]!['姓名'], rows[3]!['姓名']].sort());
  });

  it("rejects rows of a unit outside the actor's scope, and a person registered in another unit", async () => {
    const other = villageLabourRows({ unitCode: '350505100202', persons: 1, firstHousehold: 300, seed: 11 });
    const file = await writeWorkbook(path.join(dir, 'scope.xlsx'), { 劳动力: other });
    const report = await importLedger(village, { path: file, filename: 'scope.xlsx' }, { partial: false });
    expect(report.rejected).toEqual([
      { sheet: '劳动力', row: 2, column: '村（社区）代码', reason: '无权导入其他单位的数据' },
    ]);

    // the district registers a person in 350505100202; 柳厝村 then lists the same ID number
    const district = testContext(t, { actor: DISTRICT_SYSTEM_ACTOR });
    expect(
      (await importLedger(district, { path: file, filename: 'scope.xlsx' }, { partial: false })).applied,
    ).toBe(true);
    const moved = [{ ...other[0]!, '村（社区）代码': '350505100201' }];
    const file2 = await writeWorkbook(path.join(dir, 'moved.xlsx'), { 劳动力: moved });
    const conflict = await importLedger(village, { path: file2, filename: 'moved.xlsx' }, { partial: false });
    expect(conflict.rejected).toHaveLength(1);
    expect(conflict.rejected[0]).toMatchObject({ sheet: '劳动力', row: 2, column: '身份证号' });
    expect(conflict.rejected[0]!.reason).toMatch(/已在.+登记.*转移/);
  });

  it('rejects a repeated ID number naming the earlier row, and services for unknown persons', async () => {
    const rows = villageLabourRows({ persons: 2, firstHousehold: 400, seed: 13 });
    const file = await writeWorkbook(path.join(dir, 'dup.xlsx'), {
      劳动力: [rows[0]!, rows[1]!, { ...rows[0]!, 姓名: '重复' }],
      服务记录: [
        { 身份证号: makeIdNumber('350505', '1985-02-03', 5), 服务类型: '走访', 服务日期: '2026-03-01' },
      ],
    });
    const report = await importLedger(village, { path: file, filename: 'dup.xlsx' }, { partial: false });
    expect(report.rejected).toEqual([
      { sheet: '劳动力', row: 4, column: '身份证号', reason: '与本表第 2 行的身份证号重复' },
      {
        sheet: '服务记录',
        row: 2,
        column: '身份证号',
        reason: '人员不存在：须已在本单位登记，或列在本文件的劳动力表中',
      },
    ]);
    expect(report.applied).toBe(false);
  });

  it('explains an ID number that Excel stored as a number', async () => {
    const rows = villageLabourRows({ persons: 1, firstHousehold: 450, seed: 15 }).map((r) => ({
      ...r,
      身份证号: Number(r['身份证号']),
    }));
    const file = await writeWorkbook(path.join(dir, 'numeric.xlsx'), { 劳动力: rows });
    const report = await importLedger(village, { path: file, filename: 'numeric.xlsx' }, { partial: false });
    expect(report.rejected).toEqual([
      {
        sheet: '劳动力',
        row: 2,
        column: '身份证号',
        reason: '身份证号被 Excel 存成了数字，末几位已丢失：请把该列设为“文本”格式后重新填写',
      },
    ]);
  });

  it('refuses a file over the row limit mid-stream and changes nothing', async () => {
    const file = await writeWorkbook(path.join(dir, 'rows.xlsx'), {
      劳动力: villageLabourRows({ persons: 5, firstHousehold: 480, seed: 21 }),
    });
    const before = await rowCounts(t);
    await expect(
      importLedger(village, { path: file, filename: 'rows.xlsx' }, { partial: true, limits: { maxRows: 3 } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/超过 3 行数据的上限/),
    });
    const after = await rowCounts(t);
    expect(after.audit_log).toBe(before.audit_log! + 1);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });

  it('imports a CSV holding one sheet, named after it', async () => {
    const rows = villageLabourRows({ persons: 2, firstHousehold: 500, seed: 17 });
    const columns = Object.keys(rows[0]!);
    const csv = [
      columns.join(','),
      ...rows.map((r) => columns.map((c) => String(r[c] ?? '')).join(',')),
    ].join('\r\n');
    const file = path.join(dir, '劳动力.csv');
    fs.writeFileSync(file, '\uFEFF' + csv);
    const report = await importLedger(village, { path: file, filename: '劳动力.csv' }, { partial: false });
    expect(report.counts['劳动力']).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
  });

  it('warns about unknown sheets and columns and ignores them', async () => {
    const rows = villageLabourRows({ persons: 1, firstHousehold: 600, seed: 19 }).map((r) => ({
      ...r,
      微信号: 'abc',
    }));
    const file = await writeWorkbook(path.join(dir, 'extra.xlsx'), { 劳动力: rows, 花名册: [{ a: 1 }] });
    const report = await importLedger(village, { path: file, filename: 'extra.xlsx' }, { partial: false });
    expect(report.applied).toBe(true);
    expect(report.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/未识别的工作表"花名册"/), '未识别的列"微信号"已忽略']),
    );
  });
});
