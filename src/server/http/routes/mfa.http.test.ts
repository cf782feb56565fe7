import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepAt, totpCode } from '../../security/totp.ts';
import { createTestApp, TEST_TOTP_SECRET, type TestApp } from '../../testing/http.ts';
import { DIALECTS } from '../../testing/test-db.ts';
import { testContext } from '../../testing/context.ts';
import { createUser } from '../../services/user.service.ts';

describe.each(DIALECTS)('two-factor sign-in on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const code = () => totpCode(TEST_TOTP_SECRET, stepAt(t.clock()));

  it('asks district staff for the code after the password, and gives nothing before it', async () => {
    const agent = t.anonymous();
    const half = await agent.login('kaohe', undefined, { completeMfa: false });
    expect(half.json()).toMatchObject({ mfaPending: true });
    for (const url of ['/api/units', '/api/ledgers/all', '/api/audit']) {
      const res = await agent.get(url);
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('MFA_REQUIRED');
    }
    t.clock.advance(30_000);
    const before = agent.cookie;
    const done = await agent.post('/api/auth/mfa/verify', { code: code() });
    expect(done.statusCode).toBe(200);
    expect(agent.cookie).not.toBe(before);
    expect((await agent.get('/api/units')).statusCode).toBe(200);
  });

  it('accepts a code only once', async () => {
    t.clock.advance(30_000);
    const c = code();
    const first = t.anonymous();
    await first.login('shenpi', undefined, { completeMfa: false });
    expect((await first.post('/api/auth/mfa/verify', { code: c })).statusCode).toBe(200);
    const second = t.anonymous();
    await second.login('shenpi', undefined, { completeMfa: false });
    expect((await second.post('/api/auth/mfa/verify', { code: c })).statusCode).toBe(400);
  });

  it('locks the account after five wrong codes', async () => {
    const agent = t.anonymous();
    await agent.login('secadmin', undefined, { completeMfa: false });
    for (let i = 0; i < 4; i++)
      expect((await agent.post('/api/auth/mfa/verify', { code: '000001' })).statusCode).toBe(400);
    const fifth = await agent.post('/api/auth/mfa/verify', { code: '000001' });
    expect(fifth.json().error.message).toContain('账户已锁定');
    expect((await t.anonymous().login('secadmin')).statusCode).toBe(401);
  });

  it('needs no code from village and town staff', async () => {
    const res = await t.anonymous().login('liucuo', undefined, { completeMfa: false });
    expect(res.json()).toMatchObject({ mfaPending: false, mfaEnrolmentRequired: false });
  });

  it('makes a new district account enrol, and accepts each recovery code once instead of the phone', async () => {
    await createUser(testContext(t.db, { now: t.clock }), {
      username: 'zhou.qu',
      displayName: '周',
      password: 'Start-Pass-2026',
      role: 'district_assessor',
      unitCode: null,
      mustChangePassword: false,
    });
    const agent = t.anonymous();
    const first = await agent.login('zhou.qu', 'Start-Pass-2026');
    expect(first.json()).toMatchObject({ mfaPending: false, mfaEnrolmentRequired: true });
    expect((await agent.get('/api/units')).json().error.code).toBe('MFA_ENROLMENT_REQUIRED');
    const { secret } = (await agent.post('/api/auth/mfa/setup')).json();
    const { recoveryCodes } = (
      await agent.post('/api/auth/mfa/enable', { code: totpCode(secret, stepAt(t.clock())) })
    ).json();
    expect((await agent.get('/api/units')).statusCode).toBe(200);

    const lost = t.anonymous();
    await lost.login('zhou.qu', 'Start-Pass-2026', { completeMfa: false });
    expect((await lost.post('/api/auth/mfa/verify', { recoveryCode: recoveryCodes[0] })).statusCode).toBe(
      200,
    );
    const again = t.anonymous();
    await again.login('zhou.qu', 'Start-Pass-2026', { completeMfa: false });
    expect((await again.post('/api/auth/mfa/verify', { recoveryCode: recoveryCodes[0] })).statusCode).toBe(
      400,
    );
    expect((await again.post('/api/auth/mfa/verify', { recoveryCode: recoveryCodes[1] })).statusCode).toBe(
      200,
    );
  });
});
