import { getProfile } from '../../domain/profile.ts';
import { countByKind, WORK_QUEUE_LABELS, workQueue } from '../../domain/work-queues.ts';
import { loadRegisterRows } from '../repositories/register.repository.ts';
import { findUnitByCode, findUnits } from '../repositories/unit.repository.ts';
import { AppError, assertInScope, inScope, requireActor, today, type ServiceContext } from './context.ts';
import { unitFactsFromRows } from './facts.mapper.ts';

/**
 * 工作提醒 of a village or community, or of every one of a town's units rolled up, on today or any date. The
 * rows of all the units come in one query per table (loadRegisterRows), never one per person.
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
  const profile = getProfile();
  const rows = await loadRegisterRows(
    ctx.db,
    units.map((u) => u.code),
  );
  const facts = unitFactsFromRows(
    rows,
    units.map((u) => ({ code: u.code, name: u.name, kind: u.kind })),
  );
  const persons = new Map(rows.persons.map((p) => [p.id, p]));

  const perUnit = [];
  const items = [];
  for (const u of units) {
    const queue = workQueue(facts.get(u.code)!, t, profile);
    perUnit.push({ code: u.code, name: u.name, counts: countByKind(queue), total: queue.length });
    for (const i of queue) {
      const p = i.personId !== null ? persons.get(i.personId) : undefined;
      items.push({
        ...i,
        title: WORK_QUEUE_LABELS[i.kind],
        unitName: u.name,
        person: p ? { id: p.id, name: p.name, idMasked: p.id_masked } : null,
      });
    }
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
