import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditLogRow, Database } from '../db/database.ts';
import {
  claimAuditSeq,
  findAuditRecords,
  insertAuditRecord,
  iterateAuditRecords,
  getAuditHead,
  type AuditFilter,
} from '../repositories/audit.repository.ts';
import { type ServiceContext, isoNow } from './context.ts';

export interface AuditEntry {
  action: string;
  objectType?: string | null;
  objectId?: string | number | null;
  result?: 'ok' | 'denied' | 'failed';
  detail?: Record<string, unknown> | null;
  /** who, when the context has no signed-in actor (e.g. a failed login, a CLI command) */
  actorName?: string;
}

const GENESIS = '0'.repeat(64);

function hashRecord(r: Omit<AuditLogRow, 'hash'>): string {
  // A fixed field order, so the hash does not depend on how a driver orders columns.
  const canonical = JSON.stringify([
    r.seq,
    r.at,
    r.actor_id,
    r.actor,
    r.role,
    r.scope,
    r.action,
    r.object_type,
    r.object_id,
    r.result,
    r.request_id,
    r.detail,
    r.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends one record to the hash chain. Call it with the transaction that makes the change, so the change
 * and its record commit or vanish together.
 */
export async function recordAudit(
  trx: Kysely<Database> | Transaction<Database>,
  ctx: Pick<ServiceContext, 'actor' | 'requestId' | 'now'>,
  entry: AuditEntry,
): Promise<void> {
  const { seq, prevHash } = await claimAuditSeq(trx);
  const actor = ctx.actor;
  const scope =
    actor === null
      ? null
      : actor.scopeUnits === 'all'
        ? 'all'
        : actor.scopeUnits.slice(0, 3).join(',') + (actor.scopeUnits.length > 3 ? ',…' : '');
  const base: Omit<AuditLogRow, 'hash'> = {
    seq,
    at: isoNow(ctx),
    actor_id: actor?.userId ?? null,
    actor: actor?.username ?? entry.actorName ?? 'system',
    role: actor?.role ?? null,
    scope,
    action: entry.action,
    object_type: entry.objectType ?? null,
    object_id: entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
    result: entry.result ?? 'ok',
    request_id: ctx.requestId,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    prev_hash: prevHash,
  };
  await insertAuditRecord(trx, { ...base, hash: hashRecord(base) });
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** the first record that is altered, out of order or missing */
  firstBroken: { seq: number; problem: string } | null;
}

/** Walks the chain from the start: detects any altered, inserted, reordered or deleted record. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let checked = 0;
  for await (const r of iterateAuditRecords(db)) {
    const seq = Number(r.seq);
    if (seq !== expectedSeq) {
      return {
        ok: false,
        checked,
        firstBroken: { seq: expectedSeq, problem: `第 ${expectedSeq} 条记录缺失` },
      };
    }
    if (r.prev_hash !== prevHash) {
      return {
        ok: false,
        checked,
        firstBroken: { seq, problem: `第 ${seq} 条记录与前一条的链接不符（前一条被改动或删除）` },
      };
    }
    const { hash, ...rest } = r;
    if (
      hashRecord({ ...rest, seq, actor_id: rest.actor_id === null ? null : Number(rest.actor_id) }) !== hash
    ) {
      return { ok: false, checked, firstBroken: { seq, problem: `第 ${seq} 条记录内容被改动` } };
    }
    prevHash = hash;
    expectedSeq++;
    checked++;
  }
  const head = await getAuditHead(db);
  if (Number(head.seq) !== checked) {
    return {
      ok: false,
      checked,
      firstBroken: { seq: checked + 1, problem: `末尾记录缺失：应有 ${head.seq} 条，实有 ${checked} 条` },
    };
  }
  if (checked > 0 && head.hash !== prevHash) {
    return { ok: false, checked, firstBroken: { seq: checked, problem: `第 ${checked} 条记录与链头不符` } };
  }
  return { ok: true, checked, firstBroken: null };
}

/** One page of the trail, newest first, for the audit administrator. Reading it is itself recorded. */
export async function listAuditPage(ctx: ServiceContext, filter: AuditFilter) {
  const rows = await findAuditRecords(ctx.db, filter);
  return {
    items: rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      actor: r.actor,
      role: r.role,
      scope: r.scope,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      result: r.result,
      requestId: r.request_id,
      detail: r.detail,
    })),
    nextBeforeSeq: rows.length === filter.limit ? Number(rows[rows.length - 1]!.seq) : null,
  };
}
