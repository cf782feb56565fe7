import type { Kysely, Transaction } from 'kysely';
import type { AssessmentResultView, EvidenceView } from '../../api/assessment.ts';
import { assessUnit, defaultAsOf, type AssessmentResult } from '../../domain/assess.ts';
import { dateInYear, isIsoDate } from '../../domain/dates.ts';
import type { UnitFacts } from '../../domain/facts.ts';
import { DEFAULT_PROFILE_ID, findProfile, listProfiles, type StandardProfile } from '../../domain/profile.ts';
import type { Database, UnitRow } from '../db/database.ts';
import { findMismatchFlags } from '../repositories/assessment.repository.ts';
import { loadRegisterRows } from '../repositories/register.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { AppError, inScope, today, type ServiceContext } from './context.ts';
import { unitFactsFromRows, type UnitInfo } from './facts.mapper.ts';
import { loadUnitRegisters } from './register-cache.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Village-level unit kinds: the units the annex's table scores. */
export const ASSESSED_KINDS: readonly UnitRow['kind'][] = ['village', 'community', 'other'];

export function isAssessedUnit(u: Pick<UnitRow, 'kind' | 'level'>): boolean {
  return u.level === 3 && ASSESSED_KINDS.includes(u.kind);
}

/** A person's masked ID number by id (for evidence). */
export type MaskedIds = Pick<ReadonlyMap<number, string>, 'get'>;

/** The facts of the given units plus the masked ID of every person in them (for evidence). */
export interface AssessmentInputs {
  facts: Map<string, UnitFacts>;
  maskedIds: MaskedIds;
}

/** Up to this many units at once (a town's) are read through the register kept in memory (register-cache.ts). */
const CACHED_UNITS = 30;

/**
 * Everything the rules read for `units`, one query per table for all of them together (never one per unit
 * or person): the register rows, mapped into facts, plus reviewers' mismatch flags. Outside a transaction and
 * for a town's units or fewer, the registers come from what this process keeps, read again only where written.
 */
export async function loadAssessmentInputs(
  db: Db,
  units: readonly Pick<UnitRow, 'code' | 'name' | 'kind'>[],
): Promise<AssessmentInputs> {
  const codes = units.map((u) => u.code);
  const infos = units.map((u) => ({ code: u.code, name: u.name, kind: u.kind }));
  const cached = !db.isTransaction && units.length <= CACHED_UNITS;
  const [registers, flags] = await Promise.all([
    cached ? kept(db as Kysely<Database>, infos) : read(db, codes, infos),
    findMismatchFlags(db, codes),
  ]);
  for (const f of flags)
    registers.facts.get(f.unit_code)?.reviewerMismatchFlags.push({ id: f.id, date: f.date, note: f.note });
  return registers;
}

/** The units' registers as this process keeps them; the facts copied, with no reviewers' flags yet. */
async function kept(db: Kysely<Database>, units: readonly UnitInfo[]): Promise<AssessmentInputs> {
  const registers = await loadUnitRegisters(db, units);
  const facts = new Map<string, UnitFacts>();
  for (const [code, r] of registers) facts.set(code, { ...r.facts, reviewerMismatchFlags: [] });
  const maskedIds: MaskedIds = {
    get: (id) => {
      for (const r of registers.values()) {
        const p = r.people.get(id);
        if (p) return p.idMasked;
      }
      return undefined;
    },
  };
  return { facts, maskedIds };
}

/** The units' registers read from the database. */
async function read(db: Db, codes: readonly string[], units: readonly UnitInfo[]): Promise<AssessmentInputs> {
  const rows = await loadRegisterRows(db, codes);
  const maskedIds = new Map<number, string>();
  for (const p of rows.persons) maskedIds.set(p.id, p.id_masked);
  return { facts: unitFactsFromRows(rows, units), maskedIds };
}

/** UnitFacts of each code (unknown codes are left out). */
export async function loadUnitFacts(db: Db, unitCodes: readonly string[]): Promise<Map<string, UnitFacts>> {
  const units = await findUnits(db, { codes: unitCodes, includeInactive: true });
  return (await loadAssessmentInputs(db, units)).facts;
}

/** The profile with `id` (default quangang-2016), or a VALIDATION error naming the known ones. */
export function requireProfile(id: string | undefined): StandardProfile {
  const profile = findProfile(id ?? DEFAULT_PROFILE_ID);
  if (!profile) {
    throw new AppError(
      'VALIDATION',
      `未知的考核标准：${id}（可选：${listProfiles()
        .map((p) => p.id)
        .join('、')}）`,
      [{ path: 'profile', message: '未知的考核标准' }],
    );
  }
  return profile;
}

/** The evaluation date: given (it must lie in the year) or the default of DOMAIN.md §4. */
export function resolveAsOf(
  ctx: Pick<ServiceContext, 'now'>,
  year: number,
  asOf: string | undefined,
  profile: StandardProfile,
): string {
  if (asOf === undefined) return defaultAsOf(year, today(ctx), profile);
  if (!isIsoDate(asOf)) {
    throw new AppError('VALIDATION', `考核截止日期无效：${asOf}`, [{ path: 'asOf', message: '日期无效' }]);
  }
  if (asOf < dateInYear(year, '01-01') || asOf > dateInYear(year, '12-31')) {
    throw new AppError('VALIDATION', `考核截止日期 ${asOf} 不在 ${year} 年度内`, [
      { path: 'asOf', message: '应在考核年度内' },
    ]);
  }
  return asOf;
}

