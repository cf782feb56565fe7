import type { AnyDb } from './helpers.ts';

/**
 * 登记版本: each village-level unit's register revision, raised by one in the transaction of every write to
 * that unit's register (the same writes that stamp its results stale). What is computed from a unit's
 * register (its work queue) is kept per revision and computed again only once the revision has moved, by any
 * server instance. A unit without a row is at revision 0.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('register_revision')
    .addColumn('unit_code', 'text', (c) => c.primaryKey().references('unit.code'))
    .addColumn('rev', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('register_revision').execute();
}
