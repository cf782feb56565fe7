import type { Kysely } from 'kysely';
import { getProfile } from '../../domain/profile.ts';
import { countByKind, WORK_QUEUE_LABELS, workQueue, type WorkQueueItem } from '../../domain/work-queues.ts';
import type { Database } from '../db/database.ts';
import { findRegisterStates } from '../repositories/unit-result.repository.ts';
import { findUnitByCode, findUnits } from '../repositories/unit.repository.ts';
import { AppError, assertInScope, inScope, requireActor, today, type ServiceContext } from './context.ts';
import type { UnitInfo } from './facts.mapper.ts';
import { loadUnitRegisters } from './register-cache.ts';
import { RevisionMemo } from './revision-memo.ts';

/**
 * 工作提醒 of a village or community, or of every one of a town's units rolled up, on today or any date. The
 * units whose queue must be computed again are read through the registers kept in memory (register-cache.ts).
 */
export async function getWorkQueues(
  ctx: ServiceContext,
  input: { unit?: string | undefined; date?: string | undefined },
) {
  const actor = requireActor(ctx);
  const code = input.unit ?? actor.unitCode;
  if (!code)
    throw new AppError('VALIDATION', '请选择镇（街道）或村（社区）', [
      { path: 'unit', message: '请选择单位' },
    ]);
  assertInScope(actor, code, '单位');
  const unit = await findUnitByCode(ctx.db, code);
  if (!unit) throw new AppError('NOT_FOUND', '未找到该单位');
  if (unit.level === 1)
    throw new AppError('VALIDATION', '请选择镇（街道）或村（社区）', [
      { path: 'unit', message: '全区范围过大，请选择镇（街道）' },
    ]);
  const units =
    unit.level === 3
      ? [unit]
      : (await findUnits(ctx.db, { parentCode: unit.code })).filter(
          (u) => u.level === 3 && inScope(actor, u.code),
        );
  const t = input.date ?? today(ctx);
  const queues = await unitQueues(
    ctx.db,
    units.map((u) => ({ code: u.code, name: u.name, kind: u.kind })),
    t,
  );
  const perUnit = [];
  const items = [];
  for (const u of units) {
    const queue = queues.get(u.code)!;
    perUnit.push({ code: u.code, name: u.name, counts: countByKind(queue), total: queue.length });
    for (const i of queue) items.push({ ...i, unitName: u.name });
  }
  items.sort(
    (a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.unitCode.localeCompare(b.unitCode),
  );
  return {
    date: t,
    unit: { code: unit.code, name: unit.name, level: unit.level },
    counts: countByKind(items),
    total: items.length,
    units: perUnit,
    items,
  };
}

type QueueItem = WorkQueueItem & {
  title: string;
  person: { id: number; name: string; idMasked: string } | null;
};

/** Units' queues as last computed here (a few kilobytes each: every unit of a city fits). */
const computed = new RevisionMemo<readonly QueueItem[]>(5000);

/**
 * Each unit's queue on `t`. A unit whose register revision (read first, so a write racing this leaves the queue
 * older than its revision, never newer) has not moved since its queue was computed here keeps it: a town's page
 * computes only the villages written since, not all of them on every request.
 */
async function unitQueues(
  db: Kysely<Database>,
  units: readonly UnitInfo[],
  t: string,
): Promise<Map<string, readonly QueueItem[]>> {
  const states = await findRegisterStates(
    db,
    units.map((u) => u.code),
  );
  const keyOf = (u: UnitInfo) => `${t}|${u.kind}`;
  const out = new Map<string, readonly QueueItem[]>();
  const stale: UnitInfo[] = [];
  for (const u of units) {
    const known = computed.get(db, u.code, states.get(u.code)!, keyOf(u));
    if (known) out.set(u.code, known);
    else stale.push(u);
  }
  if (stale.length === 0) return out;
  const profile = getProfile();
  const registers = await loadUnitRegisters(db, stale);
  for (const u of stale) {
    const register = registers.get(u.code)!;
    const items = workQueue(register.facts, t, profile).map((i): QueueItem => {
      const p = i.personId !== null ? register.people.get(i.personId) : undefined;
      return {
        ...i,
        title: WORK_QUEUE_LABELS[i.kind],
        person: p ? { id: i.personId!, name: p.name, idMasked: p.idMasked } : null,
      };
    });
    out.set(u.code, items);
    computed.set(db, u.code, states.get(u.code)!, keyOf(u), items);
  }
  return out;
}
