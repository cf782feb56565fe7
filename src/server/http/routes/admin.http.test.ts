import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/http.ts';
import { DIALECTS } from '../../testing/test-db.ts';
import { DEMO_PASSWORD } from '../../services/demo.service.ts';

describe.each(DIALECTS)('account administration on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('lets the system administrator create an account that has no role until the security administrator gives one', async () => {
    const sys = await t.as('admin');
    const created = await sys.post('/api/admin/users', {
      username: 'wang.li',
      displayName: '王莉',
      password: 'Start-Pass-2026',
    });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user).toMatchObject({ role: null, mustChangePassword: true });

    const newcomer = t.anonymous();
    await newcomer.login('wang.li', 'Start-Pass-2026');
    await newcomer.post('/api/auth/password', {
      currentPassword: 'Start-Pass-2026',
      newPassword: 'Own-Secret-2026',
    });
    expect((await newcomer.get('/api/units')).statusCode).toBe(403);

    const sec = await t.as('secadmin');
    const wrongUnit = await sec.post(`/api/admin/roles/${user.id}`, {
      role: 'village_staff',
      unitCode: '350505100000',
    });
    expect(wrongUnit.statusCode).toBe(400);
    expect(wrongUnit.json().error.message).toContain('须指定所属村（社区）');
    const assigned = await sec.post(`/api/admin/roles/${user.id}`, {
      role: 'village_staff',
      unitCode: '350505100205',
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ role: 'village_staff', unitCode: '350505100205' });

    // The role change ended the old session; a new sign-in carries the new scope.
    expect((await newcomer.get('/api/units')).statusCode).toBe(401);
    await newcomer.login('wang.li', 'Own-Secret-2026');
    expect((await newcomer.get('/api/units')).json().map((u: { code: string }) => u.code)).toEqual([
      '350505100205',
    ]);
  });

  it('never grants an administrator role from the web, nor touches an administrator account', async () => {
    const sec = await t.as('secadmin');
    const users = (await sec.get('/api/admin/roles')).json() as { id: number; username: string }[];
    const plain = users.find((u) => u.username === 'liucuo')!;
    const admin = users.find((u) => u.username === 'admin')!;
    const auditor = users.find((u) => u.username === 'auditor')!;
    expect(
      (await sec.post(`/api/admin/roles/${plain.id}`, { role: 'audit_admin', unitCode: null })).statusCode,
    ).toBe(403);
    expect(
      (await sec.post(`/api/admin/roles/${admin.id}`, { role: 'district_assessor', unitCode: null }))
        .statusCode,
    ).toBe(403);

    const sys = await t.as('admin');
    expect(
      (await sys.post(`/api/admin/users/${auditor.id}/password`, { password: 'Taken-Over-2026' })).statusCode,
    ).toBe(403);
    expect((await sys.post(`/api/admin/users/${auditor.id}/disabled`, { disabled: true })).statusCode).toBe(
      403,
    );
    expect((await t.anonymous().login('auditor', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('disables an account and ends its sessions at once', async () => {
    const village = await t.as('jinxiang');
    const sys = await t.as('admin');
    const id = ((await sys.get('/api/admin/users?search=jinxiang')).json() as { id: number }[])[0]!.id;
    // a page just read: the session is fresh in this server's memory, and still ends with the account
    expect((await village.get('/api/auth/me')).statusCode).toBe(200);
    expect((await sys.post(`/api/admin/users/${id}/disabled`, { disabled: true })).json().disabled).toBe(
      true,
    );
    expect((await village.get('/api/auth/me')).statusCode).toBe(401);
    expect((await t.anonymous().login('jinxiang')).statusCode).toBe(401);
    await sys.post(`/api/admin/users/${id}/disabled`, { disabled: false });
    expect((await t.anonymous().login('jinxiang')).statusCode).toBe(200);
  });

  it('records every write and sign-in in an audit trail only the audit administrator reads', async () => {
    const auditor = await t.as('auditor');
    const page = (await auditor.get('/api/audit?limit=200')).json();
    const actions = new Set(page.items.map((i: { action: string }) => i.action));
    for (const a of [
      'auth.login',
      'user.create',
      'user.role.assign',
      'user.disable',
      'user.enable',
      'auth.password.change',
    ])
      expect(actions).toContain(a);
    const failed = page.items.find(
      (i: { action: string; result: string }) => i.action === 'auth.login' && i.result === 'failed',
    );
    expect(failed).toBeDefined();
    expect((await auditor.get('/api/audit/verify')).json()).toMatchObject({ ok: true });
    const filtered = (await auditor.get('/api/audit?action=user.role')).json();
    expect(filtered.items.length).toBeGreaterThan(0);
    expect(filtered.items.every((i: { action: string }) => i.action.startsWith('user.role'))).toBe(true);
    expect((await (await t.as('admin')).get('/api/audit')).statusCode).toBe(403);
  });

  it('keeps personal data away from the administrators', async () => {
    for (const admin of ['admin', 'secadmin', 'auditor']) {
      const agent = await t.as(admin);
      const me = (await agent.get('/api/auth/me')).json();
      expect(me.permissions.filter((p: string) => p.startsWith('resident:'))).toEqual([]);
    }
  });
});
