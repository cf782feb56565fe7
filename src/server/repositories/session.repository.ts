import type { Kysely, Transaction } from 'kysely';
import type { Database, SessionRow } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertSession(db: Db, session: SessionRow): Promise<void> {
  await db.insertInto('session').values(session).execute();
}

export function findSession(db: Db, idHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('session').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string, at: string): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('session').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number, exceptIdHash?: string): Promise<void> {
  await db
    .deleteFrom('session')
    .where('user_id', '=', userId)
    .$if(exceptIdHash !== undefined, (q) => q.where('id_hash', '!=', exceptIdHash!))
    .execute();
}

export async function deleteSessionsSeenBefore(db: Db, before: string): Promise<number> {
  const res = await db.deleteFrom('session').where('last_seen_at', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}
