import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { can } from '../../../domain/access.ts';
import type { DbHandle } from '../../db/connect.ts';
import type { PiiCipher } from '../../security/pii-cipher.ts';
import { resumeSession, type ActiveSession, type SessionPolicy } from '../../services/auth.service.ts';
import { AppError } from '../../services/context.ts';
import type { RegisteredRoute, RouteAccess } from '../types.ts';

export const SESSION_COOKIE = 'jiuye_sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthPluginOptions {
  handle: DbHandle;
  pii: PiiCipher;
  now: () => Date;
  policy: SessionPolicy;
  secureCookies: boolean;
  /** filled with every /api route as it registers, for the authorization test and the docs */
  routes: RegisteredRoute[];
}

/** How long a session read from the database answers this process's reads without being read again. */
export const SESSION_TRUST_MS = 1000;
/** Writes to these change accounts, sessions or the units a scope is made of: they end every trusted read. */
const ACCOUNT_WRITES = ['/api/auth/', '/api/admin/'];

/**
 * Sessions as last read from the database, for the reads of the next second: a page of the register is a few
 * milliseconds of work, and reading the session, the account and a town's scope again for each one was a
 * third of it. A write never uses it (it reads the session afresh, CSRF token included); any write ends the
 * writer's own entry, and a write to accounts or units ends them all. Another server instance sees a sign-out
 * or a disabled account within {@link SESSION_TRUST_MS}.
 */
class TrustedSessions {
  private readonly entries = new Map<string, { session: ActiveSession; readAt: number }>();
  constructor(private readonly max = 10_000) {}

  get(token: string, at: number): ActiveSession | null {
    const e = this.entries.get(token);
    if (!e) return null;
    if (at - e.readAt >= SESSION_TRUST_MS || at < e.readAt) {
      this.entries.delete(token);
      return null;
    }
    return e.session;
  }

  set(token: string, session: ActiveSession, at: number) {
    this.entries.delete(token);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { session, readAt: at });
  }

  drop(token: string) {
    this.entries.delete(token);
  }

  clear() {
    this.entries.clear();
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function sessionCookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure };
}

/**
 * Authentication, authorisation and CSRF, before anything else runs (before body parsing and validation):
 * a request without the right is refused without its payload ever being looked at.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: AuthPluginOptions) => {
  const { handle, now, policy } = opts;
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('mustChangePassword', false);
  app.decorateRequest('session', null);
  app.decorateRequest('ctx', null as never);
  const trusted = new TrustedSessions();
  // after a write (answered or refused): what it may have changed is read again
  app.addHook('onResponse', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (ACCOUNT_WRITES.some((prefix) => request.url.startsWith(prefix))) trusted.clear();
    else if (request.sessionToken) trusted.drop(request.sessionToken);
  });

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    route.config ??= {};
    const config = route.config as { access?: RouteAccess };
    // Swagger UI and the OpenAPI document are for signed-in users like every other /api route.
    if (!config.access && route.url.startsWith('/api/docs')) config.access = { authenticated: true };
    if (!config.access) throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') opts.routes.push({ method, url: route.url, access: config.access });
    }
  });

  async function sessionOf(token: string, read: boolean): Promise<ActiveSession | null> {
    const at = now().getTime();
    const known = read ? trusted.get(token, at) : null;
    if (known) return known;
    const session = await resumeSession(handle.db, token, new Date(at), policy);
    if (!session) {
      trusted.drop(token);
      return null;
    }
    // shared by the reads of the next second: frozen, so none can change what another sees
    if (Array.isArray(session.actor.scopeUnits)) Object.freeze(session.actor.scopeUnits);
    const shared = Object.freeze({ ...session, actor: Object.freeze(session.actor) });
    trusted.set(token, shared, at);
    return shared;
  }

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.ctx = {
      db: handle.db,
      dialect: handle.dialect,
      actor: null,
      requestId: request.id,
      now,
      pii: opts.pii,
    };
    reply.header('x-request-id', request.id);
    const access = request.routeOptions.config?.access;
    if (!request.url.startsWith('/api')) return;
    if (!access) return; // unknown /api path: the not-found handler answers
    if ('public' in access) return;

    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await sessionOf(token, SAFE_METHODS.has(request.method)) : null;
    if (!session) {
      if (token) reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(opts.secureCookies));
      throw new AppError('UNAUTHENTICATED');
    }
    request.actor = session.actor;
    request.sessionToken = token!;
    request.csrfToken = session.csrfToken;
    request.mustChangePassword = session.mustChangePassword;
    request.session = session;
    request.ctx.actor = session.actor;
    reply.header('cache-control', 'no-store');

    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) throw new AppError('CSRF_INVALID');
    }
    // Stages in order: the code after the password, then a forced password change, then enrolling a factor.
    const during = 'authenticated' in access ? (access.during ?? []) : [];
    if (session.mfaPending) {
      if (!during.includes('mfa-pending')) throw new AppError('MFA_REQUIRED');
      return;
    }
    if (during.includes('mfa-pending') && during.length === 1)
      throw new AppError('CONFLICT', '本次登录无需输入动态验证码');
    if (session.mustChangePassword) {
      if (!during.includes('password-change')) throw new AppError('PASSWORD_CHANGE_REQUIRED');
      return;
    }
    if (session.mfaEnrolmentRequired && !during.includes('mfa-enrolment'))
      throw new AppError('MFA_ENROLMENT_REQUIRED');
    if ('permission' in access && !can(session.actor.role, access.permission))
      throw new AppError('FORBIDDEN');
  });
});
