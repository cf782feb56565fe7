import type { AnyDb } from './helpers.ts';

/**
 * 看板的预计算结果跟随登记: a write to a unit's register (persons, histories, services, unit-level work)
 * stamps that unit's live `unit_result` rows `stale_since` in its own transaction; the next dashboard or list
 * that reads the year recomputes just those units. A recomputation clears the stamp only when it began after
 * the write (a computation that read the register before the write leaves it). Frozen snapshots are never
 * stamped.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('unit_result').addColumn('stale_since', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('unit_result').dropColumn('stale_since').execute();
}
