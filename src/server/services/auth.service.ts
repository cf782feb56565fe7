import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  isRole,
  permissionsOf,
  requiresMfa,
  ROLE_LABELS,
  scopeLevelOf,
  type Role,
} from '../../domain/access.ts';
import { passwordProblems } from '../../domain/password-policy.ts';
import { toBool, type AppUserRow, type Database } from '../db/database.ts';
import { findSubtreeCodes, findUnitByCode } from '../repositories/unit.repository.ts';
import { findUserById, findUserByUsername, updateUser } from '../repositories/user.repository.ts';
import {
  deleteSession,
  deleteSessionsOfUser,
  findSessionWithUser,
  insertSession,
  touchSession,
} from '../repositories/session.repository.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, isDatabaseBusy, requireActor, type Actor, type ServiceContext } from './context.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 30;
/** The one answer to every failed sign-in: it tells an unknown name from a wrong password from a lock not at all. */
export const LOGIN_FAILED_MESSAGE = '用户名或密码错误，或账户已被锁定或停用';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const MINUTE = 60_000;

export async function resolveScope(
  db: Kysely<Database>,
  role: Role | null,
  unitCode: string | null,
): Promise<Actor['scopeUnits']> {
  switch (scopeLevelOf(role)) {
    case 'district':
      return 'all';
    case 'unit':
      return unitCode ? [unitCode] : [];
    case 'town':
      return unitCode ? findSubtreeCodes(db, unitCode) : [];
    default:
      return [];
  }
}

export async function actorFromUser(
  db: Kysely<Database>,
  user: Pick<AppUserRow, 'id' | 'username' | 'display_name' | 'role' | 'unit_code'>,
): Promise<Actor> {
  const role = isRole(user.role) ? user.role : null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role,
    unitCode: user.unit_code,
    scopeUnits: await resolveScope(db, role, user.unit_code),
  };
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  actor: Actor;
  mustChangePassword: boolean;
  /** the password was right; the session waits for the TOTP code */
  mfaPending: boolean;
  mfaEnrolmentRequired: boolean;
}

/**
 * Signs a user in: checks the password (argon2id), counts failures, locks after five for thirty minutes,
 * and opens a new server-side session (the old one, if any, is dropped: the session id rotates at login).
 */
export async function login(
  ctx: ServiceContext,
  input: {
    username: string;
    password: string;
    ip: string | null;
    userAgent: string | null;
    previousToken?: string | null;
  },
): Promise<LoginResult> {
  const now = ctx.now();
  const user = await findUserByUsername(ctx.db, input.username);
  const fail = async (reason: string): Promise<never> => {
    await ctx.db.transaction().execute(async (trx) => {
      if (user && reason === 'wrong_password') {
        const failures = user.failed_logins + 1;
        await updateUser(trx, user.id, {
          failed_logins: failures,
          locked_until:
            failures >= MAX_FAILED_LOGINS
              ? new Date(now.getTime() + LOCK_MINUTES * MINUTE).toISOString()
              : user.locked_until,
          updated_at: now.toISOString(),
        });
      }
      await recordAudit(trx, ctx, {
        action: 'auth.login',
        objectType: 'user',
        objectId: user?.id ?? null,
        result: 'failed',
        actorName: input.username.slice(0, 64),
        detail: { reason, ip: input.ip },
      });
    });
    throw new AppError('UNAUTHENTICATED', LOGIN_FAILED_MESSAGE);
  };

  if (!user) {
    await verifyAgainstDummy(input.password);
    return fail('unknown_user');
  }
  const locked = user.locked_until !== null && user.locked_until > now.toISOString();
  const passwordOk = await verifyPassword(user.password_hash, input.password);
  if (toBool(user.disabled)) return fail('disabled');
  if (locked) return fail('locked');
  if (!passwordOk) return fail('wrong_password');

  const actor = await actorFromUser(ctx.db, user);
  const mfaPending = toBool(user.totp_enabled);
  const opened = await ctx.db.transaction().execute(async (trx) => {
    if (input.previousToken) await deleteSession(trx, hashToken(input.previousToken));
    const session = await openSession(trx, user.id, now, {
      ip: input.ip,
      userAgent: input.userAgent,
      mfaPending,
    });
    // A password alone does not end the failure count of an account with a second factor.
    if (!mfaPending)
      await updateUser(trx, user.id, {
        failed_logins: 0,
        locked_until: null,
        last_login_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
    await recordAudit(
      trx,
      { ...ctx, actor },
      {
        action: mfaPending ? 'auth.login.password' : 'auth.login',
        objectType: 'user',
        objectId: user.id,
        detail: { ip: input.ip },
      },
    );
    return session;
  });
  return {
    ...opened,
    actor,
    mustChangePassword: toBool(user.must_change_password),
    mfaPending,
    mfaEnrolmentRequired: requiresMfa(actor.role) && !mfaPending,
  };
}

/** A new server-side session; the cookie holds the token, the table only its hash. */
async function openSession(
  trx: Kysely<Database> | Transaction<Database>,
  userId: number,
  now: Date,
  opts: { ip: string | null; userAgent: string | null; mfaPending: boolean },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await insertSession(trx, {
    id_hash: hashToken(token),
    user_id: userId,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    mfa_pending: opts.mfaPending ? 1 : 0,
    ip: opts.ip,
    user_agent: opts.userAgent?.slice(0, 200) ?? null,
  });
  return { token, csrfToken };
}

export interface ActiveSession {
  actor: Actor;
  csrfToken: string;
  mustChangePassword: boolean;
  mfaPending: boolean;
  mfaEnrolmentRequired: boolean;
  mfaEnabled: boolean;
  idHash: string;
}

/** The session behind a cookie, or null when unknown, idle for too long, past its absolute limit or disabled. */
export async function resumeSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<ActiveSession | null> {
  const idHash = hashToken(token);
  const found = await findSessionWithUser(db, idHash);
  if (!found) return null;
  const { session, user } = found;
  const idleLimit = new Date(now.getTime() - policy.idleMinutes * MINUTE).toISOString();
  const absoluteLimit = new Date(now.getTime() - policy.absoluteHours * 60 * MINUTE).toISOString();
  if (session.last_seen_at < idleLimit || session.created_at < absoluteLimit) {
    await deleteSession(db, idHash);
    return null;
  }
  if (!user || toBool(user.disabled)) {
    await deleteSession(db, idHash);
    return null;
  }
  // Write the idle clock at most once a minute: a busy page does not turn every read into a write. While
  // another process holds SQLite's write lock the clock waits for the next request: a read never fails on it.
  if (now.getTime() - Date.parse(session.last_seen_at) > MINUTE)
    await touchSession(db, idHash, now.toISOString()).catch((e: unknown) => {
      if (!isDatabaseBusy(e)) throw e;
    });
  const actor = await actorFromUser(db, user);
  return {
    actor,
    csrfToken: session.csrf_token,
    mustChangePassword: toBool(user.must_change_password),
    mfaPending: toBool(session.mfa_pending),
    mfaEnrolmentRequired: requiresMfa(actor.role) && !toBool(user.totp_enabled),
    mfaEnabled: toBool(user.totp_enabled),
    idHash,
  };
}

export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSession(trx, hashToken(token));
    if (ctx.actor)
      await recordAudit(trx, ctx, { action: 'auth.logout', objectType: 'user', objectId: ctx.actor.userId });
  });
}

