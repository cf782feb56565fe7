import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPostgres, openSqlite, type DbHandle, type DialectName } from '../src/server/db/connect.ts';
import {
  censusOfPostgres,
  censusOfSqlite,
  postgresConsistency,
  type Census,
} from '../src/server/db/backup.ts';
import { findUnits } from '../src/server/repositories/unit.repository.ts';
import { verifyAuditChain } from '../src/server/services/audit.service.ts';
import { importLedger } from '../src/server/services/import.service.ts';
import { TEST_KEY_HEX, testContext } from '../src/server/testing/context.ts';
import {
  actorFor,
  seededRandom,
  tempDir,
  villageWorkbookSheets,
  writeDistrictWorkbook,
  writeWorkbook,
} from '../src/server/testing/ledger-files.ts';
import { dbUrlWithName } from '../src/server/testing/pg-url.ts';
import { createTestDb, DIALECTS } from '../src/server/testing/test-db.ts';

/**
 * No partial import (QUALITY.md, reliability): `bin/jiuye import` of a 100,000-row 劳动力 workbook is killed
 * with SIGKILL at 20 seeded random moments spread over the whole import: while the file is read and rows
 * are written (12 kills), while the flags are refreshed and the audit record written (4), and around the
 * COMMIT itself (4). After each kill the database must pass its integrity
 * checks and hold either the whole file or none of it: every table exactly as before (row counts and content
 * hashes), or every table's count exactly as after a complete import, and the audit chain intact.
 */

const ROWS = 100_000;
const KILLS = 20;
const BIN = path.resolve('bin/jiuye');
const dir = tempDir();
const workbook = path.join(dir, 'district-100k.xlsx');

/** The progress lines of `bin/jiuye import --progress`, in order. */
const PHASES = [
  ['checking', '正在检查文件'],
  ['reading', '正在导入'],
  // still inside the transaction: the register's flags, then the audit record
  ['finishing', '正在更新人员标记'],
  // COMMIT
  ['commit', '正在提交事务'],
  // committed; the process prints its report and exits
  ['finished', '已结束'],
] as const;
type Phase = (typeof PHASES)[number][0] | 'starting';

interface ImportChild {
  child: ChildProcess;
  /** ms (performance.now) at which each phase's first line arrived */
  marks: Map<Phase, number>;
  /** the latest phase reported */
  phase(): Phase;
  /** true once `phase` has been reported; false if the process ended first */
  reached(phase: Phase): Promise<boolean>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  /** stdout and stderr, for a failure message */
  output(): string;
}

