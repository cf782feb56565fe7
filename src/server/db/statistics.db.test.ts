import { sql, type KyselyPlugin, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGERS } from '../../domain/ledgers.ts';
import { findPersonPage } from '../repositories/register.repository.ts';
import { ensureFlagsFresh } from '../services/flags.service.ts';
import { generateSyntheticDistrict } from '../services/synthetic.service.ts';
import { testContext } from '../testing/context.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import { BULK_LOAD_ROWS } from './statistics.ts';

/** Records the SQL of every query the database is asked to run. */
class SqlRecorder implements KyselyPlugin {
  readonly queries: CompiledQuery[] = [];
  constructor(private readonly compile: (node: never, id: never) => CompiledQuery) {}
  transformQuery(args: Parameters<KyselyPlugin['transformQuery']>[0]) {
    this.queries.push(this.compile(args.node as never, args.queryId as never));
    return args.node;
  }
  async transformResult(args: Parameters<KyselyPlugin['transformResult']>[0]) {
    return args.result;
  }
}

describe.each(DIALECTS)('a register just loaded in bulk, on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await generateSyntheticDistrict(testContext(t), { persons: BULK_LOAD_ROWS, seed: 5, year: 2016 });
  });
  afterAll(() => t.destroy());

  it("answers a town's pinyin search from the pinyin key index, not by reading the whole town", async () => {
    const town = '350505100000';
    const units = (
      await t.db.selectFrom('unit').select('code').where('parent_code', '=', town).execute()
    ).map((u) => u.code);
    // a ledger page brings the flags up to date first, as the app does
    await ensureFlagsFresh(t.db, units, '2016-12-31');
    const executor = t.db.getExecutor();
    const recorder = new SqlRecorder((node, id) => executor.compileQuery(node, id));
    const page = await findPersonPage(t.db.withPlugin(recorder), {
      units,
      allFlags: LEDGERS.labour.flag,
      pinyin: 'w',
      limit: 21,
    });
    expect(page.length).toBe(21);
    expect(page.every((p) => units.includes(p.unit_code))).toBe(true);
    const search = recorder.queries.at(-1)!;
    const explain = dialect === 'postgres' ? 'explain (format json) ' : 'explain query plan ';
    const plan = JSON.stringify(
      (await t.db.executeQuery({ ...search, sql: `${explain}${search.sql}` } as CompiledQuery)).rows,
    );
    expect(plan).toContain('person_pinyin_key_idx');
    expect(plan).not.toContain('person_unit_idx');
  });

  it('has planner statistics on PostgreSQL at once, and none on SQLite, whose queries are written to need none', async () => {
    if (dialect === 'postgres') {
      const { rows } = await sql<{
        last_analyze: Date | null;
      }>`select last_analyze from pg_stat_user_tables where relname = 'person'`.execute(t.db);
      expect(rows[0]!.last_analyze).not.toBeNull();
      // and every statement is planned once for any parameters (connect.ts)
      const mode = await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(t.db);
      expect(mode.rows[0]!.plan_cache_mode).toBe('force_generic_plan');
    } else {
      const { rows } = await sql<{
        n: number;
      }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(t.db);
      expect(Number(rows[0]!.n)).toBe(0);
    }
  });
});
