import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import type { DialectName } from '../src/server/db/connect.ts';
import { findUnits } from '../src/server/repositories/unit.repository.ts';
import { importLedger } from '../src/server/services/import.service.ts';
import { writeDistrictWorkbook } from '../src/server/testing/ledger-files.ts';
import { createBenchDb, log, round } from './setup.ts';

export interface ImportBenchOptions {
  dialect: DialectName;
  persons: number;
  seed: number;
  repeat: number;
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
    await writeDistrictWorkbook(file, { units, persons: o.persons, seed: o.seed });
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
