import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Bound parameters per statement, below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

function batchSize(row: object | undefined): number {
  return Math.max(1, Math.floor(MAX_PARAMS / Math.max(1, Object.keys(row ?? {}).length)));
}

/** Inserts rows into `table` in as few statements as the engines' parameter limits allow. */
export async function insertMany<T extends keyof Database & string>(
  db: Db,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  const size = batchSize(rows[0] as object | undefined);
  for (let i = 0; i < rows.length; i += size) {
    // Kysely cannot relate a generic table name to its row type; the signature above keeps callers typed.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

/** Inserts households and returns their ids by number (unique within a unit). */
export async function insertHouseholdsReturningIds(
  db: Db,
  rows: readonly Insertable<Database['household']>[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const size = batchSize(rows[0]);
  for (let i = 0; i < rows.length; i += size) {
    const out = await db
      .insertInto('household')
      .values(rows.slice(i, i + size))
      .returning(['id', 'unit_code', 'number'])
      .execute();
    for (const h of out) ids.set(`${h.unit_code}|${h.number}`, h.id);
  }
  return ids;
}

/** Inserts persons and returns their ids by blind index (unique). */
export async function insertPersonsReturningIds(
  db: Db,
  rows: readonly Insertable<Database['person']>[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const size = batchSize(rows[0]);
  for (let i = 0; i < rows.length; i += size) {
    const out = await db
      .insertInto('person')
      .values(rows.slice(i, i + size))
      .returning(['id', 'id_hmac'])
      .execute();
    for (const p of out) ids.set(p.id_hmac, p.id);
  }
  return ids;
}