/** Changes one's own password; other sessions of the same account are signed out. */
export async function changeOwnPassword(
  ctx: ServiceContext,
  input: { currentPassword: string; newPassword: string; sessionToken: string },
): Promise<void> {
  const actor = requireActor(ctx);
  const user = await findUserById(ctx.db, actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('VALIDATION', '当前密码不正确', [
      { path: 'currentPassword', message: '当前密码不正确' },
    ]);
  }
  const problems = passwordProblems(input.newPassword, user.username);
  if (input.newPassword === input.currentPassword) problems.push('新密码不能与当前密码相同');
  if (problems.length) {
    throw new AppError(
      'VALIDATION',
      problems.join('；'),
      problems.map((m) => ({ path: 'newPassword', message: m })),
    );
  }
  const hashed = await hashPassword(input.newPassword);
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, {
      password_hash: hashed,
      must_change_password: 0,
      password_changed_at: now,
      updated_at: now,
    });
    await deleteSessionsOfUser(trx, user.id, hashToken(input.sessionToken));
    await recordAudit(trx, ctx, { action: 'auth.password.change', objectType: 'user', objectId: user.id });
  });
}

/** The signed-in user as the web app needs them: identity, role, unit, permissions, session stage. */
export async function describeSession(
  ctx: ServiceContext,
  session: {
    csrfToken: string;
    mustChangePassword: boolean;
    mfaPending: boolean;
    mfaEnrolmentRequired: boolean;
  },
) {
  const actor = requireActor(ctx);
  const unit = actor.unitCode ? await findUnitByCode(ctx.db, actor.unitCode) : undefined;
  return {
    user: {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      roleLabel: actor.role ? ROLE_LABELS[actor.role] : null,
      unitCode: actor.unitCode,
      unitName: unit?.name ?? null,
    },
    permissions: permissionsOf(actor.role),
    csrfToken: session.csrfToken,
    mustChangePassword: session.mustChangePassword,
    mfaPending: session.mfaPending,
    mfaEnrolmentRequired: session.mfaEnrolmentRequired,
  };
}

/** Replaces a session with a fresh, fully signed-in one (new id, new CSRF token). */
export async function rotateSession(
  trx: Transaction<Database>,
  oldToken: string,
  userId: number,
  now: Date,
  opts: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string }> {
  await deleteSession(trx, hashToken(oldToken));
  return openSession(trx, userId, now, { ...opts, mfaPending: false });
}
