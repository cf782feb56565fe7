import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HOSTILE,
  tempDir,
  villageLabourRows,
  villageWorkbookSheets,
  writeWorkbook,
} from '../testing/ledger-files.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';

const BIN = path.resolve('bin/jiuye');

describe.each(DIALECTS)('bin/jiuye import / export / template on %s', (dialect) => {
  let t: TestDb;
  const dir = tempDir();
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, '--db', t.url, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, JIUYE_KEY_FILE: path.join(dir, 'jiuye.key') },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a workbook district-wide, exits 0, and prints the counts as JSON', async () => {
    const file = await writeWorkbook(path.join(dir, 'village.xlsx'), villageWorkbookSheets({ persons: 9 }));
    const first = run('import', file, '--json');
    expect(first.code, first.err).toBe(0);
    const report = JSON.parse(first.out);
    expect(report.counts['劳动力']).toEqual({ created: 9, updated: 0, unchanged: 0, rejected: 0 });
    expect(report.total.rejected).toBe(0);
    const again = JSON.parse(run('import', file, '--json').out);
    expect(again.total).toMatchObject({ created: 0, updated: 0, rejected: 0 });
    const persons = await t.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(persons.n)).toBe(9);
  });

  it('exits non-zero on a rejected row, lists it in Chinese and writes the error workbook beside the file', async () => {
    const rows = villageLabourRows({ persons: 2, firstHousehold: 70, seed: 7 });
    rows[1]!['户籍性质'] = '城市';
    const file = await writeWorkbook(path.join(dir, '柳厝村.xlsx'), { 劳动力: rows });
    const r = run('import', file);
    expect(r.code).toBe(2);
    expect(r.out).toContain('劳动力 第 3 行「户籍性质」："城市" 不是可选值（农业 / 非农业 / 居民）');
    expect(r.out).toContain('未导入任何数据');
    expect(fs.existsSync(path.join(dir, '柳厝村.错误说明.xlsx'))).toBe(true);

    const partial = run('import', file, '--partial', '--json');
    expect(partial.code).toBe(0);
    expect(JSON.parse(partial.out).counts['劳动力']).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      rejected: 1,
    });
  });

  it('reports its progress on stderr with --progress, the commit last', async () => {
    const file = await writeWorkbook(
      path.join(dir, 'progress.xlsx'),
      villageWorkbookSheets({ persons: 6, firstHousehold: 300, seed: 11 }),
    );
    const r = run('import', file, '--progress');
    expect(r.code, r.err).toBe(0);
    const lines = r.err.trim().split('\n');
    expect(lines[0]).toBe('正在检查文件…');
    expect(lines.some((l) => /^正在导入 劳动力：已读 \d+ 行$/.test(l))).toBe(true);
    expect(lines.slice(-2)).toEqual(['正在提交事务…', '已结束。']);
    expect(run('import', file).err).toBe('');
  });

  it('exits 1 with a Chinese reason when the file itself is refused', () => {
    const fake = path.join(dir, 'fake.xlsx');
    fs.writeFileSync(fake, HOSTILE.notAZip());
    const r = run('import', fake);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/不是有效的 Excel 工作簿/);
    expect(run('import', path.join(dir, 'missing.xlsx')).code).toBe(1);
  });

  it('exports masked by default, full numbers with a reason, and the full file imports back unchanged', () => {
    const masked = run('export', '--ledger', 'labour', '--out', path.join(dir, 'masked.xlsx'));
    expect(masked.code, masked.err).toBe(0);
    expect(masked.out).toMatch(/脱敏.*仅供阅读和打印/s);
    expect(run('export', '--ledger', 'labour', '--unmasked').code).toBe(1);
    const full = run(
      'export',
      '--ledger',
      'labour',
      '--unit',
      '350505100201',
      '--unmasked',
      '--reason',
      '年度核对',
      '--out',
      path.join(dir, 'full.xlsx'),
    );
    expect(full.code, full.err).toBe(0);
    const back = JSON.parse(run('import', path.join(dir, 'full.xlsx'), '--json').out);
    expect(back.total).toMatchObject({ created: 0, updated: 0, rejected: 0 });
    expect(back.total.unchanged).toBeGreaterThan(0);
  });

  it('writes the blank template', () => {
    const r = run('template', '--out', path.join(dir, 'template.xlsx'));
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'template.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });
});
