import { endOfYear, startOfYear, yearOf } from '../../domain/dates.ts';
import { SIX_IN_PLACE, unitWorkProblems, type UnitWorkInput } from '../../domain/service-records.ts';
import type { TownActivityRow, UnitRecordRow } from '../db/database.ts';
import { findUnitByCode, findUnits } from '../repositories/unit.repository.ts';
import {
  deleteActivityRow,
  deleteUnitRecordRow,
  findActivities,
  findActivity,
  findUnitRecord,
  findUnitRecords,
  insertActivity,
  insertUnitRecord,
  updateActivityRow,
  updateUnitRecordRow,
} from '../repositories/unit-work.repository.ts';
import { recordAudit } from './audit.service.ts';
import {
  AppError,
  assertInScope,
  inScope,
  isoNow,
  requireActor,
  today,
  type Actor,
  type ServiceContext,
} from './context.ts';
import {
  archiveDeleted,
  evidenceOf,
  storeEvidence,
  type EvidenceUpload,
  type EvidenceView,
} from './evidence.service.ts';
import { problemsError } from './service-record.service.ts';
import { registerChanged } from './unit-result.service.ts';

/**
 * 村级工作 (unit records of a village or community, with evidence) and the activities of towns and the district
 * (四(三) 宣传动员, 四(四) 业务培训). Item 1 and item 7 read the unit records as they are stored here.
 */

function presentUnitRecord(r: UnitRecordRow, files: EvidenceView[]) {
  return {
    id: r.id,
    unitCode: r.unit_code,
    type: r.type,
    subtype: r.subtype,
    date: r.date,
    ledgerClass: r.ledger_class,
    year: yearOf(r.date),
    participants: r.participants === null ? null : Number(r.participants),
    title: r.title,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    files,
  };
}

async function villageInScope(ctx: ServiceContext, unitCode: string) {
  const actor = requireActor(ctx);
  assertInScope(actor, unitCode, '单位');
  const unit = await findUnitByCode(ctx.db, unitCode);
  if (!unit) throw new AppError('NOT_FOUND', '未找到该单位');
  return { actor, unit };
}

async function loadUnitRecord(ctx: ServiceContext, id: number): Promise<UnitRecordRow> {
  const actor = requireActor(ctx);
  const r = await findUnitRecord(ctx.db, id);
  if (!r || !inScope(actor, r.unit_code)) throw new AppError('NOT_FOUND', '未找到该记录，或无权查看');
  return r;
}

/** 村级工作 of one unit and year, with the state of the six 到位 (which the annex does not score). */
export async function listUnitRecords(
  ctx: ServiceContext,
  input: { unit: string; year?: number | undefined; type?: string | undefined },
) {
  await villageInScope(ctx, input.unit);
  const year = input.year ?? yearOf(today(ctx));
  const [rows, six] = await Promise.all([
    findUnitRecords(ctx.db, [input.unit], startOfYear(year), endOfYear(year), input.type),
    findUnitRecords(ctx.db, [input.unit], '0000-01-01', endOfYear(year), '六到位'),
  ]);
  const files = await evidenceOf(
    ctx,
    'unit_record',
    rows.map((r) => r.id),
  );
  const done = new Set(six.map((r) => r.subtype));
  return {
    unitCode: input.unit,
    year,
    items: rows.map((r) => presentUnitRecord(r, files.get(r.id) ?? [])),
    sixInPlace: SIX_IN_PLACE.map((element) => ({ element, done: done.has(element) })),
  };
}

export async function getUnitRecord(ctx: ServiceContext, id: number) {
  const r = await loadUnitRecord(ctx, id);
  return presentUnitRecord(r, (await evidenceOf(ctx, 'unit_record', [id])).get(id) ?? []);
}

function unitRecordColumns(input: Omit<UnitWorkInput, 'type'>) {
  return {
    date: input.date,
    subtype: input.subtype ?? null,
    ledger_class: input.ledgerClass ?? null,
    participants: input.participants ?? null,
    title: input.title || null,
    note: input.note || null,
  };
}

/** 新增村级工作记录 — for a village or community in scope. */
export async function createUnitRecord(ctx: ServiceContext, input: UnitWorkInput & { unitCode: string }) {
  const { actor, unit } = await villageInScope(ctx, input.unitCode);
  if (unit.level !== 3)
    throw new AppError('VALIDATION', '村级工作只能记在村（社区）；镇（街道）的宣传和培训请登记为镇级活动', [
      { path: 'unitCode', message: '请选择村（社区）' },
    ]);
  const problems = unitWorkProblems(input, today(ctx));
  if (problems.length) throw problemsError(problems);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertUnitRecord(trx, {
      unit_code: unit.code,
      type: input.type,
      ...unitRecordColumns(input),
      created_by: actor.userId,
      created_at: isoNow(ctx),
      updated_at: null,
      updated_by: null,
    });
    await registerChanged(trx, ctx, [unit.code], []);
    await recordAudit(trx, ctx, {
      action: 'unit_record.create',
      objectType: 'unit_record',
      objectId: id,
      detail: { unit: unit.code, type: input.type, date: input.date },
    });
    return id;
  });
  return getUnitRecord(ctx, id);
}

