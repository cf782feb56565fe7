import type { Kysely, Transaction } from 'kysely';
import { runCompiled } from '../db/compiled.ts';
import type { AppUserRow, Database, SessionRow } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertSession(db: Db, session: SessionRow): Promise<void> {
  await db.insertInto('session').values(session).execute();
}

export function findSession(db: Db, idHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('session').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

/** What a request needs of its session and account: the fewer columns, the cheaper the one read. */
export type ResumedSession = Pick<
  SessionRow,
  'user_id' | 'csrf_token' | 'created_at' | 'last_seen_at' | 'mfa_pending'
>;
export type ResumedUser = Pick<
  AppUserRow,
  | 'id'
  | 'username'
  | 'display_name'
  | 'role'
  | 'unit_code'
  | 'disabled'
  | 'must_change_password'
  | 'totp_enabled'
>;

/**
 * A session and its account in one read — every signed-in request starts here, so the query is compiled once
 * and reads only what a request checks. `user` is undefined when the account no longer exists.
 */
export async function findSessionWithUser(
  db: Db,
  idHash: string,
): Promise<{ session: ResumedSession; user: ResumedUser | undefined } | undefined> {
  const [row] = await runCompiled(
    db,
    'session-with-user',
    (arg) =>
      db
        .selectFrom('session')
        .leftJoin('app_user as u', 'u.id', 'session.user_id')
        .select([
          'session.user_id',
          'session.csrf_token',
          'session.created_at',
          'session.last_seen_at',
          'session.mfa_pending',
          'u.id as u_id',
          'u.username as u_username',
          'u.display_name as u_display_name',
          'u.role as u_role',
          'u.unit_code as u_unit_code',
          'u.disabled as u_disabled',
          'u.must_change_password as u_must_change_password',
          'u.totp_enabled as u_totp_enabled',
        ])
        .where('session.id_hash', '=', arg(0)),
    [idHash],
  );
  if (!row) return undefined;
  const session: ResumedSession = {
    user_id: row.user_id,
    csrf_token: row.csrf_token,
    created_at: row.created_at,
    last_seen_at: row.last_seen_at,
    mfa_pending: row.mfa_pending,
  };
  if (row.u_id === null) return { session, user: undefined };
  return {
    session,
    user: {
      id: row.u_id,
      username: row.u_username!,
      display_name: row.u_display_name!,
      role: row.u_role,
      unit_code: row.u_unit_code,
      disabled: row.u_disabled!,
      must_change_password: row.u_must_change_password!,
      totp_enabled: row.u_totp_enabled!,
    },
  };
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
