import { performance } from 'node:perf_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { AssessmentResultView } from '../../api/assessment.ts';
import { assessUnit, defaultAsOf, unitIndicators, type AssessmentResult } from '../../domain/assess.ts';
import type { UnitFacts } from '../../domain/facts.ts';
import { getProfile, type StandardProfile } from '../../domain/profile.ts';
import type { AssessmentRow, Database, NewUnitResult, UnitRow } from '../db/database.ts';
import { findAssessments } from '../repositories/assessment.repository.ts';
import {
  findStaleResultUnits,
  findUnitsWithPersonsBefore,
  bumpRegisterRevisions,
  markResultsStale,
  upsertUnitResults,
} from '../repositories/unit-result.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { noteRegisterWrite } from './register-cache.ts';
import { ASSESSED_KINDS, groupByTown, isAssessedUnit, loadAssessmentInputs } from './assessment.service.ts';
import { isoNow, type ServiceContext } from './context.ts';

/**
 * 看板的预计算结果 (issue 6): one `unit_result` row per village-level unit and year, so dashboards never read
 * the register. A submitted assessment's frozen snapshot wins over live computation (DOMAIN.md §6); other
 * units are scored live from the register as of the year's default evaluation date. Beside the default
 * profile, the same facts are scored under the provincial star profile (DOMAIN.md §7) for 晋级准备.
 *
 * A past year is scored from the register only for units whose register held persons by that year's
 * evaluation date: today's register says nothing about a year before it was kept, so a unit that did not
 * apply then gets a row marked `none` (未考核) that every dashboard leaves out.
 *
 * Kept fresh by: every workflow step (`refreshUnitResult` inside its transaction), `bin/jiuye results refresh`,
 * seeding, and readers that find a year's row missing, stamped stale or older than its assessment
 * (`ensureYearResults`). A write to a unit's register does not recompute the row — that would put the unit's
 * whole register on every edit — but stamps its live rows stale in the write's transaction (`registerChanged`);
 * the next dashboard or list recomputes just the stamped units. The scorecard, computed live, writes the current
 * year's default-profile result back when someone looks at it (`updateLiveUnitResult`).
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

/** The row of a unit not assessed in `year`: it did not apply, and the register held no data by then. */
export function notAssessedRow(
  unit: Pick<UnitRow, 'code' | 'kind' | 'parent_code'>,
  year: number,
  assessment: AssessmentRow | undefined,
  asOf: string,
  profile: StandardProfile,
  computedAt: string,
): NewUnitResult {
  return {
    unit_code: unit.code,
    year,
    town_code: unit.parent_code,
    kind: unit.kind,
    source: 'none',
    profile_id: profile.id,
    profile_version: profile.version,
    as_of: asOf,
    total: 0,
    passed: 0,
    item_scores: '[]',
    deductions: '[]',
    outcomes: '[]',
    employment_num: 0,
    employment_den: 0,
    visit_num: 0,
    visit_den: 0,
    contact_num: 0,
    contact_den: 0,
    request_num: 0,
    request_den: 0,
    zero_num: 0,
    zero_den: 0,
    recommend_num: 0,
    recommend_den: 0,
    state: assessment && assessment.version > 0 ? assessment.state : null,
    self_total: assessment?.self_total ?? null,
    town_total: assessment?.town_total ?? null,
    district_total: assessment?.district_total ?? null,
    star_total: null,
    star_passed: null,
    star_missing: null,
    computed_at: computedAt,
  };
}

/** The first instant after the evaluation date (YYYY-MM-DD, China time), as the ISO text rows are stamped with. */
function endOfDayInChina(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString();
}

function scoreLive(
  facts: UnitFacts | undefined,
  year: number,
  asOf: string,
  profile: StandardProfile,
): AssessmentResult | null {
  return facts ? assessUnit(facts, { year, asOf, profile }) : null;
}

