import { flagNames, PERSON_FLAG } from '../../domain/ledgers.ts';
import {
  isVacancyOpen,
  rankSeekers,
  rankVacancies,
  splitTerms,
  type SeekerForMatching,
  type VacancyForMatching,
} from '../../domain/matching.ts';
import type { ServiceMode } from '../../domain/facts.ts';
import type { PersonRow, UnitRow, VacancyRow } from '../db/database.ts';
import { findUnitByCode, findUnits } from '../repositories/unit.repository.ts';
import {
  deleteVacancyRow,
  findJobSeekers,
  findVacancies,
  findVacancy,
  insertVacancy,
  updateVacancyRow,
} from '../repositories/vacancy.repository.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, assertInScope, isoNow, requireActor, today, type ServiceContext } from './context.ts';
import { archiveDeleted } from './evidence.service.ts';
import { ensureFlagsFresh } from './flags.service.ts';
import { loadPersonInScope, presentListItem } from './person.service.ts';
import { createServiceRecord } from './service-record.service.ts';
import { registerChanged } from './unit-result.service.ts';

/**
 * 岗位信息 and the job board: vacancies collected by villages, communities and towns, the board of a unit, and
 * matching between vacancies and job seekers (src/domain/matching.ts). Vacancies hold no personal data, so any
 * reader of the register sees the district's vacancies; only a unit in scope may add or change its own.
 */

export interface VacancyInput {
  employer: string;
  post: string;
  headcount: number;
  payText?: string | undefined;
  payMinFen?: number | undefined;
  payMaxFen?: number | undefined;
  place?: string | undefined;
  requirements?: string | undefined;
  trades: string[];
  ageMin?: number | undefined;
  ageMax?: number | undefined;
  sex?: 'M' | 'F' | undefined;
  education?: string | undefined;
  contact?: string | undefined;
  source?: string | undefined;
  collectedOn?: string | undefined;
  validUntil?: string | undefined;
  closedOn?: string | undefined;
}

type UnitNames = Map<string, Pick<UnitRow, 'code' | 'name' | 'parent_code' | 'level'>>;

async function allUnits(ctx: ServiceContext): Promise<UnitNames> {
  const units = await findUnits(ctx.db, { includeInactive: true });
  return new Map(units.map((u) => [u.code, u]));
}

/** The town of a unit: its parent for a village, itself for a town. */
function townOf(units: UnitNames, code: string): string | null {
  const u = units.get(code);
  if (!u) return null;
  return u.level === 3 ? u.parent_code : u.level === 2 ? u.code : null;
}

export function presentVacancy(v: VacancyRow, unitName: string, t: string) {
  return {
    id: v.id,
    unitCode: v.unit_code,
    unitName,
    employer: v.employer,
    post: v.post,
    headcount: Number(v.headcount),
    payText: v.pay_text,
    payMinFen: v.pay_min_fen === null ? null : Number(v.pay_min_fen),
    payMaxFen: v.pay_max_fen === null ? null : Number(v.pay_max_fen),
    place: v.place,
    requirements: v.requirements,
    trades: splitTerms(v.trades),
    ageMin: v.age_min,
    ageMax: v.age_max,
    sex: v.sex,
    education: v.education,
    contact: v.contact,
    source: v.source,
    collectedOn: v.collected_on,
    validUntil: v.valid_until,
    closedOn: v.closed_on,
    open: isVacancyOpen({ collectedOn: v.collected_on, validUntil: v.valid_until, closedOn: v.closed_on }, t),
    version: v.version,
  };
}

function forMatching(v: VacancyRow, units: UnitNames): VacancyForMatching {
  return {
    id: v.id,
    unitCode: v.unit_code,
    townCode: townOf(units, v.unit_code),
    employer: v.employer,
    post: v.post,
    trades: splitTerms(v.trades),
    ageMin: v.age_min,
    ageMax: v.age_max,
    sex: v.sex,
    education: v.education,
  };
}

/** A person as matching reads them: wanted trades and skills are free-text lists. */
function seekerOf(p: PersonRow, units: UnitNames): SeekerForMatching {
  return {
    id: p.id,
    unitCode: p.unit_code,
    townCode: townOf(units, p.unit_code),
    birthDate: p.birth_date,
    sex: p.sex,
    education: p.education,
    wantedTrades: splitTerms(p.wanted_trades),
    skills: splitTerms(p.skills),
  };
}

