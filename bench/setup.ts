import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPostgres, openSqlite, type DbHandle, type DialectName } from '../src/server/db/connect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { buildApp, type JiuyeApp } from '../src/server/http/app.ts';
import { createPiiCipher } from '../src/server/security/pii-cipher.ts';
import type { ServiceContext } from '../src/server/services/context.ts';
import { generateSyntheticDistrict, type SyntheticReport } from '../src/server/services/synthetic.service.ts';
import { ensureDistrictUnits, loadUnits } from '../src/server/services/unit.service.ts';

/** A throw-away, migrated database with the district's units: a temp SQLite file or a new PostgreSQL database. */
export interface BenchDb {
  handle: DbHandle;
  /** the file or URL another process (`bin/jiuye serve`) opens */
  url: string;
  ctx: ServiceContext;
  drop(): Promise<void>;
}

/** A fixed key: benchmark data is synthetic. */
export const BENCH_PII = createPiiCipher(Buffer.alloc(32, 9));

export function pgAdminUrl(): string | null {
  const v = process.env.JIUYE_BENCH_PG;
  if (!v) return null;
  return /^postgres(ql)?:\/\//.test(v) ? v : 'postgres://postgres@127.0.0.1:5432/postgres';
}

export async function createBenchDb(dialect: DialectName): Promise<BenchDb> {
  let handle: DbHandle;
  let location: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-bench-'));
    location = path.join(dir, 'bench.db');
    handle = openSqlite(location);
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = pgAdminUrl();
    if (!admin) throw new Error('JIUYE_BENCH_PG is not set');
    const name = `jiuye_bench_${process.pid}`;
    const run = async (sql: string) => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await run(`CREATE DATABASE "${name}"`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    location = url.toString();
    handle = openPostgres(location);
    cleanup = () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
  const ctx: ServiceContext = {
    db: handle.db,
    dialect,
    actor: null,
    requestId: null,
    now: () => new Date(),
    pii: BENCH_PII,
  };
  await migrateToLatest(handle.db);
  await ensureDistrictUnits(ctx);
  return {
    handle,
    url: location,
    ctx,
    async drop() {
      await handle.close();
      await cleanup();
    },
  };
}

/** Quanzhou's county-level divisions besides Quangang (350505), which the city-scale units are spread over. */
const QUANZHOU_COUNTIES: readonly [string, string][] = [
  ['350502', '鲤城区'],
  ['350503', '丰泽区'],
  ['350504', '洛江区'],
  ['350521', '惠安县'],
  ['350524', '安溪县'],
  ['350525', '永春县'],
  ['350526', '德化县'],
  ['350581', '石狮市'],
  ['350582', '晋江市'],
  ['350583', '南安市'],
];
/** Village-level units per synthetic town (Quangang averages 15). */
const UNITS_PER_TOWN = 16;

/**
 * A division CSV (the columns of the bundled file) that brings the database, which holds Quangang's 105
 * village-level units, to `total` of them: the rest spread evenly over Quanzhou's other counties, in towns of
 * 16, one in five a community (Quanzhou city has 2,573 units). Synthetic names; the codes follow GB/T 2260
 * (county 6 digits, town 9, village 12), towns numbered from 100 and units from 201 / 001 as in the real file.
 */
export function cityUnitsCsv(total: number, existing: number): string {
  const lines = ['level,code,name,parent_code'];
  const extra = Math.max(0, total - existing);
  QUANZHOU_COUNTIES.forEach(([county, countyName], c) => {
    const inCounty =
      Math.floor(extra / QUANZHOU_COUNTIES.length) + (c < extra % QUANZHOU_COUNTIES.length ? 1 : 0);
    if (inCounty === 0) return;
    lines.push(`county,${county},"${countyName}",3505`);
    for (let t = 0; t * UNITS_PER_TOWN < inCounty; t++) {
      const town = `${county}${String(100 + t).padStart(3, '0')}`;
      lines.push(`town,${town},"${countyName}第${t + 1}镇",${county}`);
      for (let i = 0; i < UNITS_PER_TOWN && t * UNITS_PER_TOWN + i < inCounty; i++) {
        const community = i % 5 === 0;
        const code = `${town}${String(community ? 1 + i : 201 + i).padStart(3, '0')}`;
        lines.push(
          `village,${code},"${countyName}第${t + 1}镇第${i + 1}${community ? '社区居委会' : '村委会'}",${town}`,
        );
      }
    }
  });
  return `${lines.join('\n')}\n`;
}

/** Loads {@link cityUnitsCsv}: the district's units become a city's. */
export async function growToCity(b: BenchDb, units: number): Promise<void> {
  const existing = await b.handle.db
    .selectFrom('unit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('level', '=', 3)
    .executeTakeFirstOrThrow();
  const report = await loadUnits(b.ctx, cityUnitsCsv(units, Number(existing.n)));
  if (report.errors.length) throw new Error(`units: ${JSON.stringify(report.errors.slice(0, 3))}`);
  log(`  ${report.created} counties, towns and units added`);
}

/** Fills the bench database with the synthetic district (`generateSyntheticDistrict`), logging progress. */
export async function seedDistrict(
  b: BenchDb,
  o: { dialect: DialectName; persons: number; seed: number; year: number },
): Promise<SyntheticReport> {
  log(`${o.dialect}: generating ${o.persons} persons (seed ${o.seed}, year ${o.year})…`);
  const t0 = performance.now();
  const report = await generateSyntheticDistrict(b.ctx, {
    persons: o.persons,
    seed: o.seed,
    year: o.year,
    onProgress: (p) => {
      if (p.unitsDone % 15 === 0 || p.unitsDone === p.unitsTotal)
        log(`  ${p.unitsDone}/${p.unitsTotal} units, ${p.persons} persons`);
    },
  });
  log(`generated in ${round((performance.now() - t0) / 1000)} s: ${JSON.stringify(report)}`);
  return report;
}

/** The whole HTTP application on the bench database, ready (rate limits off: the bench hammers on purpose). */
export async function startBenchApp(b: BenchDb): Promise<JiuyeApp> {
  const app = await buildApp({
    handle: b.handle,
    pii: b.ctx.pii,
    rateLimits: false,
    config: {
      secureCookies: false,
      trustProxy: false,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      webDir: '/nonexistent',
      logLevel: 'silent',
    },
  });
  await app.ready();
  return app;
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (ms: number) => Math.round(ms * 10) / 10;
