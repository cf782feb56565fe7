import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { openDatabase } from '../db/connect.ts';
import { TEST_PII } from '../testing/context.ts';
import { createTestApp, type Agent, type TestApp } from '../testing/http.ts';
import { DIALECTS } from '../testing/test-db.ts';
import { makeIdNumber } from '../../domain/id-number.ts';

const personForm = () => ({
  unitCode: '350505100201',
  householdNumber: 'R1',
  name: '王海燕',
  idNumber: makeIdNumber('350505', '1988-02-02', 702),
  phone: '13600002222',
});

/** Rate limits (per client address; the header checks run first) with 429 and Retry-After, and the security headers, with the limits switched on as in production. */
describe.each(DIALECTS)('sign-in hardening over HTTP on %s', (dialect) => {
  let t: TestApp;
  let village: Agent;
  let personId: number;
  beforeAll(async () => {
    t = await createTestApp(dialect, { rateLimits: true });
    village = await t.as('liucuo');
    personId = (await village.post('/api/persons', personForm())).json().id;
  });
  afterAll(() => t.close());

  async function hitUntilLimited(
    send: () => Promise<{ statusCode: number; headers: Record<string, unknown> }>,
    limit: number,
  ) {
    // The window may already hold a few requests of an earlier test on the same route.
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i <= limit && !limited; i++) {
      const res = await send();
      statuses.push(res.statusCode);
      if (res.statusCode === 429) limited = res;
    }
    expect(statuses.length).toBeGreaterThan(limit - 5);
    expect(limited?.statusCode).toBe(429);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
  }

  it('marks personal data as not to be stored, and sends a CSP without inline scripts and no HSTS over plain HTTP', async () => {
    const fresh = await t.as('liucuo');
    for (const url of [
      `/api/persons/${personId}`,
      '/api/ledgers/labour',
      `/api/households/${(await fresh.get(`/api/persons/${personId}`)).json().household.id}`,
    ]) {
      const res = await fresh.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const res = await fresh.get('/api/health');
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('limits register search to 120 a minute', async () => {
    await hitUntilLimited(() => village.get('/api/ledgers/all?q=%E9%99%88'), 120);
    const body = (await village.get('/api/ledgers/all?q=x')).json();
    expect(body.error).toMatchObject({ code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试' });
  });

  it('limits reveal, export and import', async () => {
    await hitUntilLimited(
      () => village.post(`/api/persons/${personId}/reveal`, { field: 'idNumber', reason: '核对身份' }),
      30,
    );
    await hitUntilLimited(() => village.get('/api/ledger/export?ledger=labour'), 20);
    await hitUntilLimited(
      () =>
        village.request({
          method: 'POST',
          url: '/api/ledger/import',
          headers: { 'content-type': 'application/json' },
          payload: '{}',
        }),
      10,
    );
  });

  it('sends HSTS when served behind HTTPS (JIUYE_SECURE_COOKIES)', async () => {
    const handle = openDatabase(t.db.url);
    const app = await buildApp({
      handle,
      pii: TEST_PII,
      config: {
        secureCookies: true,
        trustProxy: false,
        sessionIdleMinutes: 30,
        sessionAbsoluteHours: 12,
        webDir: '/nonexistent',
        logLevel: 'silent',
      },
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/health' });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    } finally {
      await app.close();
      await handle.close();
    }
  });
});