function checkVacancy(input: VacancyInput, t: string) {
  const problems: { path: string; message: string }[] = [];
  const collected = input.collectedOn ?? t;
  if (collected > t) problems.push({ path: 'collectedOn', message: '收集日期不能晚于今天' });
  if (input.validUntil && input.validUntil < collected)
    problems.push({ path: 'validUntil', message: '有效期不能早于收集日期' });
  if (input.ageMin !== undefined && input.ageMax !== undefined && input.ageMin > input.ageMax)
    problems.push({ path: 'ageMax', message: '年龄上限不能小于下限' });
  if (input.payMinFen !== undefined && input.payMaxFen !== undefined && input.payMinFen > input.payMaxFen)
    problems.push({ path: 'payMaxFen', message: '薪酬上限不能小于下限' });
  if (problems.length) throw new AppError('VALIDATION', problems.map((p) => p.message).join('；'), problems);
  return {
    employer: input.employer,
    post: input.post,
    headcount: input.headcount,
    pay_text: input.payText || null,
    pay_min_fen: input.payMinFen ?? null,
    pay_max_fen: input.payMaxFen ?? null,
    place: input.place || null,
    requirements: input.requirements || null,
    trades:
      input.trades
        .map((s) => s.trim())
        .filter(Boolean)
        .join('、') || null,
    age_min: input.ageMin ?? null,
    age_max: input.ageMax ?? null,
    sex: input.sex ?? null,
    education: input.education ?? null,
    contact: input.contact || null,
    source: input.source || null,
    collected_on: collected,
    valid_until: input.validUntil ?? null,
    closed_on: input.closedOn ?? null,
  };
}

async function loadVacancy(ctx: ServiceContext, id: number, forWrite: boolean): Promise<VacancyRow> {
  const actor = requireActor(ctx);
  const v = await findVacancy(ctx.db, id);
  if (!v) throw new AppError('NOT_FOUND', '未找到该岗位');
  if (forWrite) assertInScope(actor, v.unit_code, '岗位');
  return v;
}

export async function getVacancy(ctx: ServiceContext, id: number) {
  const v = await loadVacancy(ctx, id, false);
  return presentVacancy(v, (await findUnitByCode(ctx.db, v.unit_code))?.name ?? v.unit_code, today(ctx));
}

/** 岗位列表 — vacancies collected by one unit (or everywhere), optionally only those open on a date. */
export async function listVacancies(
  ctx: ServiceContext,
  input: { unit?: string | undefined; openOn?: string | undefined; limit: number },
) {
  requireActor(ctx);
  const rows = await findVacancies(ctx.db, {
    units: input.unit ? [input.unit] : null,
    openOn: input.openOn,
    limit: input.limit,
  });
  const units = await allUnits(ctx);
  const t = today(ctx);
  return { items: rows.map((v) => presentVacancy(v, units.get(v.unit_code)?.name ?? v.unit_code, t)) };
}

/** 新增岗位信息 — collected by a village, community or town in scope. */
export async function createVacancy(ctx: ServiceContext, input: VacancyInput & { unitCode: string }) {
  const actor = requireActor(ctx);
  assertInScope(actor, input.unitCode, '单位');
  const unit = await findUnitByCode(ctx.db, input.unitCode);
  if (!unit || unit.level === 1)
    throw new AppError('VALIDATION', '岗位信息由村（社区）或镇（街道）收集', [
      { path: 'unitCode', message: '请选择村（社区）或镇（街道）' },
    ]);
  const columns = checkVacancy(input, today(ctx));
  const id = await ctx.db.transaction().execute(async (trx) => {
    const now = isoNow(ctx);
    const id = await insertVacancy(trx, {
      unit_code: unit.code,
      ...columns,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await registerChanged(trx, ctx, [unit.code], []);
    await recordAudit(trx, ctx, {
      action: 'vacancy.create',
      objectType: 'vacancy',
      objectId: id,
      detail: { unit: unit.code, employer: input.employer, post: input.post },
    });
    return id;
  });
  return getVacancy(ctx, id);
}

export async function updateVacancy(
  ctx: ServiceContext,
  id: number,
  input: VacancyInput & { version: number },
) {
  const v = await loadVacancy(ctx, id, true);
  if (v.version !== input.version) throw new AppError('VERSION_CONFLICT');
  const columns = checkVacancy(input, today(ctx));
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateVacancyRow(trx, id, input.version, { ...columns, updated_at: isoNow(ctx) })))
      throw new AppError('VERSION_CONFLICT');
    await registerChanged(trx, ctx, [v.unit_code], []);
    await recordAudit(trx, ctx, {
      action: 'vacancy.update',
      objectType: 'vacancy',
      objectId: id,
      detail: { unit: v.unit_code },
    });
  });
  return getVacancy(ctx, id);
}

