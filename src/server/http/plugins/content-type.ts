import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../services/context.ts';

/**
 * A form upload (multipart/form-data) is read only by the routes that declare they consume one. Sent to any
 * other route it is refused before parsing: the form parser would otherwise hand that route an empty body,
 * and a route that takes none (sign out, delete a file) would act on a request it never understood.
 */
export const contentTypePlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/api')) return;
    const type = String(request.headers['content-type'] ?? '').toLowerCase();
    if (!type.startsWith('multipart/')) return;
    const consumes = (request.routeOptions.schema as { consumes?: readonly string[] } | undefined)?.consumes;
    if (!consumes?.includes('multipart/form-data'))
      throw new AppError('VALIDATION', '不支持的内容类型：此接口只接受 JSON（application/json）');
  });
});
