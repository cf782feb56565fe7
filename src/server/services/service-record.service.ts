import type { Transaction } from 'kysely';
import { addDays, daysBetween } from '../../domain/dates.ts';
import type { EmploymentForm } from '../../domain/facts.ts';
import { getProfile } from '../../domain/profile.ts';
import {
  fulfilmentProblems,
  prepareServiceRecord,
  RECOMMENDATION_ACCEPTED,
  type FieldProblem,
  type ServiceRecordInput,
  type ServiceRecordValues,
} from '../../domain/service-records.ts';
import type { ServiceRecordInputBody, ServiceRecordView } from '../../api/services.ts';
import type { Database, PersonRow, ServiceRecordRow } from '../db/database.ts';
import {
  deleteServiceRecordRow,
  findServiceRecord,
  findServiceRecordsOfPerson,
  insertServiceRecord,
  setServiceEmploymentSpell,
  updateServiceRecordRow,
} from '../repositories/service-record.repository.ts';
import { findVacancy } from '../repositories/vacancy.repository.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, assertInScope, isoNow, requireActor, today, type ServiceContext } from './context.ts';
import {
  archiveDeleted,
  evidenceOf,
  storeEvidence,
  type EvidenceUpload,
  type EvidenceView,
} from './evidence.service.ts';
import { refreshHouseholdFlags } from './flags.service.ts';
import {
  closeOpenRegistrations,
  insertEmploymentSpell,
  listLedger,
  loadPersonInScope,
} from './person.service.ts';
import { registerChanged } from './unit-result.service.ts';

/**
 * 服务记录 — the services given to one person (DOMAIN.md §3). A record is made in the person's current unit;
 * reading it needs the person in scope, changing it also needs the recording unit in scope. Every write and
 * its audit record share one transaction.
 */

/** A form's problems as one VALIDATION error naming each field. */
export function problemsError(problems: FieldProblem[]): AppError {
  return new AppError('VALIDATION', problems.map((p) => p.message).join('；'), problems);
}

export function presentServiceRecord(
  r: ServiceRecordRow,
  files: EvidenceView[],
  t: string,
): ServiceRecordView {
  const openRequest = r.type === '服务申请' && r.fulfilled_on === null;
  const due = openRequest ? addDays(r.date, getProfile().fulfilmentDays) : null;
  return {
    id: r.id,
    personId: r.person_id,
    unitCode: r.unit_code,
    type: r.type,
    date: r.date,
    mode: r.mode,
    staff: r.staff,
    content: r.content,
    // rows imported from the 服务记录 sheet carry employer and post in one 单位岗位 text
    employer: r.employer ?? r.employer_post,
    post: r.post,
    result: r.result,
    vacancyId: r.vacancy_id,
    employmentSpellId: r.employment_spell_id,
    course: r.course,
    startDate: r.start_date,
    endDate: r.end_date,
    certificate: r.certificate,
    policy: r.policy,
    amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
    subsidyStatus: r.subsidy_status,
    requestItem: r.request_item,
    fulfilledOn: r.fulfilled_on,
    fulfilDue: due,
    fulfilDaysLeft: due === null ? null : daysBetween(t, due),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    files,
  };
}

/** The columns of a record's values. */
function columnsOf(v: ServiceRecordValues) {
  return {
    type: v.type,
    date: v.date,
    mode: v.mode,
    staff: v.staff,
    content: v.content,
    employer: v.employer,
    post: v.post,
    employer_post: v.employer && v.post ? `${v.employer} ${v.post}` : (v.employer ?? v.post),
    result: v.result,
    vacancy_id: v.vacancyId,
    course: v.course,
    start_date: v.startDate,
    end_date: v.endDate,
    certificate: v.certificate,
    policy: v.policy,
    amount_fen: v.amountFen,
    subsidy_status: v.subsidyStatus,
    request_item: v.requestItem,
    fulfilled_on: v.fulfilledOn,
  };
}

