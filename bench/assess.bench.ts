import { performance } from 'node:perf_hooks';
import type { DialectName } from '../src/server/db/connect.ts';
import { SESSION_COOKIE } from '../src/server/http/plugins/auth.ts';
import { runAssessment } from '../src/server/services/assessment.service.ts';
import { createUser } from '../src/server/services/user.service.ts';
import {
  createBenchDb,
  growToCity,
  log,
  percentile,
  round,
  seedDistrict,
  startBenchApp,
  type BenchDb,
} from './setup.ts';

export interface AssessBenchOptions {
  dialect: DialectName;
  persons: number;
  seed: number;
  year: number;
  /** repetitions of each timed part; the fastest counts (the least disturbed by the machine) */
  repeat: number;
  requests: number;
  /** village-level units: the district's 105 unless more are asked for (Quanzhou city: 2,573) */
  units?: number | undefined;
}

/** The register tables an assessment reads. */
const REGISTER_TABLES = [
  'person',
  'household',
  'employment_spell',
  'unemployment_registration',
  'difficulty_recognition',
  'zero_employment_recognition',
  'service_record',
  'unit_record',
  'vacancy',
] as const;

/** Rows per page of the baseline's read: a city's register does not fit in memory at once. */
const PAGE = 100_000;

/**
 * Baseline: every stored row of the register tables, read once, every column, in pages of 100,000 rows in key
 * order (one pass, memory bounded at any scale).
 */
async function readEverything(b: BenchDb): Promise<number> {
  let rows = 0;
  for (const table of REGISTER_TABLES) {
    let after = 0;
    for (;;) {
      const page = await b.handle.db
        .selectFrom(table)
        .selectAll()
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      rows += page.length;
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
  }
  return rows;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * `assess --all` against reading every stored row once, in the same run and on the same database; and one
 * unit's scorecard over HTTP (inject), p50/p99.
 */
export async function benchAssess(o: AssessBenchOptions): Promise<object[]> {
  const b = await createBenchDb(o.dialect);
  try {
    if (o.units) await growToCity(b, o.units);
    const report = await seedDistrict(b, o);

    const asOf = `${o.year}-12-10`;
    let baselineMs = Infinity;
    let assessAllMs = Infinity;
    let rows = 0;
    let units = 0;
    let passed = 0;
    for (let i = 0; i < o.repeat; i++) {
      const base = await timed(() => readEverything(b));
      const all = await timed(() => runAssessment(b.ctx, { year: o.year, asOf }));
      baselineMs = Math.min(baselineMs, base.ms);
      assessAllMs = Math.min(assessAllMs, all.ms);
      rows = base.value;
      units = all.value.length;
      passed = all.value.filter((r) => r.passed).length;
      log(`  run ${i + 1}: baseline ${round(base.ms)} ms, assess --all ${round(all.ms)} ms`);
    }
    const ratio = assessAllMs / baselineMs;
    const assessResult = {
      name: 'assess-all',
      dialect: o.dialect,
      persons: report.persons,
      assessedUnits: report.units,
      rows,
      units,
      passed,
      baselineMs: round(baselineMs),
      assessAllMs: round(assessAllMs),
      ratio: Math.round(ratio * 100) / 100,
      target: 3,
      ok: ratio <= 3,
    };

    // One unit's scorecard through the whole HTTP stack.
    const app = await startBenchApp(b);
    // The largest unit's own village worker opens its scorecard (the page a village visits most).
    const largest = await b.handle.db
      .selectFrom('person')
      .select((eb) => ['unit_code', eb.fn.countAll<number>().as('n')])
      .groupBy('unit_code')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await createUser(b.ctx, {
      username: 'cunwei',
      displayName: '村协理员',
      password: 'Jiuye@2026',
      role: 'village_staff',
      unitCode: largest.unit_code,
      mustChangePassword: false,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'cunwei', password: 'Jiuye@2026' },
    });
    const cookie = login.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    if (!cookie) throw new Error(`login failed: ${login.body}`);
    const url = `/api/assessments/${largest.unit_code}/${o.year}/scorecard?asOf=${asOf}`;
    const times: number[] = [];
    for (let i = 0; i < o.requests + 3; i++) {
      const t = await timed(() =>
        app.inject({ method: 'GET', url, headers: { cookie: `${SESSION_COOKIE}=${cookie}` } }),
      );
      if (t.value.statusCode !== 200)
        throw new Error(`scorecard answered ${t.value.statusCode}: ${t.value.body.slice(0, 200)}`);
      if (i >= 3) times.push(t.ms); // the first requests warm the JIT and the page cache
    }
    await app.close();
    times.sort((x, y) => x - y);
    const p99 = percentile(times, 99);
    const scorecardResult = {
      name: 'scorecard',
      dialect: o.dialect,
      persons: report.persons,
      unit: largest.unit_code,
      unitPersons: Number(largest.n),
      requests: times.length,
      p50Ms: round(percentile(times, 50)),
      p99Ms: round(p99),
      target: 200,
      ok: p99 <= 200,
    };
    return [assessResult, scorecardResult];
  } finally {
    await b.drop();
  }
}
