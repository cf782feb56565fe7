import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { changePasswordRequest, loginRequest, meResponse } from '../../../api/auth.ts';
import { okBody } from '../../../api/common.ts';
import { changeOwnPassword, describeSession, login, logout } from '../../services/auth.service.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../plugins/auth.ts';

export async function authRoutes(app: FastifyInstance, opts: { secureCookies: boolean }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookie = sessionCookieOptions(opts.secureCookies);

  r.post('/api/auth/login', {
    config: { access: { public: true }, rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { tags: ['账户'], summary: '登录', body: loginRequest, response: { 200: meResponse } },
  }, async (request, reply) => {
    const result = await login(request.ctx, {
      ...request.body,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      previousToken: request.cookies[SESSION_COOKIE] ?? null,
    });
    reply.setCookie(SESSION_COOKIE, result.token, cookie);
    return describeSession({ ...request.ctx, actor: result.actor }, result);
  });

  r.post('/api/auth/logout', {
    config: { access: { authenticated: true, beforePasswordChange: true } },
    schema: { tags: ['账户'], summary: '退出登录', response: { 200: okBody } },
  }, async (request, reply) => {
    await logout(request.ctx, request.sessionToken!);
    reply.clearCookie(SESSION_COOKIE, cookie);
    return { ok: true as const };
  });

  r.get('/api/auth/me', {
    config: { access: { authenticated: true, beforePasswordChange: true } },
    schema: { tags: ['账户'], summary: '当前用户', response: { 200: meResponse } },
  }, async (request) => {
    return describeSession(request.ctx, { csrfToken: request.csrfToken!, mustChangePassword: request.mustChangePassword });
  });

  r.post('/api/auth/password', {
    config: { access: { authenticated: true, beforePasswordChange: true } },
    schema: { tags: ['账户'], summary: '修改本人密码', body: changePasswordRequest, response: { 200: okBody } },
  }, async (request) => {
    await changeOwnPassword(request.ctx, { ...request.body, sessionToken: request.sessionToken! });
    return { ok: true as const };
  });
}