/** A recommendation from the job board names its vacancy; the vacancy fills the employer and post left blank. */
async function withVacancy(ctx: ServiceContext, input: ServiceRecordInput): Promise<ServiceRecordInput> {
  if (input.type !== '推荐就业' || input.vacancyId === undefined) return input;
  const v = await findVacancy(ctx.db, input.vacancyId);
  if (!v) throw new AppError('VALIDATION', '未找到该岗位', [{ path: 'vacancyId', message: '未找到该岗位' }]);
  return { ...input, employer: input.employer || v.employer, post: input.post || v.post };
}

async function loadRecord(
  ctx: ServiceContext,
  id: number,
  forWrite: boolean,
): Promise<{ r: ServiceRecordRow; p: PersonRow }> {
  const actor = requireActor(ctx);
  const r = await findServiceRecord(ctx.db, id);
  if (!r) throw new AppError('NOT_FOUND', '未找到该服务记录');
  const p = await loadPersonInScope(ctx, r.person_id).catch(() => {
    throw new AppError('NOT_FOUND', '未找到该服务记录，或无权查看');
  });
  if (forWrite) assertInScope(actor, r.unit_code, '服务记录');
  return { r, p };
}

/**
 * The units whose register a change to `r` touches: where it was recorded, and the person's unit now (the
 * person's services count wherever they were recorded).
 */
const unitsOf = (r: ServiceRecordRow, p: PersonRow) => [...new Set([r.unit_code, p.unit_code])];

async function present(ctx: ServiceContext, r: ServiceRecordRow): Promise<ServiceRecordView> {
  const files = await evidenceOf(ctx, 'service_record', [r.id]);
  return presentServiceRecord(r, files.get(r.id) ?? [], today(ctx));
}

/** 服务记录 of one person, newest first, with their files. */
export async function listServiceRecords(ctx: ServiceContext, personId: number) {
  await loadPersonInScope(ctx, personId);
  const rows = await findServiceRecordsOfPerson(ctx.db, personId);
  const files = await evidenceOf(
    ctx,
    'service_record',
    rows.map((r) => r.id),
  );
  const t = today(ctx);
  return { personId, items: rows.map((r) => presentServiceRecord(r, files.get(r.id) ?? [], t)) };
}

export async function getServiceRecord(ctx: ServiceContext, id: number): Promise<ServiceRecordView> {
  const { r } = await loadRecord(ctx, id, false);
  return present(ctx, r);
}

/**
 * A 推荐就业 the person accepted: the employment spell (with the recommended employer) and the closure of the open
 * registration for 就业 on the job's first day, so the person leaves the registered-unemployed ledger.
 */
async function recordAcceptedJob(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  p: PersonRow,
  recordId: number,
  job: { form: EmploymentForm; start: string; employer: string | null },
) {
  const spellId = await insertEmploymentSpell(trx, ctx, p.id, job);
  const closed = await closeOpenRegistrations(trx, p.id, { closed: job.start, reason: '就业' });
  await setServiceEmploymentSpell(trx, recordId, spellId);
  await trx
    .updateTable('person')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: isoNow(ctx) }))
    .where('id', '=', p.id)
    .execute();
  await refreshHouseholdFlags(trx, p.unit_code, { personIds: [p.id] }, today(ctx));
  return { spellId, registrationsClosed: closed };
}