/**
 * Recomputes and stores the results of `units` for `year`, loading the register one town at a time. A past
 * year loads only the units whose register held persons by its evaluation date; the others without a frozen
 * snapshot are stored as not assessed.
 */
async function refreshUnits(
  db: Db,
  units: readonly UnitRow[],
  year: number,
  opts: RefreshOptions,
): Promise<number> {
  const profile = getProfile();
  const star = getProfile(NEXT_LEVEL_PROFILE_ID);
  const today = todayOf(opts);
  const asOf = defaultAsOf(year, today, profile);
  const past = year < Number(today.slice(0, 4));
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
    const codes = chunk.map((u) => u.code);
    const withData = past
      ? await findUnitsWithPersonsBefore(db, codes, endOfDayInChina(asOf))
      : new Set(codes);
    const loaded = chunk.filter((u) => withData.has(u.code));
    const { facts } = loaded.length ? await loadAssessmentInputs(db, loaded) : { facts: new Map() };
    const rows: NewUnitResult[] = [];
    for (const u of chunk) {
      const f = facts.get(u.code);
      const a = assessments.get(u.code);
      const frozen = !!a?.snapshot && FROZEN_STATES.includes(a.state);
      const row =
        frozen || f
          ? resultRow(
              u,
              year,
              a,
              frozen ? null : scoreLive(f, year, asOf, profile),
              scoreLive(f, year, asOf, star),
              computedAt,
            )
          : notAssessedRow(u, year, a, asOf, profile, computedAt);
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

/** Register writes made by this process: a year found fresh is trusted only while there has been none since. */
let registerWrites = 0;

/**
 * Call in the transaction of every write to units' register (persons, households, histories, services, unit
 * records, vacancies): raises the units' register revisions and stamps their live results stale, so the next
 * reader recomputes them. `persons`: every person of those units whose own rows (the person, employment,
 * registrations, difficulty, services) the write changed, so that readers in this process read only those
 * again (register-cache.ts); leave it out when the write cannot name them all.
 */
export async function registerChanged(
  db: Db,
  ctx: Pick<ServiceContext, 'now'>,
  unitCodes: readonly string[],
  persons?: readonly number[],
): Promise<void> {
  registerWrites++;
  noteRegisterWrite(await bumpRegisterRevisions(db, unitCodes), persons);
  await markResultsStale(db, unitCodes, isoNow(ctx));
}

/** When each year's whole set of rows was last found fresh, per database (performance.now()), and the writes then. */
const checkedAt = new WeakMap<Kysely<Database>, Map<number, { at: number; writes: number }>>();
/**
 * How long a whole year found fresh is trusted before it is checked again, when this process has made no
 * register write since. Workflow steps rewrite their row in their own transaction, so this only delays noticing
 * a unit added, an assessment written outside the workflow service, or another app process's register write.
 */
const RECHECK_MS = 30_000;

/**
 * Before a dashboard or list reads `year`: computes the rows that are missing (a year never computed, a new
 * unit) or older than their assessment row (a write made outside the workflow service), for `units` (default:
 * every village-level unit). Returns how many it wrote; usually 0, and then this costs one indexed query — or
 * nothing, when the whole year was found fresh in the last half minute.
 */
export async function ensureYearResults(
  db: Kysely<Database>,
  year: number,
  opts: RefreshOptions & { units?: readonly string[] | undefined } = {},
): Promise<number> {
  let memo = checkedAt.get(db);
  if (!memo) checkedAt.set(db, (memo = new Map()));
  const last = memo.get(year);
  if (last !== undefined && last.writes === registerWrites && performance.now() - last.at < RECHECK_MS)
    return 0;
  const writes = registerWrites;
  const stale = await findStaleResultUnits(db, year, ASSESSED_KINDS, opts.units ?? null);
  const written = stale.length
    ? await refreshUnits(db, await findUnits(db, { codes: stale }), year, opts)
    : 0;
  if (opts.units === undefined) memo.set(year, { at: performance.now(), writes });
  return written;
}
