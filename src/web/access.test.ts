import { describe, expect, it } from 'vitest';
import type { MeResponse } from '../api/auth.ts';
import { ROLE_LABELS, permissionsOf, type Role } from '../domain/access.ts';
import { canAccess, landingPath, menuRoutes, routeBlock, type CurrentUser } from './access.ts';
import { routes } from './config/routes.ts';

function signedIn(role: Role | null, mustChangePassword = false): NonNullable<CurrentUser> {
  const me: MeResponse = {
    user: {
      id: 1,
      username: 'u',
      displayName: 'U',
      role,
      roleLabel: role ? ROLE_LABELS[role] : null,
      unitCode: null,
      unitName: null,
    },
    permissions: permissionsOf(role),
    csrfToken: 't',
    mustChangePassword,
    mfaPending: false,
    mfaEnrolmentRequired: false,
  };
  return me;
}

const menuOf = (me: CurrentUser) => menuRoutes(me, routes).map((r) => r.name);

describe('menuRoutes', () => {
  it('shows business roles the register pages, and import/export only to those who may export', () => {
    const register = [
      '首页',
      '台账',
      '快速登记',
      '工作提醒',
      '岗位信息',
      '村级工作',
      '镇区活动',
      '考核验收',
      '总览',
      '排行',
      '报表',
      '数据质量',
      '导入导出',
      '单位',
    ];
    expect(menuOf(signedIn('village_staff'))).toEqual(register);
    expect(menuOf(signedIn('town_staff'))).toEqual(register);
    // the district reads and exports the register but records no services
    expect(menuOf(signedIn('district_assessor'))).toEqual(register.filter((n) => n !== '快速登记'));
    expect(menuOf(signedIn('district_approver'))).toEqual(
      register.filter((n) => n !== '快速登记' && n !== '导入导出'),
    );
  });

  it('gives each of the three administrators their own pages and not the others’', () => {
    expect(menuOf(signedIn('system_admin'))).toEqual(['首页', '单位', '账户管理', '区划管理']);
    expect(menuOf(signedIn('security_admin'))).toEqual(['首页', '单位', '角色分配']);
    expect(menuOf(signedIn('audit_admin'))).toEqual(['首页', '审计日志']);
  });

  it('shows an account without a role only the home page', () => {
    expect(menuOf(signedIn(null))).toEqual(['首页']);
  });

  it('shows nothing while the initial password has not been changed', () => {
    expect(menuOf(signedIn('system_admin', true))).toEqual([]);
  });

  it('shows nothing to nobody', () => {
    expect(menuOf(null)).toEqual([]);
  });

  it('never lists pages hidden from the menu', () => {
    const names = menuOf(signedIn('system_admin'));
    expect(names).not.toContain('登录');
    expect(names).not.toContain('修改密码');
    expect(names).not.toContain('单位详情');
  });
});

describe('canAccess', () => {
  const page = (access: Parameters<typeof canAccess>[1]['access'], beforePasswordChange = false) => ({
    path: '/x',
    access,
    beforePasswordChange,
  });

  it('lets anyone open a public page', () => {
    expect(canAccess(null, page('public'))).toBe(true);
  });

  it('requires the permission a route names', () => {
    expect(canAccess(signedIn('audit_admin'), page('audit:read'))).toBe(true);
    expect(canAccess(signedIn('system_admin'), page('audit:read'))).toBe(false);
    expect(canAccess(signedIn('village_staff'), page('unit:read'))).toBe(true);
  });

  it('opens only pages marked for it before the password change', () => {
    const me = signedIn('audit_admin', true);
    expect(canAccess(me, page('audit:read'))).toBe(false);
    expect(canAccess(me, page('signed-in', true))).toBe(true);
  });
});

describe('routeBlock and landingPath', () => {
  it('sends nobody to the login page, a fresh administrator to the password page', () => {
    const accounts = routes.find((r) => r.path === '/admin/accounts')!;
    expect(routeBlock(null, accounts)).toBe('/login');
    expect(routeBlock(signedIn('system_admin', true), accounts)).toBe('/password');
    expect(routeBlock(signedIn('village_staff'), accounts)).toBe('forbidden');
    expect(routeBlock(signedIn('system_admin'), accounts)).toBeNull();
    expect(landingPath(null)).toBe('/login');
    expect(landingPath(signedIn('security_admin', true))).toBe('/password');
    expect(landingPath(signedIn('town_staff'))).toBe('/');
  });
});

describe('two-factor stages', () => {
  const mfa = (over: Partial<NonNullable<CurrentUser>>): NonNullable<CurrentUser> => ({
    ...signedIn('district_assessor'),
    ...over,
  });
  const home = routes.find((r) => r.path === '/')!;
  const mfaPage = routes.find((r) => r.path === '/mfa')!;

  it('treats a session waiting for its code as not signed in', () => {
    const me = mfa({ mfaPending: true });
    expect(routeBlock(me, home)).toBe('/login');
    expect(landingPath(me)).toBe('/login');
  });

  it('sends a role that needs a second factor to enrol before anything else, after the password change', () => {
    expect(routeBlock(mfa({ mfaEnrolmentRequired: true }), home)).toBe('/mfa');
    expect(canAccess(mfa({ mfaEnrolmentRequired: true }), mfaPage)).toBe(true);
    expect(landingPath(mfa({ mfaEnrolmentRequired: true, mustChangePassword: true }))).toBe('/password');
    expect(menuOf(mfa({ mfaEnrolmentRequired: true }))).toEqual([]);
  });
});