export async function updateUnitRecord(
  ctx: ServiceContext,
  id: number,
  input: Omit<UnitWorkInput, 'type'> & { version: number },
) {
  const r = await loadUnitRecord(ctx, id);
  if (r.version !== input.version) throw new AppError('VERSION_CONFLICT');
  const problems = unitWorkProblems({ ...input, type: r.type as UnitWorkInput['type'] }, today(ctx));
  if (problems.length) throw problemsError(problems);
  await ctx.db.transaction().execute(async (trx) => {
    if (
      !(await updateUnitRecordRow(trx, id, input.version, {
        ...unitRecordColumns(input),
        updated_at: isoNow(ctx),
        updated_by: requireActor(ctx).userId,
      }))
    )
      throw new AppError('VERSION_CONFLICT');
    await registerChanged(trx, ctx, [r.unit_code], []);
    await recordAudit(trx, ctx, {
      action: 'unit_record.update',
      objectType: 'unit_record',
      objectId: id,
      detail: { unit: r.unit_code, type: r.type },
    });
  });
  return getUnitRecord(ctx, id);
}

/** 删除 — the record moves whole to the archive of deleted records; the scores no longer see it. */
export async function deleteUnitRecord(
  ctx: ServiceContext,
  id: number,
  input: { version: number; reason?: string | undefined },
) {
  const r = await loadUnitRecord(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteUnitRecordRow(trx, id, input.version))) throw new AppError('VERSION_CONFLICT');
    await registerChanged(trx, ctx, [r.unit_code], []);
    await archiveDeleted(trx, ctx, {
      type: 'unit_record',
      id,
      unitCode: r.unit_code,
      row: r,
      reason: input.reason,
      detail: { type: r.type, date: r.date },
    });
  });
  return { ok: true as const };
}

export async function addUnitRecordEvidence(ctx: ServiceContext, id: number, upload: EvidenceUpload) {
  const r = await loadUnitRecord(ctx, id);
  return ctx.db
    .transaction()
    .execute((trx) => storeEvidence(ctx, trx, { type: 'unit_record', id, unitCode: r.unit_code }, upload));
}

export async function checkUnitRecordAccess(ctx: ServiceContext, id: number): Promise<void> {
  await loadUnitRecord(ctx, id);
}

// ——— 镇（街道）、区 activities ———

/**
 * Units whose activities an actor sees: those in scope, and the town and district above the actor's own unit
 * (a village attends its town's and the district's training). null = all.
 */
async function visibleActivityUnits(ctx: ServiceContext, actor: Actor): Promise<string[] | null> {
  if (actor.scopeUnits === 'all') return null;
  const codes = new Set(actor.scopeUnits);
  let code = actor.unitCode;
  for (let i = 0; i < 2 && code; i++) {
    const u = await findUnitByCode(ctx.db, code);
    code = u?.parent_code ?? null;
    if (code) codes.add(code);
  }
  return [...codes];
}

async function loadActivity(ctx: ServiceContext, id: number, forWrite: boolean): Promise<TownActivityRow> {
  const actor = requireActor(ctx);
  const a = await findActivity(ctx.db, id);
  const visible = a ? await visibleActivityUnits(ctx, actor) : [];
  if (!a || (visible !== null && !visible.includes(a.unit_code)))
    throw new AppError('NOT_FOUND', '未找到该活动，或无权查看');
  if (forWrite && !inScope(actor, a.unit_code)) throw new AppError('FORBIDDEN', '只能修改本单位组织的活动');
  return a;
}

async function presentActivities(ctx: ServiceContext, rows: TownActivityRow[]) {
  const [files, units] = await Promise.all([
    evidenceOf(
      ctx,
      'town_activity',
      rows.map((r) => r.id),
    ),
    findUnits(ctx.db, { codes: [...new Set(rows.map((r) => r.unit_code))], includeInactive: true }),
  ]);
  const names = new Map(units.map((u) => [u.code, u.name]));
  return rows.map((r) => ({
    id: r.id,
    unitCode: r.unit_code,
    unitName: names.get(r.unit_code) ?? r.unit_code,
    kind: r.kind,
    channel: r.channel,
    title: r.title,
    date: r.date,
    organiser: r.organiser,
    participants: r.participants === null ? null : Number(r.participants),
    audience: r.audience,
    note: r.note,
    createdAt: r.created_at,
    version: r.version,
    files: files.get(r.id) ?? [],
  }));
}

