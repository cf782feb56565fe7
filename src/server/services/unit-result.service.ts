import type { Kysely, Transaction } from 'kysely';
import type { AssessmentResultView } from '../../api/assessment.ts';
import { assessUnit, defaultAsOf, unitIndicators, type AssessmentResult } from '../../domain/assess.ts';
import type { UnitFacts } from '../../domain/facts.ts';
import { getProfile, type StandardProfile } from '../../domain/profile.ts';
import type { AssessmentRow, Database, NewUnitResult, UnitRow } from '../db/database.ts';
import { findAssessments } from '../repositories/assessment.repository.ts';
import {
  findAssessmentStamps,
  findResultStamps,
  upsertUnitResults,
} from '../repositories/unit-result.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { groupByTown, isAssessedUnit, loadAssessmentInputs } from './assessment.service.ts';

/**
 * 看板的预计算结果 (issue 6): one `unit_result` row per village-level unit and year, so dashboards never read
 * the register. A submitted assessment's frozen snapshot wins over live computation (DOMAIN.md §6); other
 * units are scored live from the register as of the year's default evaluation date. Beside the default
 * profile, the same facts are scored under the provincial star profile (DOMAIN.md §7) for 晋级准备.
 *
 * Kept fresh by: every workflow step (`refreshUnitResult` inside its transaction), `bin/jiuye results refresh`,
 * seeding, and dashboards that find a year missing or rows older than their assessment (`ensureYearResults`).
 */

type Db = Kysely<Database> | Transaction<Database>;

/** The profile of the next level, scored for 晋级准备. */
export const NEXT_LEVEL_PROFILE_ID = 'fujian-star-community';

/** States whose snapshot is frozen: submitted and not sent back. */
const FROZEN_STATES: readonly AssessmentRow['state'][] = [
  'self_assessed',
  'town_reviewed',
  'accepted',
  'rejected',
  'awarded',
];

export interface RefreshOptions {
  /** today (YYYY-MM-DD, China time) for the default evaluation date of the current year */
  today?: string;
  /** the clock stamped on rows */
  now?: () => Date;
}

