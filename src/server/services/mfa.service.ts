import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { requiresMfa } from '../../domain/access.ts';
import { toBool } from '../db/database.ts';
import { deleteSession } from '../repositories/session.repository.ts';
import { findUserById, updateUser } from '../repositories/user.repository.ts';
import { matchTotp, newTotpSecret, otpauthUrl } from '../security/totp.ts';
import { recordAudit } from './audit.service.ts';
import { LOCK_MINUTES, MAX_FAILED_LOGINS, rotateSession } from './auth.service.ts';
import { AppError, requireActor, type ServiceContext } from './context.ts';

/** 双因素认证 — TOTP enrolment, the code step of sign-in, recovery codes. */

const RECOVERY_CODES = 10;

function hashCode(code: string): string {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');
}

function newRecoveryCode(): string {
  const raw = randomBytes(5).toString('hex').toUpperCase();
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** Starts (or restarts) enrolment: a new secret, shown once as text and as a QR code, not yet active. */
export async function startMfaEnrolment(ctx: ServiceContext) {
  const actor = requireActor(ctx);
  const user = await findUserById(ctx.db, actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (toBool(user.totp_enabled))
    throw new AppError('CONFLICT', '已启用双因素认证；如需更换设备，请联系系统管理员在服务器上重置');
  const secret = newTotpSecret();
  const url = otpauthUrl(secret, user.username);
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, {
      totp_secret: ctx.pii.encrypt(secret),
      updated_at: ctx.now().toISOString(),
    });
    await recordAudit(trx, ctx, { action: 'auth.mfa.enrol.start', objectType: 'user', objectId: user.id });
  });
  return { secret, otpauthUrl: url, qrSvg: await QRCode.toString(url, { type: 'svg', margin: 1 }) };
}

/** Confirms enrolment with a first code; returns the recovery codes (shown once, stored hashed). */
export async function confirmMfaEnrolment(ctx: ServiceContext, code: string) {
  const actor = requireActor(ctx);
  const user = await findUserById(ctx.db, actor.userId);
  if (!user?.totp_secret) throw new AppError('CONFLICT', '请先开始绑定');
  if (toBool(user.totp_enabled)) throw new AppError('CONFLICT', '已启用双因素认证');
  const step = matchTotp(ctx.pii.decrypt(user.totp_secret), code.trim(), ctx.now(), user.totp_last_step);
  if (step === null)
    throw new AppError('VALIDATION', '验证码不正确，请核对手机上的动态验证码', [
      { path: 'code', message: '验证码不正确' },
    ]);
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, {
      totp_enabled: 1,
      totp_last_step: step,
      recovery_codes: JSON.stringify(codes.map(hashCode)),
      updated_at: ctx.now().toISOString(),
    });
    await recordAudit(trx, ctx, { action: 'auth.mfa.enrol', objectType: 'user', objectId: user.id });
  });
  return { recoveryCodes: codes };
}

/**
 * The second step of sign-in: a TOTP code (each works once) or an unused recovery code. Wrong codes count
 * towards the same lock as wrong passwords. Success ends the half-signed-in session and opens a new one.
 */
export async function verifyMfa(
  ctx: ServiceContext,
  input: {
    sessionToken: string;
    code?: string | undefined;
    recoveryCode?: string | undefined;
    ip: string | null;
    userAgent: string | null;
  },
) {
  const actor = requireActor(ctx);
  const user = await findUserById(ctx.db, actor.userId);
  if (!user || !user.totp_secret || !toBool(user.totp_enabled))
    throw new AppError('CONFLICT', '该账户未启用双因素认证');
  const now = ctx.now();
  let step: number | null = null;
  let remaining: string[] | null = null;
  if (input.code)
    step = matchTotp(ctx.pii.decrypt(user.totp_secret), input.code.trim(), now, user.totp_last_step);
  else if (input.recoveryCode) {
    const hashes: string[] = JSON.parse(user.recovery_codes ?? '[]');
    const h = hashCode(input.recoveryCode);
    if (hashes.includes(h)) remaining = hashes.filter((x) => x !== h);
  }
  if (step === null && remaining === null) {
    const failures = user.failed_logins + 1;
    await ctx.db.transaction().execute(async (trx) => {
      await updateUser(trx, user.id, {
        failed_logins: failures,
        locked_until:
          failures >= MAX_FAILED_LOGINS
            ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString()
            : user.locked_until,
        updated_at: now.toISOString(),
      });
      if (failures >= MAX_FAILED_LOGINS) await deleteSession(trx, hashSession(input.sessionToken));
      await recordAudit(trx, ctx, {
        action: 'auth.mfa.verify',
        objectType: 'user',
        objectId: user.id,
        result: 'failed',
      });
    });
    throw new AppError(
      'VALIDATION',
      failures >= MAX_FAILED_LOGINS ? '验证码错误次数过多，账户已锁定 30 分钟' : '验证码不正确',
      [{ path: 'code', message: '验证码不正确' }],
    );
  }
  return ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, {
      failed_logins: 0,
      locked_until: null,
      last_login_at: now.toISOString(),
      updated_at: now.toISOString(),
      ...(step !== null ? { totp_last_step: step } : {}),
      ...(remaining !== null ? { recovery_codes: JSON.stringify(remaining) } : {}),
    });
    const session = await rotateSession(trx, input.sessionToken, user.id, now, {
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await recordAudit(trx, ctx, {
      action: 'auth.login',
      objectType: 'user',
      objectId: user.id,
      detail: {
        ip: input.ip,
        factor: step !== null ? 'totp' : 'recovery_code',
        recoveryCodesLeft: remaining?.length,
      },
    });
    return session;
  });
}

function hashSession(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Server-side reset (bin/jiuye user reset-mfa): the user enrols again at next sign-in. */
export async function resetMfa(ctx: ServiceContext, userId: number) {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError('NOT_FOUND', '账户不存在');
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, {
      totp_secret: null,
      totp_enabled: 0,
      totp_last_step: null,
      recovery_codes: null,
      updated_at: ctx.now().toISOString(),
    });
    await recordAudit(trx, ctx, {
      action: 'auth.mfa.reset',
      objectType: 'user',
      objectId: userId,
      actorName: 'cli',
    });
  });
  return { required: requiresMfa(user.role as never) };
}
