import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import type { DialectName } from '../src/server/db/connect.ts';
import { makeIdNumber } from '../src/domain/id-number.ts';
import { LABOUR_COLUMNS } from '../src/domain/ledger-entry.ts';
import { findUnits } from '../src/server/repositories/unit.repository.ts';
import { importLedger } from '../src/server/services/import.service.ts';
import { createBenchDb, log, round } from './setup.ts';

export interface ImportBenchOptions {
  dialect: DialectName;
  persons: number;
  seed: number;
  repeat: number;
}

/** A deterministic PRNG, so the same file is written each run. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const SURNAMES =
  '陈林黄张李王吴刘蔡杨郑许谢洪郭邱曾廖赖徐周叶苏庄吕江何萧罗高潘简朱钟彭游詹胡施沈余卢梁赵颜柯翁魏孙戴';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红海燕玉兰';

/**
 * A whole district's 劳动力 sheet (one row per resident, the columns of LEDGER-FORMAT.md), written with
 * exceljs's streaming writer.
 */
async function writeDistrictWorkbook(
  file: string,
  units: string[],
  persons: number,
  seed: number,
): Promise<void> {
  const rnd = random(seed);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const ws = wb.addWorksheet('劳动力');
  ws.addRow([...LABOUR_COLUMNS]).commit();
  const col = Object.fromEntries(LABOUR_COLUMNS.map((c, i) => [c, i])) as Record<
    (typeof LABOUR_COLUMNS)[number],
    number
  >;
  const seqs = new Map<string, number>();
  for (let i = 0; i < persons; i++) {
    const unit = units[i % units.length]!;
    const row: (string | null)[] = new Array(LABOUR_COLUMNS.length).fill(null);
    const year = 1950 + Math.floor(rnd() * 60);
    const birth = `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const key = birth;
    const seq = (seqs.get(key) ?? 0) + 1;
    seqs.set(key, seq);
    if (seq > 999) continue;
    row[col['村（社区）代码']] = unit;
    row[col['户编号']] = `H${Math.floor(i / 3)}`;
    row[col['姓名']] =
      SURNAMES[Math.floor(rnd() * SURNAMES.length)]! + GIVEN[Math.floor(rnd() * GIVEN.length)]!;
    row[col['身份证号']] = makeIdNumber('350505', birth, seq);
    row[col['联系电话']] = `13${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`;
    row[col['户籍性质']] = rnd() < 0.3 ? '非农业' : '农业';
    const r = rnd();
    if (r < 0.6) {
      row[col['就业形式']] = rnd() < 0.5 ? '单位就业' : '灵活就业';
      row[col['就业日期']] = `20${String(10 + Math.floor(rnd() * 15))}-03-01`;
    } else if (r < 0.62) {
      row[col['失业登记日期']] = '2026-02-10';
    }
    ws.addRow(row).commit();
  }
  ws.commit();
  await wb.commit();
}

/** Baseline: exceljs's streaming reader over the same file, touching every cell value, nothing else. */
async function parseOnly(file: string): Promise<number> {
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  for await (const ws of reader) {
    for await (const row of ws) {
      const values = row.values as unknown[];
      for (let i = 0; i < values.length; i++) void values[i];
      rows++;
    }
  }
  return rows - 1;
}

/**
 * Importing a whole district's ledger against exceljs's bare streaming parse of the same file, in the same
 * run (QUALITY.md: ≤ 1.6×, memory flat). Each import goes into a fresh database.
 */
export async function benchImport(o: ImportBenchOptions): Promise<object[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-bench-import-'));
  const file = path.join(dir, 'district.xlsx');
  try {
    const probe = await createBenchDb(o.dialect);
    const units = (await findUnits(probe.handle.db)).filter((u) => u.level === 3).map((u) => u.code);
    await probe.drop();
    log(`${o.dialect}: writing a ${o.persons}-row 劳动力 workbook…`);
    await writeDistrictWorkbook(file, units, o.persons, o.seed);
    log(`  ${round(fs.statSync(file).size / 1e6)} MB`);

    let parseMs = Infinity;
    let importMs = Infinity;
    let rows = 0;
    let created = 0;
    let peakRssMb = 0;
    for (let i = 0; i < o.repeat; i++) {
      const t0 = performance.now();
      rows = await parseOnly(file);
      parseMs = Math.min(parseMs, performance.now() - t0);

      const b = await createBenchDb(o.dialect);
      try {
        const ctx = {
          ...b.ctx,
          actor: {
            userId: 0,
            username: 'bench',
            displayName: 'bench',
            role: 'district_assessor' as const,
            unitCode: null,
            scopeUnits: 'all' as const,
          },
        };
        const rssBefore = process.memoryUsage().rss;
        let peak = rssBefore;
        const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
        const t1 = performance.now();
        const report = await importLedger(
          ctx,
          { path: file, filename: 'district.xlsx' },
          { partial: false, limits: { maxRows: o.persons + 10, maxFileBytes: 2 ** 31 } },
        );
        const ms = performance.now() - t1;
        clearInterval(timer);
        if (!report.applied)
          throw new Error(`import refused: ${JSON.stringify(report.rejected.slice(0, 3))}`);
        importMs = Math.min(importMs, ms);
        created = report.total.created;
        peakRssMb = Math.max(peakRssMb, (peak - rssBefore) / 1e6);
        log(`  run ${i + 1}: parse ${round(parseMs)} ms, import ${round(ms)} ms (${created} created)`);
      } finally {
        await b.drop();
      }
    }
    const ratio = importMs / parseMs;
    return [
      {
        name: 'import-district',
        dialect: o.dialect,
        rows,
        created,
        parseMs: round(parseMs),
        importMs: round(importMs),
        ratio: Math.round(ratio * 100) / 100,
        target: 1.6,
        rssGrowthMb: round(peakRssMb),
        ok: ratio <= 1.6,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
