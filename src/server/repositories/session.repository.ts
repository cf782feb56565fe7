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

/**
 * A session and its account in one read — every signed-in request starts here, so the query is compiled once.
 * `user` is undefined when the account no longer exists.
 */
export async function findSessionWithUser(
  db: Db,
  idHash: string,
): Promise<{ session: SessionRow; user: AppUserRow | undefined } | undefined> {
  const [row] = await runCompiled(
    db,
    'session-with-user',
    (arg) =>
      db
        .selectFrom('session')
        .leftJoin('app_user as u', 'u.id', 'session.user_id')
        .selectAll('session')
        .select([
          'u.id as u_id',
          'u.username as u_username',
          'u.display_name as u_display_name',
          'u.password_hash as u_password_hash',
          'u.role as u_role',
          'u.unit_code as u_unit_code',
          'u.disabled as u_disabled',
          'u.must_change_password as u_must_change_password',
          'u.failed_logins as u_failed_logins',
          'u.locked_until as u_locked_until',
          'u.totp_secret as u_totp_secret',
          'u.totp_enabled as u_totp_enabled',
          'u.totp_last_step as u_totp_last_step',
          'u.recovery_codes as u_recovery_codes',
          'u.password_changed_at as u_password_changed_at',
          'u.last_login_at as u_last_login_at',
          'u.created_at as u_created_at',
          'u.updated_at as u_updated_at',
          'u.version as u_version',
        ])
        .where('session.id_hash', '=', arg(0)),
    [idHash],
  );
  if (!row) return undefined;
  const session: SessionRow = {
    id_hash: row.id_hash,
    user_id: row.user_id,
    csrf_token: row.csrf_token,
    created_at: row.created_at,
    last_seen_at: row.last_seen_at,
    mfa_pending: row.mfa_pending,
    ip: row.ip,
    user_agent: row.user_agent,
  };
  if (row.u_id === null) return { session, user: undefined };
  const user: AppUserRow = {
    id: row.u_id,
    username: row.u_username!,
    display_name: row.u_display_name!,
    password_hash: row.u_password_hash!,
    role: row.u_role,
    unit_code: row.u_unit_code,
    disabled: row.u_disabled!,
    must_change_password: row.u_must_change_password!,
    failed_logins: row.u_failed_logins!,
    locked_until: row.u_locked_until,
    totp_secret: row.u_totp_secret,
    totp_enabled: row.u_totp_enabled!,
    totp_last_step: row.u_totp_last_step,
    recovery_codes: row.u_recovery_codes,
    password_changed_at: row.u_password_changed_at,
    last_login_at: row.u_last_login_at,
    created_at: row.u_created_at!,
    updated_at: row.u_updated_at!,
    version: row.u_version!,
  };
  return { session, user };
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
