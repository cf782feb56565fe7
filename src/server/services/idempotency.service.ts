import { createHash } from 'node:crypto';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  findIdempotencyKey,
  purgeIdempotencyKeys,
  releaseIdempotencyKey,
} from '../repositories/idempotency.repository.ts';
import { AppError, requireActor, type ServiceContext } from './context.ts';

/** How long a stored answer is replayed: a client retries within minutes, a day is generous. */
const KEEP_MS = 24 * 3600_000;

/** Keys are the client's own (a UUID in practice): printable ASCII, bounded. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{8,128}$/;

export interface IdempotentRequest {
  key: string;
  /** method and route pattern, e.g. `POST /api/persons` */
  route: string;
  /** the route's parameters and parsed body: a retry must send the same */
  params: unknown;
  body: unknown;
}

export type IdempotencyDecision =
  { kind: 'proceed' } | { kind: 'replay'; status: number; contentType: string | null; body: string };

function requestHash(req: IdempotentRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([req.route, req.params ?? null, req.body ?? null]))
    .digest('hex');
}

/**
 * Before a creating write runs: the first request with a key claims it and proceeds; a retry gets the first
 * answer. A retry while the first is still running, or a key reused for another request, is refused (409),
 * never run a second time. A key whose first request died before answering stays claimed: its outcome is
 * unknown, so the client checks and retries with a new key rather than risking a duplicate.
 */
export async function beginIdempotent(
  ctx: ServiceContext,
  req: IdempotentRequest,
): Promise<IdempotencyDecision> {
  const actor = requireActor(ctx);
  if (!IDEMPOTENCY_KEY_PATTERN.test(req.key))
    throw new AppError('VALIDATION', 'Idempotency-Key 应为 8–128 个可见 ASCII 字符');
  const hash = requestHash(req);
  const now = ctx.now();
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await findIdempotencyKey(ctx.db, actor.userId, req.key);
    if (existing) {
      if (existing.route !== req.route || existing.request_hash !== hash) {
        throw new AppError('CONFLICT', '该 Idempotency-Key 已用于另一个请求，请换一个新的键');
      }
      if (existing.status === 0)
        throw new AppError('CONFLICT', '相同的请求正在处理或结果未知，请查看后再用新的 Idempotency-Key 重试');
      return {
        kind: 'replay',
        status: existing.status,
        contentType: existing.content_type,
        body: existing.body ?? '',
      };
    }
    if (
      await claimIdempotencyKey(ctx.db, {
        user_id: actor.userId,
        key: req.key,
        route: req.route,
        request_hash: hash,
        created_at: now.toISOString(),
      })
    ) {
      // Old answers go on the way; a cheap indexed delete.
      if (Math.random() < 0.01)
        await purgeIdempotencyKeys(ctx.db, new Date(now.getTime() - KEEP_MS).toISOString());
      return { kind: 'proceed' };
    }
  }
  throw new AppError('CONFLICT', '相同的请求正在处理，请稍后再试');
}

/** After the write answered: keep the answer for retries; a server failure frees the key to be tried again. */
export async function finishIdempotent(
  ctx: ServiceContext,
  key: string,
  answer: { status: number; contentType: string | null; body: string } | null,
): Promise<void> {
  const actor = requireActor(ctx);
  if (answer === null || answer.status >= 500) await releaseIdempotencyKey(ctx.db, actor.userId, key);
  else
    await completeIdempotencyKey(ctx.db, actor.userId, key, answer.status, answer.contentType, answer.body);
}
