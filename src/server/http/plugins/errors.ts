import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_MESSAGES, ERROR_STATUS, type ErrorBody, type ErrorCode } from '../../../api/errors.ts';
import { AppError, isDatabaseBusy } from '../../services/context.ts';

function body(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: ErrorBody['error']['details'],
): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}), requestId } };
}

/**
 * A write that lost a race against a uniqueness rule of the database (one person per ID number, one assessment
 * per unit and year, one award per unit…): the other request won, this one is a conflict, not a failure.
 */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Errors the router raises before any route, hook or error handler runs: an address that is not valid
 * percent-encoding, or a path parameter longer than the router reads. Answered like every other refusal —
 * a Chinese message, no framework code.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 400 : 500;
  if (status === 500) request.log.error({ err: error }, 'router error');
  const message =
    error.code === 'FST_ERR_BAD_URL'
      ? '网址格式有误'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? '网址中的参数过长'
        : ERROR_MESSAGES.INTERNAL;
  void reply
    .status(status)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(body(status === 400 ? 'VALIDATION' : 'INTERNAL', message, request.id));
}

/** The one error funnel: Chinese messages for users, no internals in any body. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply
        .status(ERROR_STATUS[error.code])
        .send(
          body(
            error.code,
            error.message === error.code ? ERROR_MESSAGES[error.code] : error.message,
            request.id,
            error.details,
          ),
        );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        path: `${error.validationContext ?? ''}${v.instancePath}`.replace(/^body\//, '').replace(/\//g, '.'),
        message: v.message ?? '无效',
      }));
      const message = `输入有误：${details.map((d) => (d.path ? `${d.path} ${d.message}` : d.message)).join('；')}`;
      return reply
        .status(400)
        .send(body('VALIDATION', message.slice(0, 500), request.id, details.slice(0, 20)));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response does not match its schema');
      return reply.status(500).send(body('INTERNAL', ERROR_MESSAGES.INTERNAL, request.id));
    }
    // another process holds SQLite's write lock (a long import): nothing was written, and saying so beats a 500
    if (isDatabaseBusy(error)) {
      request.log.warn({ err: error }, 'database busy');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send(body('BUSY', ERROR_MESSAGES.BUSY, request.id));
    }
    if (isUniqueViolation(error))
      return reply
        .status(409)
        .send(body('CONFLICT', '与已有数据冲突（可能刚由他人录入），请刷新后查看', request.id));
    const status = error.statusCode ?? 500;
    if (status === 429)
      return reply.status(429).send(body('RATE_LIMITED', ERROR_MESSAGES.RATE_LIMITED, request.id));
    if (status === 413)
      return reply.status(413).send(body('PAYLOAD_TOO_LARGE', ERROR_MESSAGES.PAYLOAD_TOO_LARGE, request.id));
    if (status >= 400 && status < 500) {
      // Framework-level client errors: malformed JSON, unsupported media type, bad content length…
      const message =
        error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? '不支持的内容类型'
          : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? '请求内容为空'
            : '请求格式有误';
      return reply
        .status(status === 404 ? 404 : 400)
        .send(body(status === 404 ? 'NOT_FOUND' : 'VALIDATION', message, request.id));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL', ERROR_MESSAGES.INTERNAL, request.id));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('NOT_FOUND', '接口不存在', request.id));
  });
});