/** 新增服务记录 — "find, pick the type, save": everything else has a default. */
export async function createServiceRecord(
  ctx: ServiceContext,
  personId: number,
  body: ServiceRecordInputBody,
): Promise<ServiceRecordView> {
  const actor = requireActor(ctx);
  const p = await loadPersonInScope(ctx, personId);
  const prepared = prepareServiceRecord(await withVacancy(ctx, body), {
    today: today(ctx),
    staff: actor.displayName,
  });
  if (!prepared.ok) throw problemsError(prepared.problems);
  const v = prepared.values;
  const now = isoNow(ctx);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertServiceRecord(trx, {
      person_id: p.id,
      unit_code: p.unit_code,
      ...columnsOf(v),
      created_by: actor.userId,
      created_at: now,
      updated_at: null,
      updated_by: null,
      employment_spell_id: null,
    });
    const accepted = v.employment
      ? await recordAcceptedJob(trx, ctx, p, id, { ...v.employment, employer: v.employer })
      : null;
    await registerChanged(trx, ctx, [p.unit_code], [p.id]);
    await recordAudit(trx, ctx, {
      action: 'service.create',
      objectType: 'service_record',
      objectId: id,
      detail: { person: p.id, type: v.type, date: v.date, ...(accepted ? { accepted } : {}) },
    });
    return id;
  });
  return getServiceRecord(ctx, id);
}

/** 修改服务记录 — every field but the type; refused with VERSION_CONFLICT when someone changed it meanwhile. */
export async function updateServiceRecord(
  ctx: ServiceContext,
  id: number,
  body: Omit<ServiceRecordInputBody, 'type' | 'employment'> & { version: number },
): Promise<ServiceRecordView> {
  const { r, p } = await loadRecord(ctx, id, true);
  if (r.version !== body.version) throw new AppError('VERSION_CONFLICT');
  const input: ServiceRecordInput = {
    ...body,
    type: r.type as ServiceRecordInput['type'],
    date: body.date ?? r.date,
    mode: body.mode ?? (r.mode as ServiceRecordInput['mode']),
    staff: body.staff ?? r.staff ?? undefined,
  };
  const prepared = prepareServiceRecord(await withVacancy(ctx, input), {
    today: today(ctx),
    staff: r.staff ?? '',
  });
  if (!prepared.ok) throw problemsError(prepared.problems);
  if (r.employment_spell_id !== null && prepared.values.result !== RECOMMENDATION_ACCEPTED) {
    throw new AppError(
      'CONFLICT',
      '该推荐已登记为就业，不能改为其他结果；如就业有误，请在人员页面修改就业记录',
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await updateServiceRecordRow(trx, id, body.version, {
      ...columnsOf(prepared.values),
      updated_at: isoNow(ctx),
      updated_by: requireActor(ctx).userId,
    });
    if (!ok) throw new AppError('VERSION_CONFLICT');
    await registerChanged(trx, ctx, unitsOf(r, p), [r.person_id]);
    await recordAudit(trx, ctx, {
      action: 'service.update',
      objectType: 'service_record',
      objectId: id,
      detail: { person: r.person_id, type: r.type },
    });
  });
  return getServiceRecord(ctx, id);
}

/**
 * 删除服务记录 — the record leaves every ledger and score at once; its full content moves to the archive of deleted
 * records, and the audit trail keeps who deleted it and why.
 */
export async function deleteServiceRecord(
  ctx: ServiceContext,
  id: number,
  input: { version: number; reason?: string | undefined },
): Promise<{ ok: true }> {
  const { r, p } = await loadRecord(ctx, id, true);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteServiceRecordRow(trx, id, input.version))) throw new AppError('VERSION_CONFLICT');
    await registerChanged(trx, ctx, unitsOf(r, p), [r.person_id]);
    await archiveDeleted(trx, ctx, {
      type: 'service_record',
      id,
      unitCode: r.unit_code,
      personId: r.person_id,
      row: r,
      reason: input.reason,
      detail: { type: r.type, date: r.date },
    });
  });
  return { ok: true };
}

