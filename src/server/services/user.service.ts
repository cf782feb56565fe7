import { isAdminRole, isRole, requiredUnitKinds, ROLE_LABELS, type Role } from '../../domain/access.ts';
import { passwordProblems } from '../../domain/password-policy.ts';
import { toBool, type AppUserRow } from '../db/database.ts';
import { deleteSessionsOfUser } from '../repositories/session.repository.ts';
import { findUnitByCode } from '../repositories/unit.repository.ts';
import {
  findUserById,
  findUserByUsername,
  findUsers,
  insertUser,
  updateUser,
  type UserFilter,
} from '../repositories/user.repository.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, requireActor, type ServiceContext } from './context.ts';
import { hashPassword } from './password.ts';

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: Role | null;
  roleLabel: string | null;
  unitCode: string | null;
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  version: number;
}

export function presentUser(u: AppUserRow, now: Date): UserView {
  const role = isRole(u.role) ? u.role : null;
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role,
    roleLabel: role ? ROLE_LABELS[role] : null,
    unitCode: u.unit_code,
    disabled: toBool(u.disabled),
    locked: u.locked_until !== null && u.locked_until > now.toISOString(),
    mustChangePassword: toBool(u.must_change_password),
    lastLoginAt: u.last_login_at,
    version: u.version,
  };
}

function checkPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) {
    throw new AppError(
      'VALIDATION',
      problems.join('；'),
      problems.map((m) => ({ path: 'password', message: m })),
    );
  }
}

async function checkRoleUnit(ctx: ServiceContext, role: Role | null, unitCode: string | null): Promise<void> {
  if (role === null) return;
  const kinds = requiredUnitKinds(role);
  if (kinds === null) {
    if (unitCode !== null)
      throw new AppError('VALIDATION', `${ROLE_LABELS[role]}不隶属于具体村（社区）或镇（街道）`, [
        { path: 'unitCode', message: '应为空' },
      ]);
    return;
  }
  const unit = unitCode ? await findUnitByCode(ctx.db, unitCode) : undefined;
  if (!unit || !(kinds as readonly string[]).includes(unit.kind)) {
    const want = role === 'town_staff' ? '镇（街道）' : '村（社区）';
    throw new AppError('VALIDATION', `${ROLE_LABELS[role]}须指定所属${want}`, [
      { path: 'unitCode', message: `请选择${want}` },
    ]);
  }
}

export interface NewUserInput {
  username: string;
  displayName: string;
  password: string;
  role?: Role | null;
  unitCode?: string | null;
  mustChangePassword?: boolean;
}

/**
 * Creates an account. From the web, the system administrator creates accounts without a role (the security
 * administrator assigns it); the command line, run by whoever holds the machine, may set the role directly.
 */
export async function createUser(ctx: ServiceContext, input: NewUserInput): Promise<UserView> {
  const username = input.username.trim();
  if (!/^[A-Za-z0-9_.-]{3,32}$/.test(username)) {
    throw new AppError('VALIDATION', '用户名应为 3–32 位字母、数字、下划线、点或横线', [
      { path: 'username', message: '格式不正确' },
    ]);
  }
  checkPassword(input.password, username);
  const role = input.role ?? null;
  const unitCode = input.unitCode ?? null;
  await checkRoleUnit(ctx, role, unitCode);
  if (await findUserByUsername(ctx.db, username)) {
    throw new AppError('CONFLICT', `用户名 ${username} 已存在`, [{ path: 'username', message: '已存在' }]);
  }
  const now = ctx.now().toISOString();
  const passwordHash = await hashPassword(input.password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const newId = await insertUser(trx, {
      username,
      display_name: input.displayName.trim() || username,
      password_hash: passwordHash,
      role,
      unit_code: unitCode,
      must_change_password: input.mustChangePassword === false ? 0 : 1,
      disabled: 0,
      failed_logins: 0,
      totp_enabled: 0,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, ctx, {
      action: 'user.create',
      objectType: 'user',
      objectId: newId,
      detail: { username, role, unitCode },
    });
    return newId;
  });
  return presentUser((await findUserById(ctx.db, id))!, ctx.now());
}

export async function listUsers(ctx: ServiceContext, filter: UserFilter): Promise<UserView[]> {
  requireActor(ctx);
  return (await findUsers(ctx.db, filter)).map((u) => presentUser(u, ctx.now()));
}