/** The domain result with person evidence carrying the masked ID (never the number itself). */
export function presentResult(result: AssessmentResult, maskedIds: MaskedIds): AssessmentResultView {
  const ev = (e: { kind: EvidenceView['kind']; id: number; label: string }): EvidenceView =>
    e.kind === 'person'
      ? { kind: e.kind, id: e.id, label: e.label, maskedId: maskedIds.get(e.id) ?? null }
      : { kind: e.kind, id: e.id, label: e.label };
  return {
    unit: result.unit,
    name: result.name,
    year: result.year,
    asOf: result.asOf,
    profile: result.profile,
    profileVersion: result.profileVersion,
    total: result.total,
    passed: result.passed,
    items: result.items.map((i) => ({
      no: i.no,
      title: i.title,
      max: i.max,
      score: i.score,
      deductions: i.deductions.map((d) => ({
        code: d.code,
        reason: d.reason,
        points: d.points,
        evidence: d.evidence.map(ev),
      })),
      notes: [...i.notes],
      inputs: { ...i.inputs },
    })),
    outcomes: result.outcomes.map((o) => ({
      no: o.no,
      text: o.text,
      met: o.met,
      detail: o.detail,
      evidence: o.evidence.map(ev),
      inputs: { ...o.inputs },
    })),
  };
}

/** Assesses every unit of `inputs` (in the order of `units`). */
export function assessLoaded(
  inputs: AssessmentInputs,
  units: readonly Pick<UnitRow, 'code'>[],
  year: number,
  asOf: string,
  profile: StandardProfile,
): AssessmentResultView[] {
  const out: AssessmentResultView[] = [];
  for (const u of units) {
    const facts = inputs.facts.get(u.code);
    if (!facts) continue;
    out.push(presentResult(assessUnit(facts, { year, asOf, profile }), inputs.maskedIds));
  }
  return out;
}

/** Computes one unit now, inside `db` (a transaction when the result is about to be frozen). */
export async function computeUnit(
  db: Db,
  unit: Pick<UnitRow, 'code' | 'name' | 'kind'>,
  year: number,
  asOf: string,
  profile: StandardProfile,
): Promise<AssessmentResultView> {
  const inputs = await loadAssessmentInputs(db, [unit]);
  const [result] = assessLoaded(inputs, [unit], year, asOf, profile);
  return result!;
}

export interface RunAssessmentOptions {
  /** one unit, or every village-level unit (in the actor's scope) when omitted */
  unit?: string;
  year: number;
  asOf?: string;
  profile?: string;
  /** called after each town's units are assessed (progress for long runs) */
  onTown?: (townCode: string, done: number) => void;
}

/** Village-level units visible to the context's actor (all of them without an actor: the server's own CLI). */
export async function assessedUnitsInScope(ctx: ServiceContext, db: Db = ctx.db): Promise<UnitRow[]> {
  const scope = ctx.actor?.scopeUnits ?? 'all';
  const units = await findUnits(db, { codes: scope === 'all' ? undefined : scope });
  return units.filter(isAssessedUnit);
}

/**
 * `assess` — scores one unit or all (the CLI and batch jobs). Rows are loaded town by town, one query per
 * table per town, so memory stays bounded at city scale while the query count stays tiny.
 */
export async function runAssessment(
  ctx: ServiceContext,
  opts: RunAssessmentOptions,
): Promise<AssessmentResultView[]> {
  const profile = requireProfile(opts.profile);
  const asOf = resolveAsOf(ctx, opts.year, opts.asOf, profile);
  if (opts.unit !== undefined) {
    const [unit] = await findUnits(ctx.db, { codes: [opts.unit], includeInactive: true });
    if (!unit || !isAssessedUnit(unit) || (ctx.actor && !inScope(ctx.actor, unit.code))) {
      throw new AppError('NOT_FOUND', `未找到村（社区）：${opts.unit}`);
    }
    return [await computeUnit(ctx.db, unit, opts.year, asOf, profile)];
  }
  const units = await assessedUnitsInScope(ctx);
  const results: AssessmentResultView[] = [];
  for (const chunk of groupByTown(units)) {
    const inputs = await loadAssessmentInputs(ctx.db, chunk);
    results.push(...assessLoaded(inputs, chunk, opts.year, asOf, profile));
    opts.onTown?.(chunk[0]!.parent_code ?? '', results.length);
  }
  return results;
}

/** Units grouped by parent town, towns in code order, units in code order within each. */
export function groupByTown<T extends Pick<UnitRow, 'code' | 'parent_code'>>(units: readonly T[]): T[][] {
  const byTown = new Map<string, T[]>();
  for (const u of [...units].sort((a, b) => a.code.localeCompare(b.code))) {
    const key = u.parent_code ?? '';
    const list = byTown.get(key);
    if (list) list.push(u);
    else byTown.set(key, [u]);
  }
  return [...byTown.values()];
}
