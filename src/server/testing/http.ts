import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type JiuyeApp } from '../http/app.ts';
import { SESSION_COOKIE } from '../http/plugins/auth.ts';
import { requiresMfa, type Role } from '../../domain/access.ts';
import { stepAt, totpCode, TOTP_STEP_SECONDS } from '../security/totp.ts';
import type { DialectName } from '../db/connect.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../services/demo.service.ts';
import { createUser } from '../services/user.service.ts';
import { fixedClock } from './clock.ts';
import { createTestDb, type TestDb } from './test-db.ts';
import { TEST_PII, testContext } from './context.ts';

export type Clock = ReturnType<typeof fixedClock>;

/** The TOTP secret every test account with two-factor sign-in is enrolled with. */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export async function enrolTestMfa(db: TestDb, userId: number): Promise<void> {
  await db.db
    .updateTable('app_user')
    .set({ totp_secret: TEST_PII.encrypt(TEST_TOTP_SECRET), totp_enabled: 1 })
    .where('id', '=', userId)
    .execute();
}

/** A signed-in browser: carries the session cookie and sends the CSRF token on writes. */
export class Agent {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(
    readonly app: JiuyeApp,
    /** the app's clock: two-factor codes are computed for it */
    readonly clock?: Clock,
  ) {}

  async request(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (this.cookie) headers.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.csrf && opts.method && !['GET', 'HEAD'].includes(opts.method))
      headers['x-csrf-token'] ??= this.csrf;
    const res = await this.app.inject({ ...opts, headers });
    const set = res.cookies.find((c) => c.name === SESSION_COOKIE);
    if (set) this.cookie = set.value || null;
    return res;
  }
  get(url: string) {
    return this.request({ method: 'GET', url });
  }
  post(url: string, payload?: unknown) {
    return this.request({
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }
  /**
   * Signs in; for an account with two-factor sign-in enrolled with TEST_TOTP_SECRET, also enters the code
   * (moving the clock on one 30-second step, as a code works only once).
   */
  async login(
    username: string,
    password = DEMO_PASSWORD,
    opts: { completeMfa?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.statusCode !== 200) return res;
    this.csrf = res.json().csrfToken;
    if (!res.json().mfaPending || opts.completeMfa === false || !this.clock) return res;
    this.clock.advance(TOTP_STEP_SECONDS * 1000);
    const verified = await this.post('/api/auth/mfa/verify', {
      code: totpCode(TEST_TOTP_SECRET, stepAt(this.clock())),
    });
    if (verified.statusCode === 200) this.csrf = verified.json().csrfToken;
    return verified;
  }
}

export interface TestApp {
  app: JiuyeApp;
  db: TestDb;
  clock: Clock;
  /** a new agent signed in as a demo account (administrators without the forced password change) */
  as(username: string): Promise<Agent>;
  anonymous(): Agent;
  close(): Promise<void>;
}

/** Demo accounts by role, for tests that walk every role. */
export const ACCOUNT_OF_ROLE: Record<Role, string> = Object.fromEntries(
  DEMO_ACCOUNTS.map((a) => [a.role, a.username]),
) as Record<Role, string>;

/**
 * The HTTP application over a test database, ready. A second one over the same database is a second server
 * instance (they share nothing but the database).
 */
export async function buildTestServer(
  db: TestDb,
  clock: Clock,
  opts: { rateLimits?: boolean } = {},
): Promise<JiuyeApp> {
  const app = await buildApp({
    handle: db,
    pii: TEST_PII,
    now: clock,
    rateLimits: opts.rateLimits ?? false,
    config: {
      secureCookies: false,
      trustProxy: false,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      webDir: '/nonexistent',
      logLevel: 'silent',
    },
  });
  await app.ready();
  return app;
}

export async function createTestApp(
  dialect: DialectName,
  opts: { rateLimits?: boolean } = {},
): Promise<TestApp> {
  const db = await createTestDb(dialect);
  const clock = fixedClock();
  const ctx = testContext(db, { now: clock });
  for (const a of DEMO_ACCOUNTS) {
    const user = await createUser(ctx, { ...a, password: DEMO_PASSWORD, mustChangePassword: false });
    if (requiresMfa(a.role)) await enrolTestMfa(db, user.id);
  }
  const app = await buildTestServer(db, clock, opts);
  return {
    app,
    db,
    clock,
    async as(username) {
      const agent = new Agent(app, clock);
      const res = await agent.login(username);
      if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.body}`);
      return agent;
    },
    anonymous: () => new Agent(app, clock),
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