export async function deleteVacancy(
  ctx: ServiceContext,
  id: number,
  input: { version: number; reason?: string | undefined },
) {
  const v = await loadVacancy(ctx, id, true);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteVacancyRow(trx, id, input.version))) throw new AppError('VERSION_CONFLICT');
    await registerChanged(trx, ctx, [v.unit_code], []);
    await archiveDeleted(trx, ctx, {
      type: 'vacancy',
      id,
      unitCode: v.unit_code,
      row: v,
      reason: input.reason,
      detail: { employer: v.employer, post: v.post },
    });
  });
  return { ok: true as const };
}

/**
 * 信息发布栏 of a unit on a date: the vacancies open that day collected by the unit, by the town and district
 * above it, and — on a town's board — by its villages.
 */
export async function getBoard(ctx: ServiceContext, input: { unit: string; date?: string | undefined }) {
  const actor = requireActor(ctx);
  assertInScope(actor, input.unit, '单位');
  const units = await allUnits(ctx);
  const unit = units.get(input.unit);
  if (!unit) throw new AppError('NOT_FOUND', '未找到该单位');
  const sources = new Set([unit.code]);
  for (let code = unit.parent_code; code; code = units.get(code)?.parent_code ?? null) sources.add(code);
  if (unit.level === 2) for (const u of units.values()) if (u.parent_code === unit.code) sources.add(u.code);
  const t = input.date ?? today(ctx);
  const rows = await findVacancies(ctx.db, { units: [...sources], openOn: t, limit: 500 });
  return {
    unit: { code: unit.code, name: unit.name },
    date: t,
    items: rows.map((v) => presentVacancy(v, units.get(v.unit_code)?.name ?? v.unit_code, t)),
  };
}

/** 推荐岗位 — open vacancies ranked for one job seeker (wanted trade, place, requirements). */
export async function matchVacanciesForPerson(ctx: ServiceContext, personId: number, date?: string) {
  const p = await loadPersonInScope(ctx, personId);
  const t = date ?? today(ctx);
  const units = await allUnits(ctx);
  const open = await findVacancies(ctx.db, { units: null, openOn: t, limit: 2000 });
  const seeker = seekerOf(p, units);
  const byId = new Map(open.map((v) => [v.id, v]));
  const ranked = rankVacancies(
    seeker,
    open.map((v) => forMatching(v, units)),
    t,
  );
  return {
    personId,
    date: t,
    items: ranked.map((r) => ({
      vacancy: presentVacancy(
        byId.get(r.vacancy.id)!,
        units.get(r.vacancy.unitCode)?.name ?? r.vacancy.unitCode,
        t,
      ),
      match: r.match,
    })),
  };
}

/** 匹配求职者 — registered unemployed, or able and willing and not employed, in the actor's scope, best first. */
export async function matchSeekersForVacancy(ctx: ServiceContext, vacancyId: number, date?: string) {
  const actor = requireActor(ctx);
  const v = await loadVacancy(ctx, vacancyId, false);
  const t = date ?? today(ctx);
  const scope = actor.scopeUnits === 'all' ? null : actor.scopeUnits;
  await ensureFlagsFresh(ctx.db, scope, today(ctx));
  const units = await allUnits(ctx);
  const rows = await findJobSeekers(ctx.db, scope, {
    registered: PERSON_FLAG.registeredUnemployed,
    labourAbleWilling: PERSON_FLAG.labour | PERSON_FLAG.ableAndWilling,
    employed: PERSON_FLAG.employed,
  });
  const seekers = rows
    // a registered person who works or cannot work is not looking: the flags say so
    .filter((p) => (p.flags & PERSON_FLAG.employed) === 0 && (p.flags & PERSON_FLAG.ableAndWilling) !== 0)
    .map((p) => ({ ...seekerOf(p, units), row: p }));
  const ranked = rankSeekers(forMatching(v, units), seekers, t);
  return {
    vacancyId,
    date: t,
    items: ranked.map((r) => ({
      person: {
        ...presentListItem(r.seeker.row, units.get(r.seeker.unitCode)?.name ?? r.seeker.unitCode, t),
        flags: flagNames(r.seeker.row.flags),
      },
      match: r.match,
    })),
  };
}

/** 推荐 — records the 推荐就业 of one person to this vacancy in one call (result 待反馈). */
export async function recommendVacancy(
  ctx: ServiceContext,
  vacancyId: number,
  input: {
    personId: number;
    date?: string | undefined;
    mode?: ServiceMode | undefined;
    staff?: string | undefined;
    content?: string | undefined;
  },
) {
  const v = await loadVacancy(ctx, vacancyId, false);
  return createServiceRecord(ctx, input.personId, {
    type: '推荐就业',
    vacancyId: v.id,
    employer: v.employer,
    post: v.post,
    result: '待反馈',
    date: input.date,
    mode: input.mode,
    staff: input.staff,
    content: input.content,
  });
}