/** 宣传动员 and 业务培训 of a year that the actor may see (or of one town / the district). */
export async function listActivities(
  ctx: ServiceContext,
  input: { unit?: string | undefined; year?: number | undefined },
) {
  const actor = requireActor(ctx);
  const year = input.year ?? yearOf(today(ctx));
  const visible = await visibleActivityUnits(ctx, actor);
  if (input.unit && visible !== null && !visible.includes(input.unit))
    throw new AppError('NOT_FOUND', '未找到该单位，或无权查看');
  const rows = await findActivities(
    ctx.db,
    input.unit ? [input.unit] : visible,
    startOfYear(year),
    endOfYear(year),
  );
  return { year, items: await presentActivities(ctx, rows) };
}

export async function getActivity(ctx: ServiceContext, id: number) {
  const [item] = await presentActivities(ctx, [await loadActivity(ctx, id, false)]);
  return item!;
}

export interface ActivityInput {
  unitCode?: string | undefined;
  kind: string;
  channel?: string | undefined;
  title: string;
  date: string;
  organiser?: string | undefined;
  participants?: number | undefined;
  audience?: string | undefined;
  note?: string | undefined;
}

function activityColumns(input: Omit<ActivityInput, 'unitCode' | 'kind'>, kind: string) {
  return {
    channel: kind === '宣传动员' ? (input.channel ?? null) : null,
    title: input.title,
    date: input.date,
    organiser: input.organiser || null,
    participants: input.participants ?? null,
    audience: input.audience || null,
    note: input.note || null,
  };
}

/** 新增镇（街道）、区活动 — by town staff for their town, by district staff for the district. */
export async function createActivity(ctx: ServiceContext, input: ActivityInput) {
  const actor = requireActor(ctx);
  const code = input.unitCode ?? actor.unitCode ?? (await findUnits(ctx.db, { kind: 'district' }))[0]?.code;
  if (!code)
    throw new AppError('VALIDATION', '请选择组织单位', [{ path: 'unitCode', message: '请选择组织单位' }]);
  assertInScope(actor, code, '单位');
  const unit = await findUnitByCode(ctx.db, code);
  if (!unit || unit.level > 2)
    throw new AppError('VALIDATION', '镇级活动只能记在镇（街道）或区', [
      { path: 'unitCode', message: '请选择镇（街道）或区' },
    ]);
  if (input.date > today(ctx)) throw problemsError([{ path: 'date', message: '日期不能晚于今天' }]);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const now = isoNow(ctx);
    const id = await insertActivity(trx, {
      unit_code: code,
      kind: input.kind,
      ...activityColumns(input, input.kind),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, ctx, {
      action: 'activity.create',
      objectType: 'town_activity',
      objectId: id,
      detail: { unit: code, kind: input.kind, date: input.date },
    });
    return id;
  });
  return getActivity(ctx, id);
}

export async function updateActivity(
  ctx: ServiceContext,
  id: number,
  input: Omit<ActivityInput, 'unitCode' | 'kind'> & { version: number },
) {
  const a = await loadActivity(ctx, id, true);
  if (a.version !== input.version) throw new AppError('VERSION_CONFLICT');
  if (input.date > today(ctx)) throw problemsError([{ path: 'date', message: '日期不能晚于今天' }]);
  await ctx.db.transaction().execute(async (trx) => {
    if (
      !(await updateActivityRow(trx, id, input.version, {
        ...activityColumns(input, a.kind),
        updated_at: isoNow(ctx),
      }))
    )
      throw new AppError('VERSION_CONFLICT');
    await recordAudit(trx, ctx, {
      action: 'activity.update',
      objectType: 'town_activity',
      objectId: id,
      detail: { unit: a.unit_code },
    });
  });
  return getActivity(ctx, id);
}

export async function deleteActivity(
  ctx: ServiceContext,
  id: number,
  input: { version: number; reason?: string | undefined },
) {
  const a = await loadActivity(ctx, id, true);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteActivityRow(trx, id, input.version))) throw new AppError('VERSION_CONFLICT');
    await archiveDeleted(trx, ctx, {
      type: 'town_activity',
      id,
      unitCode: a.unit_code,
      row: a,
      reason: input.reason,
      detail: { title: a.title },
    });
  });
  return { ok: true as const };
}

export async function addActivityEvidence(ctx: ServiceContext, id: number, upload: EvidenceUpload) {
  const a = await loadActivity(ctx, id, true);
  return ctx.db
    .transaction()
    .execute((trx) => storeEvidence(ctx, trx, { type: 'town_activity', id, unitCode: a.unit_code }, upload));
}

export async function checkActivityAccess(ctx: ServiceContext, id: number, forWrite: boolean): Promise<void> {
  await loadActivity(ctx, id, forWrite);
}
