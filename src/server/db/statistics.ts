import { sql, type Kysely } from 'kysely';
import { isPostgres } from './connect.ts';
import type { Database } from './database.ts';

/** Rows written by one load from which the planner's statistics are refreshed at once. */
export const BULK_LOAD_ROWS = 10_000;

/**
 * After a bulk load (a district generated, a large workbook imported): brings PostgreSQL's planner statistics
 * up to date now rather than at autovacuum's next pass. Planned without them, a fresh register looks empty: a
 * town's pinyin search read every person of the town through a bitmap of the unit index (5 ms) instead of the
 * key index's range (0.15 ms). SQLite's queries are written to need none (register.repository.ts).
 */
export async function refreshPlannerStatistics(db: Kysely<Database>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`analyze`.execute(db);
}

/**
 * In a bulk write's transaction on PostgreSQL: plans each statement for its values again, as PostgreSQL does by
 * default (connections here plan generically, connect.ts). A district import's lookups of hundreds of hashes
 * at a time ran half as fast again with generic plans (30,000 rows: 12.5 s against 8.5 s).
 */
export async function planForValues(trx: Kysely<Database>): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`set local plan_cache_mode = auto`.execute(trx);
}
