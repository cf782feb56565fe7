import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type JiuyeApp } from '../http/app.ts';
import { SESSION_COOKIE } from '../http/plugins/auth.ts';
import type { Role } from '../../domain/access.ts';
import type { DialectName } from '../db/connect.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../services/demo.service.ts';
import { createUser } from '../services/user.service.ts';
import { fixedClock } from './clock.ts';
import { createTestDb, type TestDb } from './test-db.ts';
import { TEST_PII, testContext } from './context.ts';

export type Clock = ReturnType<typeof fixedClock>;

/** A signed-in browser: carries the session cookie and sends the CSRF token on writes. */
export class Agent {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(readonly app: JiuyeApp) {}

  async request(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (this.cookie) headers.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.csrf && opts.method && !['GET', 'HEAD'].includes(opts.method)) headers['x-csrf-token'] ??= this.csrf;
    const res = await this.app.inject({ ...opts, headers });
    const set = res.cookies.find((c) => c.name === SESSION_COOKIE);
    if (set) this.cookie = set.value || null;
    return res;
  }
  get(url: string) {
    return this.request({ method: 'GET', url });
  }
  post(url: string, payload?: unknown) {
    return this.request({ method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as object }) });
  }
  async login(username: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.statusCode === 200) this.csrf = res.json().csrfToken;
    return res;
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
export const ACCOUNT_OF_ROLE: Record<Role, string> = Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.role, a.username])) as Record<Role, string>;

export async function createTestApp(dialect: DialectName, opts: { rateLimits?: boolean } = {}): Promise<TestApp> {
  const db = await createTestDb(dialect);
  const clock = fixedClock();
  const ctx = testContext(db, { now: clock });
  for (const a of DEMO_ACCOUNTS) await createUser(ctx, { ...a, password: DEMO_PASSWORD, mustChangePassword: false });
  const app = await buildApp({
    handle: db,
    pii: TEST_PII,
    now: clock,
    rateLimits: opts.rateLimits ?? false,
    config: { secureCookies: false, trustProxy: false, sessionIdleMinutes: 30, sessionAbsoluteHours: 12, webDir: '/nonexistent', logLevel: 'silent' },
  });
  await app.ready();
  return {
    app,
    db,
    clock,
    async as(username) {
      const agent = new Agent(app);
      const res = await agent.login(username);
      if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.body}`);
      return agent;
    },
    anonymous: () => new Agent(app),
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