/** 联系落实 — marks a 服务申请 arranged (default today). */
export async function fulfilServiceRequest(
  ctx: ServiceContext,
  id: number,
  input: { version: number; fulfilledOn?: string | undefined },
): Promise<ServiceRecordView> {
  const { r, p } = await loadRecord(ctx, id, true);
  if (r.type !== '服务申请') throw new AppError('VALIDATION', '只有服务申请需要联系落实');
  if (r.fulfilled_on !== null) throw new AppError('CONFLICT', `该申请已于 ${r.fulfilled_on} 落实`);
  const on = input.fulfilledOn ?? today(ctx);
  const problems = fulfilmentProblems(r.date, on, today(ctx));
  if (problems.length) throw problemsError(problems);
  await ctx.db.transaction().execute(async (trx) => {
    if (
      !(await updateServiceRecordRow(trx, id, input.version, {
        fulfilled_on: on,
        updated_at: isoNow(ctx),
        updated_by: requireActor(ctx).userId,
      }))
    )
      throw new AppError('VERSION_CONFLICT');
    await registerChanged(trx, ctx, unitsOf(r, p), [r.person_id]);
    await recordAudit(trx, ctx, {
      action: 'service.fulfil',
      objectType: 'service_record',
      objectId: id,
      detail: { person: r.person_id, fulfilledOn: on },
    });
  });
  return getServiceRecord(ctx, id);
}

/** 推荐成功 — the person took the recommended job: employment from `start`, registration closed for 就业. */
export async function acceptRecommendation(
  ctx: ServiceContext,
  id: number,
  input: { version: number; form: EmploymentForm; start?: string | undefined },
): Promise<ServiceRecordView> {
  const { r, p } = await loadRecord(ctx, id, true);
  if (r.type !== '推荐就业') throw new AppError('VALIDATION', '只有推荐就业记录可以登记录用');
  if (r.employment_spell_id !== null) throw new AppError('CONFLICT', '该推荐已登记就业');
  const start = input.start ?? today(ctx);
  if (start > today(ctx)) throw problemsError([{ path: 'start', message: '就业日期不能晚于今天' }]);
  if (start < r.date) throw problemsError([{ path: 'start', message: '就业日期不能早于推荐日期' }]);
  await ctx.db.transaction().execute(async (trx) => {
    if (
      !(await updateServiceRecordRow(trx, id, input.version, {
        result: RECOMMENDATION_ACCEPTED,
        updated_at: isoNow(ctx),
        updated_by: requireActor(ctx).userId,
      }))
    )
      throw new AppError('VERSION_CONFLICT');
    const accepted = await recordAcceptedJob(trx, ctx, p, id, {
      form: input.form,
      start,
      employer: r.employer ?? r.employer_post,
    });
    await registerChanged(trx, ctx, [p.unit_code], [p.id]);
    await recordAudit(trx, ctx, {
      action: 'service.accept',
      objectType: 'service_record',
      objectId: id,
      detail: { person: p.id, start, form: input.form, ...accepted },
    });
  });
  return getServiceRecord(ctx, id);
}

/** Attaches a photo or document to a service record. */
export async function addServiceEvidence(ctx: ServiceContext, id: number, upload: EvidenceUpload) {
  const { r } = await loadRecord(ctx, id, true);
  return ctx.db
    .transaction()
    .execute((trx) =>
      storeEvidence(ctx, trx, { type: 'service_record', id: r.id, unitCode: r.unit_code }, upload),
    );
}

/** Checks that the actor may see (or, `forWrite`, change) a service record, for its files. */
export async function checkServiceRecordAccess(
  ctx: ServiceContext,
  id: number,
  forWrite: boolean,
): Promise<void> {
  await loadRecord(ctx, id, forWrite);
}

/** 快速查找 — the field form's search: name, pinyin initials or an ID number, top matches in scope. */
export async function searchPersons(
  ctx: ServiceContext,
  input: { q: string; unit?: string | undefined; limit: number },
) {
  const page = await listLedger(ctx, {
    ledger: 'all',
    unit: input.unit,
    q: input.q,
    flags: [],
    limit: input.limit,
  });
  return { items: page.items, asOf: page.asOf };
}