function todayOf(opts: RefreshOptions): string {
  if (opts.today) return opts.today;
  const now = opts.now?.() ?? new Date();
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** What the league table needs of a result: items, outcomes, indicators (the snapshot's view or the domain's). */
type ResultLike = Pick<
  AssessmentResultView,
  'asOf' | 'profile' | 'profileVersion' | 'total' | 'passed' | 'items' | 'outcomes'
>;

/** What a unit would still miss under the next level's profile: items short of full marks and unmet outcomes. */
export function missingUnder(result: Pick<AssessmentResult, 'items' | 'outcomes'>): string[] {
  const out: string[] = [];
  for (const item of result.items) {
    if (item.score >= item.max) continue;
    const first = item.deductions[0]?.reason ?? '';
    out.push(`${item.no}.${item.title}（${item.score}/${item.max}）${first ? `：${first}` : ''}`);
  }
  for (const o of result.outcomes) if (!o.met) out.push(`未达成：${o.text}`);
  return out;
}

/** The row of one unit: from its frozen snapshot when submitted, else from `live`. */
export function resultRow(
  unit: Pick<UnitRow, 'code' | 'kind' | 'parent_code'>,
  year: number,
  assessment: AssessmentRow | undefined,
  live: AssessmentResult | null,
  star: AssessmentResult | null,
  computedAt: string,
): NewUnitResult | null {
  const frozen =
    assessment?.snapshot && FROZEN_STATES.includes(assessment.state)
      ? (JSON.parse(assessment.snapshot) as ResultLike)
      : null;
  const result: ResultLike | null = frozen ?? live;
  if (!result) return null;
  // unitIndicators reads only items[].no/inputs and outcomes[].no/inputs, which the snapshot's view keeps as is.
  const ind = unitIndicators(result as unknown as AssessmentResult);
  const byNo = [...result.items].sort((a, b) => a.no - b.no);
  return {
    unit_code: unit.code,
    year,
    town_code: unit.parent_code,
    kind: unit.kind,
    source: frozen ? 'snapshot' : 'live',
    profile_id: result.profile,
    profile_version: result.profileVersion,
    as_of: result.asOf,
    total: result.total,
    passed: result.passed ? 1 : 0,
    item_scores: JSON.stringify(byNo.map((i) => i.score)),
    deductions: JSON.stringify(
      byNo.flatMap((i) => i.deductions.map((d) => ({ no: i.no, code: d.code, points: d.points }))),
    ),
    outcomes: JSON.stringify(
      [...result.outcomes]
        .sort((a, b) => a.no - b.no)
        .slice(0, 4)
        .map((o) => o.met),
    ),
    employment_num: ind.employmentRate.numerator,
    employment_den: ind.employmentRate.denominator,
    visit_num: ind.visitRate.numerator,
    visit_den: ind.visitRate.denominator,
    contact_num: ind.quarterlyContactRate.numerator,
    contact_den: ind.quarterlyContactRate.denominator,
    request_num: ind.requestsMetInTime.numerator,
    request_den: ind.requestsMetInTime.denominator,
    zero_num: ind.zeroEmploymentEliminated.numerator,
    zero_den: ind.zeroEmploymentEliminated.denominator,
    recommend_num: ind.recommendationCoverage.numerator,
    recommend_den: ind.recommendationCoverage.denominator,
    state: assessment && assessment.version > 0 ? assessment.state : null,
    self_total: assessment?.self_total ?? null,
    town_total: assessment?.town_total ?? null,
    district_total: assessment?.district_total ?? null,
    star_total: star?.total ?? null,
    star_passed: star ? (star.passed ? 1 : 0) : null,
    star_missing: star ? JSON.stringify(missingUnder(star)) : null,
    computed_at: computedAt,
  };
}

function scoreLive(
  facts: UnitFacts | undefined,
  year: number,
  asOf: string,
  profile: StandardProfile,
): AssessmentResult | null {
  return facts ? assessUnit(facts, { year, asOf, profile }) : null;
}

/** Recomputes and stores the results of `units` for `year`, loading the register one town at a time. */
async function refreshUnits(
  db: Db,
  units: readonly UnitRow[],
  year: number,
  opts: RefreshOptions,
): Promise<number> {
  const profile = getProfile();
  const star = getProfile(NEXT_LEVEL_PROFILE_ID);
  const asOf = defaultAsOf(year, todayOf(opts), profile);
  const computedAt = (opts.now?.() ?? new Date()).toISOString();
  const assessments = new Map(
    (
      await findAssessments(
        db,
        year,
        units.map((u) => u.code),
      )
    ).map((a) => [a.unit_code, a]),
  );
  let written = 0;
  for (const chunk of groupByTown(units)) {
    const { facts } = await loadAssessmentInputs(db, chunk);
    const rows: NewUnitResult[] = [];
    for (const u of chunk) {
      const f = facts.get(u.code);
      const a = assessments.get(u.code);
      const frozen = a?.snapshot && FROZEN_STATES.includes(a.state);
      const row = resultRow(
        u,
        year,
        a,
        frozen ? null : scoreLive(f, year, asOf, profile),
        scoreLive(f, year, asOf, star),
        computedAt,
      );
      if (row) rows.push(row);
    }
    await upsertUnitResults(db, rows);
    written += rows.length;
  }
  return written;
}

/**
 * Recomputes one unit's row for `year` — called inside every workflow transaction, so the dashboard shows the
 * step as soon as it commits. One unit's register is read (a few milliseconds at district scale).
 */
export async function refreshUnitResult(
  db: Db,
  unitCode: string,
  year: number,
  opts: RefreshOptions = {},
): Promise<void> {
  const units = (await findUnits(db, { codes: [unitCode], includeInactive: true })).filter(isAssessedUnit);
  await refreshUnits(db, units, year, opts);
}

/** Recomputes every village-level unit's row for `year` (the CLI, seeding, a dashboard finding none). */
export async function refreshAllUnitResults(
  db: Db,
  year: number,
  opts: RefreshOptions & { units?: readonly string[] } = {},
): Promise<{ units: number }> {
  const units = (await findUnits(db, { codes: opts.units })).filter(isAssessedUnit);
  return { units: await refreshUnits(db, units, year, opts) };
}

/**
 * Before a dashboard reads `year`: computes the rows that are missing (a year never computed, a new unit) or
 * older than their assessment row (a write made outside the workflow service). Returns how many it wrote;
 * usually 0, and then this costs two small indexed reads.
 */
export async function ensureYearResults(
  db: Kysely<Database>,
  year: number,
  opts: RefreshOptions = {},
): Promise<number> {
  const [units, stamps, assessed] = await Promise.all([
    findUnits(db, {}),
    findResultStamps(db, year),
    findAssessmentStamps(db, year),
  ]);
  const computed = new Map(stamps.map((s) => [s.unit_code, s.computed_at]));
  const changed = new Map(assessed.map((a) => [a.unit_code, a.updated_at]));
  const todo = units.filter((u) => {
    if (!isAssessedUnit(u)) return false;
    const at = computed.get(u.code);
    if (at === undefined) return true;
    const upd = changed.get(u.code);
    return upd !== undefined && upd > at;
  });
  if (todo.length === 0) return 0;
  return refreshUnits(db, todo, year, opts);
}