async function loadTarget(ctx: ServiceContext, id: number): Promise<AppUserRow> {
  const user = await findUserById(ctx.db, id);
  if (!user) throw new AppError('NOT_FOUND', '未找到该账户');
  return user;
}

/** An administrator's account is managed only from the command line: no administrator can take over another. */
function refuseAdminTarget(ctx: ServiceContext, user: AppUserRow): void {
  const actor = requireActor(ctx);
  if (user.id === actor.userId) throw new AppError('FORBIDDEN', '不能对自己的账户执行此操作');
  if (isRole(user.role) && isAdminRole(user.role)) {
    throw new AppError('FORBIDDEN', '管理员账户只能由服务器命令行（bin/jiuye user …）管理');
  }
}

export async function setUserDisabled(
  ctx: ServiceContext,
  id: number,
  disabled: boolean,
  opts: { version?: number | undefined; cli?: boolean } = {},
): Promise<UserView> {
  const user = await loadTarget(ctx, id);
  if (!opts.cli) refuseAdminTarget(ctx, user);
  const version = opts.version;
  await ctx.db.transaction().execute(async (trx) => {
    if (
      !(await updateUser(
        trx,
        id,
        { disabled: disabled ? 1 : 0, updated_at: ctx.now().toISOString() },
        version,
      ))
    ) {
      throw new AppError('VERSION_CONFLICT');
    }
    if (disabled) await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, ctx, {
      action: disabled ? 'user.disable' : 'user.enable',
      objectType: 'user',
      objectId: id,
    });
  });
  return presentUser((await findUserById(ctx.db, id))!, ctx.now());
}

/** Sets a new initial password; the user must change it at next sign-in. Also clears a lock. */
export async function resetPassword(
  ctx: ServiceContext,
  id: number,
  password: string,
  opts: { cli?: boolean } = {},
): Promise<UserView> {
  const user = await loadTarget(ctx, id);
  if (!opts.cli) refuseAdminTarget(ctx, user);
  checkPassword(password, user.username);
  const hashed = await hashPassword(password);
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, id, {
      password_hash: hashed,
      must_change_password: 1,
      failed_logins: 0,
      locked_until: null,
      password_changed_at: now,
      updated_at: now,
    });
    await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, ctx, { action: 'user.password.reset', objectType: 'user', objectId: id });
  });
  return presentUser((await findUserById(ctx.db, id))!, ctx.now());
}

/**
 * 安全管理员 assigns a business role and its unit scope. Administrator roles are never granted from the web,
 * and an account holds exactly one role, so no one holds two administrator duties.
 */
export async function assignRole(
  ctx: ServiceContext,
  id: number,
  input: { role: Role | null; unitCode: string | null; version?: number | undefined },
): Promise<UserView> {
  const user = await loadTarget(ctx, id);
  refuseAdminTarget(ctx, user);
  if (input.role !== null && isAdminRole(input.role)) {
    throw new AppError('FORBIDDEN', '管理员角色只能由服务器命令行授予');
  }
  await checkRoleUnit(ctx, input.role, input.unitCode);
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await updateUser(
      trx,
      id,
      { role: input.role, unit_code: input.unitCode, updated_at: ctx.now().toISOString() },
      input.version,
    );
    if (!ok) throw new AppError('VERSION_CONFLICT');
    // A changed role takes effect at once: sessions carrying the old one end.
    await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, ctx, {
      action: 'user.role.assign',
      objectType: 'user',
      objectId: id,
      detail: {
        from: { role: user.role, unitCode: user.unit_code },
        to: { role: input.role, unitCode: input.unitCode },
      },
    });
  });
  return presentUser((await findUserById(ctx.db, id))!, ctx.now());
}

/** Command-line account administration: set role directly (including administrator roles). */
export async function setRoleFromCli(
  ctx: ServiceContext,
  id: number,
  role: Role | null,
  unitCode: string | null,
): Promise<void> {
  await checkRoleUnit(ctx, role, unitCode);
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, id, { role, unit_code: unitCode, updated_at: ctx.now().toISOString() });
    await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, ctx, {
      action: 'user.role.assign',
      objectType: 'user',
      objectId: id,
      detail: { role, unitCode, via: 'cli' },
    });
  });
}