function startImport(dbUrl: string): ImportChild {
  const child = spawn(process.execPath, [BIN, 'import', '--db', dbUrl, workbook, '--json', '--progress'], {
    env: { ...process.env, JIUYE_DATA_KEY: TEST_KEY_HEX, JIUYE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const marks = new Map<Phase, number>([['starting', performance.now()]]);
  const listeners: (() => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const [phase, text] of PHASES)
      if (!marks.has(phase) && err.includes(text)) marks.set(phase, performance.now());
    for (const l of listeners) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    marks,
    phase: () => [...marks.keys()].at(-1)!,
    reached: (phase) =>
      new Promise((resolve) => {
        if (marks.has(phase)) return resolve(true);
        listeners.push(() => marks.has(phase) && resolve(true));
        void exited.then(() => resolve(marks.has(phase)));
      }),
    exited,
    stdout: () => out,
    output: () => `${out}\n${err}`,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a database holds after a run, read by a fresh connection as the next process would. */
interface Inspection {
  /** integrity problems found by the engine's own checks (empty: none) */
  problems: string[];
  counts: Record<string, number>;
  /** every table's count and hash, taken when `wantCensus(counts)` said so */
  census: Census | null;
  auditOk: boolean;
  /** completed imports on the audit trail */
  imports: number;
}

interface Engine {
  /** where the CLI imports into */
  url: string;
  /** the run database back to the starting state */
  reset(): Promise<void>;
  /** waits until no connection of a killed process is left on the run database */
  settle(): Promise<void>;
  inspect(wantCensus: (counts: Record<string, number>) => boolean): Promise<Inspection>;
  dispose(): Promise<void>;
}

async function auditOf(handle: DbHandle) {
  const chain = await verifyAuditChain(handle.db);
  const imports = await handle.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'ledger.import')
    .where('result', '=', 'ok')
    .executeTakeFirstOrThrow();
  return { auditOk: chain.ok, imports: Number(imports.n) };
}

/** The starting state: the district's units plus one village's workbook imported earlier. */
async function seedStart(dialect: DialectName) {
  const t = await createTestDb(dialect);
  const file = await writeWorkbook(path.join(dir, `village-${dialect}.xlsx`), villageWorkbookSheets());
  const report = await importLedger(
    testContext(t, { actor: actorFor('district') }),
    { path: file, filename: 'village.xlsx' },
    { partial: false },
  );
  expect(report.applied).toBe(true);
  return t;
}

async function sqliteEngine(): Promise<Engine> {
  const t = await seedStart('sqlite');
  const start = path.join(dir, 'start.db');
  t.sqlite!.prepare('vacuum into ?').run(start);
  await t.destroy();
  const url = path.join(dir, 'run.db');
  const remove = () => {
    for (const f of [url, `${url}-wal`, `${url}-shm`]) fs.rmSync(f, { force: true });
  };
  return {
    url,
    async reset() {
      remove();
      fs.copyFileSync(start, url);
    },
    async settle() {},
    async inspect(wantCensus) {
      // opening runs SQLite's recovery: frames of a transaction that never committed are ignored
      const handle = openSqlite(url);
      try {
        const raw = handle.sqlite!;
        const problems = (raw.prepare('pragma integrity_check').pluck().all() as string[]).filter(
          (r) => r !== 'ok',
        );
        for (const f of raw.prepare('pragma foreign_key_check').all() as { table: string; parent: string }[])
          problems.push(`foreign key: ${f.table} → ${f.parent}`);
        const tables = raw
          .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
          .pluck()
          .all() as string[];
        const counts = Object.fromEntries(
          tables.map((name) => [name, raw.prepare(`select count(*) from "${name}"`).pluck().get() as number]),
        );
        const census = wantCensus(counts) ? censusOfSqlite(raw) : null;
        return { problems, counts, census, ...(await auditOf(handle)) };
      } finally {
        await handle.close();
      }
    },
    async dispose() {
      remove();
    },
  };
}

async function postgresEngine(): Promise<Engine> {
  const admin = inject('testDb').pgAdminUrl!;
  const t = await seedStart('postgres');
  const start = new URL(t.url).pathname.slice(1);
  // a template database takes no connections
  await t.close();
  const name = `${start}_run`;
  const url = dbUrlWithName(admin, name);
  const adminQuery = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      return (await c.query<R>(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  return {
    url,
    async reset() {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${start}"`);
    },
    async settle() {
      // the server ends a dead client's transaction (or finishes its COMMIT) on its own time
      for (let i = 0; i < 600; i++) {
        const [r] = await adminQuery<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (r!.n === 0) return;
        await sleep(100);
      }
      throw new Error('a killed import still holds a PostgreSQL connection after 60 s');
    },
    async inspect(wantCensus) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const handle = openPostgres(url, 1);
      try {
        const problems = await postgresConsistency(client);
        await client.query('begin isolation level repeatable read read only');
        const tables = (
          await client.query<{ t: string }>(
            `select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
          )
        ).rows.map((r) => r.t);
        const counts: Record<string, number> = {};
        for (const table of tables)
          counts[table] = (
            await client.query<{ n: number }>(`select count(*)::int as n from "${table}"`)
          ).rows[0]!.n;
        const census = wantCensus(counts) ? await censusOfPostgres(client) : null;
        await client.query('commit');
        return { problems, counts, census, ...(await auditOf(handle)) };
      } finally {
        await client.end();
        await handle.close();
      }
    },
    async dispose() {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await adminQuery(`DROP DATABASE IF EXISTS "${start}" WITH (FORCE)`);
    },
  };
}

let workbookReady: Promise<void> | null = null;
async function ensureWorkbook(): Promise<void> {
  workbookReady ??= (async () => {
    const t = await createTestDb('sqlite');
    const units = (await findUnits(t.db)).filter((u) => u.level === 3).map((u) => u.code);
    await t.destroy();
    // another 地址码 than the starting state's persons, so every row of the file is a new person
    const written = await writeDistrictWorkbook(workbook, { units, persons: ROWS, seed: 7, area: '350521' });
    expect(written).toBe(ROWS);
  })();
  return workbookReady;
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(DIALECTS)('a %s import killed with SIGKILL', (dialect) => {
  let engine: Engine;

  beforeAll(async () => {
    await ensureWorkbook();
    engine = dialect === 'sqlite' ? await sqliteEngine() : await postgresEngine();
  }, 300_000);

  afterAll(async () => {
    await engine?.dispose();
  });

  it(`leaves all ${ROWS} rows or none of them, and a sound database, after each of ${KILLS} kills`, async () => {
    await engine.reset();
    const start = await engine.inspect(() => true);
    expect(start.problems).toEqual([]);
    expect(start.auditOk).toBe(true);
    expect(start.imports).toBe(1);

    // A complete import: what "all" looks like, and how long each phase takes on this machine now.
    const full = startImport(engine.url);
    const done = await full.exited;
    expect(done, full.output()).toEqual({ code: 0, signal: null });
    const report = JSON.parse(full.stdout());
    expect(report.total).toMatchObject({ created: ROWS, rejected: 0 });
    // how long each stage took in a complete run on this machine now
    const at = (phase: Phase) => full.marks.get(phase)!;
    const windows = [
      { from: 'checking', ms: at('finishing') - at('checking') },
      { from: 'finishing', ms: at('commit') - at('finishing') },
      // a little past the COMMIT too: a kill after it must find the whole file
      { from: 'commit', ms: 1.5 * (at('finished') - at('commit')) + 5 },
    ] as const;
    await engine.settle();
    const after = await engine.inspect(() => false);
    expect(after.problems).toEqual([]);
    expect(after.auditOk).toBe(true);
    expect(after.imports).toBe(start.imports + 1);
    expect(after.counts.person).toBe(start.counts.person! + ROWS);

    const rnd = seededRandom(dialect === 'sqlite' ? 20161 : 20162);
    const outcomes: { phase: Phase; holds: 'none' | 'all' }[] = [];
    let attempts = 0;
    while (outcomes.length < KILLS) {
      expect(attempts++, 'imports kept finishing before their kill').toBeLessThan(KILLS * 2);
      await engine.reset();
      const run = startImport(engine.url);
      // of every five kills: three while reading, one while finishing, one around the COMMIT
      const { from, ms } = windows[[0, 0, 0, 1, 2][outcomes.length % 5]!]!;
      const delay = rnd() * ms;
      let phase: Phase | 'exited' = 'exited';
      if (await run.reached(from)) {
        await sleep(delay);
        if (run.child.exitCode === null) {
          phase = run.phase();
          run.child.kill('SIGKILL');
        }
      }
      const exit = await run.exited;
      await engine.settle();
      const killed = exit.signal === 'SIGKILL';
      if (!killed) expect(exit, run.output()).toEqual({ code: 0, signal: null });

      const state = await engine.inspect((counts) => counts.person === start.counts.person);
      expect(state.problems, `after a kill while ${phase}`).toEqual([]);
      expect(state.auditOk, `audit chain after a kill while ${phase}`).toBe(true);
      if (state.census) {
        // nothing of the file: every table exactly as before, to the byte
        expect(state.census, `after a kill while ${phase}`).toEqual(start.census);
        expect(killed, 'an import that ran to its end left nothing').toBe(true);
      } else {
        // the whole file: every table as after the complete import, one import on the audit trail
        expect(state.counts, `after a kill while ${phase}`).toEqual(after.counts);
        expect(state.imports).toBe(start.imports + 1);
      }
      if (killed) outcomes.push({ phase: phase as Phase, holds: state.census ? 'none' : 'all' });
    }

    const tally = (key: 'phase' | 'holds') =>
      Object.fromEntries(
        [...new Set(outcomes.map((o) => o[key]))].map((v) => [
          v,
          outcomes.filter((o) => o[key] === v).length,
        ]),
      );
    console.log(
      `[${dialect}] stages ${windows.map((w) => `${w.from} ${Math.round(w.ms)} ms`).join(', ')}; ${KILLS} kills by phase ${JSON.stringify(tally('phase'))}, database held ${JSON.stringify(tally('holds'))}`,
    );
    // the kills covered the reading of the file, the work before COMMIT and the COMMIT itself
    expect(outcomes.some((o) => o.phase === 'reading')).toBe(true);
    expect(outcomes.some((o) => o.phase === 'finishing')).toBe(true);
    expect(outcomes.some((o) => o.phase === 'commit' || o.phase === 'finished')).toBe(true);
  }, 1_500_000);
});
