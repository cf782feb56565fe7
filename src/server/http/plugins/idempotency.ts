import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { beginIdempotent, finishIdempotent } from '../../services/idempotency.service.ts';

const HEADER = 'idempotency-key';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null;
  }
}

/**
 * `Idempotency-Key` on every signed-in POST: the first request's answer is kept (per user and key) and a retry
 * with the same key and the same request gets it again, with `Idempotent-Replayed: true`, without running the
 * write twice. Runs after authentication and validation, so refused requests claim nothing. Sign-in routes
 * are left out: their answers carry a session, which is never replayed.
 */
export const idempotencyPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('idempotencyKey', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers[HEADER];
    if (
      request.method !== 'POST' ||
      key === undefined ||
      !request.actor ||
      request.url.startsWith('/api/auth/')
    )
      return;
    const decision = await beginIdempotent(request.ctx, {
      key: Array.isArray(key) ? key.join(',') : key,
      route: `${request.method} ${request.routeOptions.url ?? request.url}`,
      params: request.params,
      body: String(request.headers['content-type'] ?? '').startsWith('multipart/') ? null : request.body,
    });
    if (decision.kind === 'replay') {
      reply.header('idempotent-replayed', 'true').status(decision.status);
      if (decision.contentType) reply.type(decision.contentType);
      return reply.send(decision.body);
    }
    request.idempotencyKey = Array.isArray(key) ? key.join(',') : key;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (key === null) return payload;
    request.idempotencyKey = null;
    const contentType = reply.getHeader('content-type');
    await finishIdempotent(
      request.ctx,
      key,
      typeof payload === 'string'
        ? {
            status: reply.statusCode,
            contentType: typeof contentType === 'string' ? contentType : null,
            body: payload,
          }
        : null,
    );
    return payload;
  });
});
