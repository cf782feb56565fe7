import type { Kysely, Selectable } from 'kysely';
import type { Database, IdempotencyKeyTable } from '../db/database.ts';

export type IdempotencyRow = Selectable<IdempotencyKeyTable>;

export function findIdempotencyKey(
  db: Kysely<Database>,
  userId: number,
  key: string,
): Promise<IdempotencyRow | undefined> {
  return db
    .selectFrom('idempotency_key')
    .selectAll()
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Claims the key; false when another request holds it already (the primary key decides under races). */
export async function claimIdempotencyKey(
  db: Kysely<Database>,
  row: Omit<IdempotencyRow, 'status' | 'content_type' | 'body'>,
): Promise<boolean> {
  const r = await db
    .insertInto('idempotency_key')
    .values({ ...row, status: 0, content_type: null, body: null })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function completeIdempotencyKey(
  db: Kysely<Database>,
  userId: number,
  key: string,
  status: number,
  contentType: string | null,
  body: string,
): Promise<void> {
  await db
    .updateTable('idempotency_key')
    .set({ status, content_type: contentType, body })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute();
}

export async function releaseIdempotencyKey(
  db: Kysely<Database>,
  userId: number,
  key: string,
): Promise<void> {
  await db
    .deleteFrom('idempotency_key')
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('status', '=', 0)
    .execute();
}

export async function purgeIdempotencyKeys(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom('idempotency_key').where('created_at', '<', before).where('status', '<>', 0).execute();
}
