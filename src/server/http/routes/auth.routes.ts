import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  changePasswordRequest,
  loginRequest,
  meResponse,
  mfaEnableRequest,
  mfaEnableResponse,
  mfaSetupResponse,
  mfaVerifyRequest,
} from '../../../api/auth.ts';
import { confirmMfaEnrolment, startMfaEnrolment, verifyMfa } from '../../services/mfa.service.ts';
import type { SessionStage } from '../types.ts';
import { noBody, okBody } from '../../../api/common.ts';
import { changeOwnPassword, describeSession, login, logout } from '../../services/auth.service.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../plugins/auth.ts';

export async function authRoutes(app: FastifyInstance, opts: { secureCookies: boolean }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookie = sessionCookieOptions(opts.secureCookies);
  const anyStage: SessionStage[] = ['mfa-pending', 'password-change', 'mfa-enrolment'];

  r.post(
    '/api/auth/login',
    {
      config: { access: { public: true }, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['账户'], summary: '登录', body: loginRequest, response: { 200: meResponse } },
    },
    async (request, reply) => {
      const result = await login(request.ctx, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        previousToken: request.cookies[SESSION_COOKIE] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, result.token, cookie);
      return describeSession({ ...request.ctx, actor: result.actor }, result);
    },
  );

  r.post(
    '/api/auth/mfa/verify',
    {
      config: {
        access: { authenticated: true, during: ['mfa-pending'] },
        rateLimit: { max: 20, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['账户'],
        summary: '登录第二步：动态验证码或恢复码',
        body: mfaVerifyRequest,
        response: { 200: meResponse },
      },
    },
    async (request, reply) => {
      const session = await verifyMfa(request.ctx, {
        ...request.body,
        sessionToken: request.sessionToken!,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, session.token, cookie);
      return describeSession(request.ctx, {
        ...session,
        mustChangePassword: request.mustChangePassword,
        mfaPending: false,
        mfaEnrolmentRequired: false,
      });
    },
  );

  r.post(
    '/api/auth/mfa/setup',
    {
      config: { access: { authenticated: true, during: ['mfa-enrolment'] } },
      schema: {
        tags: ['账户'],
        summary: '绑定动态验证码：生成密钥与二维码',
        body: noBody,
        response: { 200: mfaSetupResponse },
      },
    },
    async (request) => startMfaEnrolment(request.ctx),
  );

  r.post(
    '/api/auth/mfa/enable',
    {
      config: { access: { authenticated: true, during: ['mfa-enrolment'] } },
      schema: {
        tags: ['账户'],
        summary: '绑定动态验证码：输入第一个验证码启用，返回恢复码',
        body: mfaEnableRequest,
        response: { 200: mfaEnableResponse },
      },
    },
    async (request) => confirmMfaEnrolment(request.ctx, request.body.code),
  );

  r.post(
    '/api/auth/logout',
    {
      config: { access: { authenticated: true, during: anyStage } },
      schema: { tags: ['账户'], summary: '退出登录', body: noBody, response: { 200: okBody } },
    },
    async (request, reply) => {
      await logout(request.ctx, request.sessionToken!);
      reply.clearCookie(SESSION_COOKIE, cookie);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/me',
    {
      config: { access: { authenticated: true, during: anyStage } },
      schema: { tags: ['账户'], summary: '当前用户', response: { 200: meResponse } },
    },
    async (request) => {
      return describeSession(request.ctx, request.session!);
    },
  );

  r.post(
    '/api/auth/password',
    {
      config: { access: { authenticated: true, during: ['password-change', 'mfa-enrolment'] } },
      schema: {
        tags: ['账户'],
        summary: '修改本人密码',
        body: changePasswordRequest,
        response: { 200: okBody },
      },
    },
    async (request) => {
      await changeOwnPassword(request.ctx, { ...request.body, sessionToken: request.sessionToken! });
      return { ok: true as const };
    },
  );
}
