import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, buildTestServer, createTestApp, type TestApp } from '../../testing/http.ts';
import { SESSION_TRUST_MS } from '../plugins/auth.ts';
import { DEMO_PASSWORD } from '../../services/demo.service.ts';
import { LOGIN_FAILED_MESSAGE } from '../../services/auth.service.ts';
import { createUser } from '../../services/user.service.ts';
import { DIALECTS } from '../../testing/test-db.ts';
import { stepAt, totpCode } from '../../security/totp.ts';
import { testContext } from '../../testing/context.ts';

const MIN = 60_000;

describe.each(DIALECTS)('sign-in and sessions on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('answers /api/health without a session and everything else with 401 JSON', async () => {
    const anon = t.anonymous();
    expect((await anon.get('/api/health')).json()).toEqual({ status: 'ok' });
    for (const url of ['/api/units', '/api/auth/me', '/api/audit', '/api/docs/json', '/api/docs']) {
      const res = await anon.get(url);
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('sets an HttpOnly SameSite session cookie and tells who signed in', async () => {
    const agent = t.anonymous();
    const res = await agent.login('liucuo');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'jiuye_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(res.json().user).toMatchObject({
      username: 'liucuo',
      role: 'village_staff',
      unitCode: '350505100201',
      unitName: '柳厝村',
    });
    expect((await agent.get('/api/auth/me')).json().user.username).toBe('liucuo');
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const a = await t.anonymous().login('nobody-here', DEMO_PASSWORD);
    const b = await t.anonymous().login('jinxiang', 'Wrong-password-1');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().error.message).toBe(LOGIN_FAILED_MESSAGE);
    expect(b.json().error.message).toBe(LOGIN_FAILED_MESSAGE);
  });

  it('locks an account for 30 minutes after 5 failed sign-ins, even for the right password', async () => {
    await createUser(testContext(t.db, { now: t.clock }), {
      username: 'locky',
      displayName: 'L',
      password: DEMO_PASSWORD,
      role: 'village_staff',
      unitCode: '350505100202',
      mustChangePassword: false,
    });
    for (let i = 0; i < 4; i++)
      expect((await t.anonymous().login('locky', 'Wrong-password-1')).statusCode).toBe(401);
    // four failures: still open
    expect((await t.anonymous().login('locky')).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) await t.anonymous().login('locky', 'Wrong-password-1');
    expect((await t.anonymous().login('locky')).statusCode).toBe(401);
    t.clock.advance(29 * MIN);
    expect((await t.anonymous().login('locky')).statusCode).toBe(401);
    t.clock.advance(1 * MIN + 1000);
    expect((await t.anonymous().login('locky')).statusCode).toBe(200);
  });

  it('ends a session idle for 30 minutes, and any session after 12 hours', async () => {
    const agent = await t.as('nanpu');
    t.clock.advance(29 * MIN);
    expect((await agent.get('/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(29 * MIN);
    expect((await agent.get('/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(30 * MIN + 1000);
    expect((await agent.get('/api/auth/me')).statusCode).toBe(401);

    const busy = await t.as('nanpu');
    for (let h = 0; h < 12 * 4 - 1; h++) {
      t.clock.advance(15 * MIN);
      expect((await busy.get('/api/auth/me')).statusCode).toBe(200);
    }
    t.clock.advance(15 * MIN + 1000);
    expect((await busy.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('rotates the session id at sign-in: the cookie from before no longer works', async () => {
    const agent = await t.as('shanyao');
    const before = agent.cookie!;
    await agent.login('shanyao');
    expect(agent.cookie).not.toBe(before);
    const stale = t.anonymous();
    stale.cookie = before;
    expect((await stale.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses a write without the CSRF token', async () => {
    const agent = await t.as('kaohe');
    agent.csrf = null;
    const res = await agent.post('/api/auth/logout');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_INVALID');
    expect((await agent.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('makes a seeded administrator change the password before anything else', async () => {
    await createUser(testContext(t.db, { now: t.clock }), {
      username: 'firstadmin',
      displayName: '管理员',
      password: DEMO_PASSWORD,
      role: 'system_admin',
      unitCode: null,
      mustChangePassword: true,
    });
    const agent = t.anonymous();
    const login = await agent.login('firstadmin');
    expect(login.json().mustChangePassword).toBe(true);
    const blocked = await agent.get('/api/admin/users');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');

    const weak = await agent.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'short',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toContain('密码至少 10 位');
    const ok = await agent.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'New-Secret-2026',
    });
    expect(ok.statusCode).toBe(200);
    // An administrator must then enrol a second factor before anything else.
    const enrolFirst = await agent.get('/api/admin/users');
    expect(enrolFirst.statusCode).toBe(403);
    expect(enrolFirst.json().error.code).toBe('MFA_ENROLMENT_REQUIRED');
    const setup = (await agent.post('/api/auth/mfa/setup')).json();
    expect(setup.otpauthUrl).toContain(`secret=${setup.secret}`);
    expect(setup.qrSvg).toContain('<svg');
    const wrong = await agent.post('/api/auth/mfa/enable', {
      code: '000000' === totpCode(setup.secret, stepAt(t.clock())) ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    const enabled = await agent.post('/api/auth/mfa/enable', {
      code: totpCode(setup.secret, stepAt(t.clock())),
    });
    expect(enabled.json().recoveryCodes).toHaveLength(10);
    expect((await agent.get('/api/admin/users')).statusCode).toBe(200);

    // The old password no longer works; the new one leads to the code step.
    expect((await t.anonymous().login('firstadmin')).statusCode).toBe(401);
    const next = t.anonymous();
    const half = await next.login('firstadmin', 'New-Secret-2026', { completeMfa: false });
    expect(half.json()).toMatchObject({ mfaPending: true });
    const pending = await next.get('/api/admin/users');
    expect(pending.statusCode).toBe(401);
    expect(pending.json().error.code).toBe('MFA_REQUIRED');
    t.clock.advance(30_000);
    const done = await next.post('/api/auth/mfa/verify', { code: totpCode(setup.secret, stepAt(t.clock())) });
    expect(done.statusCode).toBe(200);
    expect((await next.get('/api/admin/users')).statusCode).toBe(200);
  });

  it('signs out', async () => {
    const agent = await t.as('shenpi');
    expect((await agent.get('/api/auth/me')).statusCode).toBe(200);
    expect((await agent.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await agent.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('ends a session at once on this server, and within a second on another server over the same database', async () => {
    const agent = await t.as('liucuo');
    const cookie = agent.cookie!;
    const other = await buildTestServer(t.db, t.clock);
    try {
      const elsewhere = Object.assign(new Agent(other, t.clock), { cookie, csrf: agent.csrf });
      const kept = Object.assign(new Agent(t.app, t.clock), { cookie, csrf: agent.csrf });
      expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(200);
      expect((await kept.get('/api/auth/me')).statusCode).toBe(200);
      expect((await agent.post('/api/auth/logout')).statusCode).toBe(200);
      // this server: refused at once, though it had read the session a moment before
      expect((await kept.get('/api/auth/me')).statusCode).toBe(401);
      // the other server trusts its read of a moment ago for reads, never for a write
      expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(200);
      const write = await elsewhere.post('/api/persons', {});
      expect(write.statusCode).toBe(401);
      t.clock.advance(SESSION_TRUST_MS);
      expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('answers unknown API paths and malformed bodies with Chinese JSON errors, never internals', async () => {
    const agent = await t.as('kaohe');
    const missing = await agent.get('/api/no-such-thing');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const malformed = await agent.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).not.toMatch(/at .*\.ts|stack|SELECT/i);
    const wrongType = await agent.post('/api/auth/login', { username: 12, password: ['x'] });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.message).toMatch(/输入有误/);
  });
});
