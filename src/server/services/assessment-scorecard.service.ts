import {
  ASSESSMENT_STATE_LABELS,
  type AssessmentListItem,
  type AssessmentResultView,
  type AssessmentStateName,
  type ScorecardView,
} from '../../api/assessment.ts';
import { assessUnit } from '../../domain/assess.ts';
import {
  DEFAULT_PROFILE_ID,
  daysLate,
  deadlineIn,
  findProfile,
  getProfile,
  listProfiles,
  type CalendarDeadlines,
  type StandardProfile,
} from '../../domain/profile.ts';
import type { AssessmentAwardRow, AssessmentRow, NewUnitResult, UnitRow } from '../db/database.ts';
import {
  findAssessment,
  findAssessments,
  findAwardByUnit,
  findAwards,
  findUploadMeta,
} from '../repositories/assessment.repository.ts';
import { findUnitByCode, findUnits } from '../repositories/unit.repository.ts';
import { findUnitResults, updateLiveUnitResult } from '../repositories/unit-result.repository.ts';
import {
  assessedUnitsInScope,
  computeUnit,
  isAssessedUnit,
  loadAssessmentInputs,
  presentResult,
  requireProfile,
  resolveAsOf,
} from './assessment.service.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, inScope, requireActor, today, type ServiceContext } from './context.ts';
import { ensureYearResults, resultRow } from './unit-result.service.ts';

/** The scores a village, town or district entered for one item. */
export interface EnteredScore {
  no: number;
  score: number;
  reason?: string | null;
  comment?: string | null;
}

export function parseScores(json: string | null): EnteredScore[] | null {
  return json === null ? null : (JSON.parse(json) as EnteredScore[]);
}

/** A submitted assessment shows its frozen snapshot; a draft or returned one is computed live. */
export function isFrozen(row: AssessmentRow | undefined): row is AssessmentRow & { snapshot: string } {
  return !!row && row.snapshot !== null && row.state !== 'draft' && row.state !== 'returned';
}

/** The unit an actor may see, village-level, or NOT_FOUND (existence is not disclosed outside scope). */
export async function requireAssessedUnit(ctx: ServiceContext, code: string): Promise<UnitRow> {
  const actor = requireActor(ctx);
  const unit = inScope(actor, code) ? await findUnitByCode(ctx.db, code) : undefined;
  if (!unit || !isAssessedUnit(unit)) throw new AppError('NOT_FOUND', '未找到该村（社区），或无权查看');
  return unit;
}

export function calendarOf(profile: StandardProfile, year: number): Record<keyof CalendarDeadlines, string> {
  return {
    townPlanDue: deadlineIn(profile, year, 'townPlanDue'),
    selfAssessmentDue: deadlineIn(profile, year, 'selfAssessmentDue'),
    townReviewDue: deadlineIn(profile, year, 'townReviewDue'),
    districtAcceptanceDue: deadlineIn(profile, year, 'districtAcceptanceDue'),
  };
}

/**
 * Days late of each step: as recorded when the step was taken, or — for the step now awaited — how overdue it
 * is today (null: not due yet, or not this step's turn).
 */
function lateness(
  ctx: ServiceContext,
  row: AssessmentRow | undefined,
  year: number,
  profile: StandardProfile,
) {
  const state: AssessmentStateName = row?.state ?? 'draft';
  const now = today(ctx);
  const overdue = (which: keyof CalendarDeadlines) => {
    const d = daysLate(profile, year, which, now);
    return d > 0 ? d : null;
  };
  return {
    self:
      row?.self_days_late ??
      (state === 'draft' || state === 'returned' ? overdue('selfAssessmentDue') : null),
    town: row?.town_days_late ?? (state === 'self_assessed' ? overdue('townReviewDue') : null),
    district:
      row?.district_days_late ?? (state === 'town_reviewed' ? overdue('districtAcceptanceDue') : null),
  };
}

export function presentAward(a: AssessmentAwardRow | undefined) {
  if (!a) return null;
  return {
    year: a.year,
    amountFen: a.amount_fen,
    recommendedUpward: a.recommended_upward === 1,
    status: a.approved_by === null ? ('proposed' as const) : ('approved' as const),
    proposedBy: a.proposed_by,
    proposedAt: a.proposed_at,
    approvedBy: a.approved_by,
    approvedAt: a.approved_at,
  };
}

function total(scores: EnteredScore[] | null): number | null {
  return scores === null ? null : scores.reduce((s, i) => s + i.score, 0);
}

/**
 * 考核评分标准表 of one unit and year: the computed result (live, or the snapshot frozen at submission), and the
 * village's, town's and district's scores side by side. `profile`/`asOf` ask for a live "what if" computation.
 */
export async function getScorecard(
  ctx: ServiceContext,
  code: string,
  year: number,
  query: { profile?: string | undefined; asOf?: string | undefined } = {},
): Promise<ScorecardView> {
  const unit = await requireAssessedUnit(ctx, code);
  const [row, town, award] = await Promise.all([
    findAssessment(ctx.db, code, year),
    unit.parent_code ? findUnitByCode(ctx.db, unit.parent_code) : Promise.resolve(undefined),
    findAwardByUnit(ctx.db, code),
  ]);
  const profile = requireProfile(query.profile ?? row?.profile_id);
  const frozen = isFrozen(row) && query.asOf === undefined && profile.id === row.profile_id;
  // The current year's live result under the default profile is what the list and dashboards store for the
  // unit: computed here anyway, it is written back, so a fix the worker just made shows there too.
  const storable =
    !frozen &&
    !isFrozen(row) &&
    query.asOf === undefined &&
    profile.id === DEFAULT_PROFILE_ID &&
    year === Number(today(ctx).slice(0, 4));
  const startedAt = ctx.now().toISOString();
  let result: AssessmentResultView;
  let stored: NewUnitResult | null = null;
  if (frozen) result = JSON.parse(row.snapshot) as AssessmentResultView;
  else if (!storable)
    result = await computeUnit(ctx.db, unit, year, resolveAsOf(ctx, year, query.asOf, profile), profile);
  else {
    const asOf = resolveAsOf(ctx, year, undefined, profile);
    const inputs = await loadAssessmentInputs(ctx.db, [unit]);
    const facts = inputs.facts.get(unit.code)!;
    const live = assessUnit(facts, { year, asOf, profile });
    result = presentResult(live, inputs.maskedIds);
    stored = resultRow(unit, year, row, live, null, startedAt);
  }
  const resultProfile = findProfile(result.profile) ?? profile;
  const self = parseScores(row?.self_scores ?? null);
  const townScores = parseScores(row?.town_scores ?? null);
  const district = parseScores(row?.district_scores ?? null);
  const attachment = row?.report_upload_id
    ? (await findUploadMeta(ctx.db, [row.report_upload_id]))[0]
    : undefined;

  await ctx.db.transaction().execute(async (trx) => {
    if (stored) await updateLiveUnitResult(trx, stored);
    // the audit record last, as in every transaction: rows are locked in one order (see docs/ARCHITECTURE.md)
    await recordAudit(trx, ctx, {
      action: 'assessment.scorecard.view',
      objectType: 'assessment',
      objectId: `${code}/${year}`,
      detail: { live: !frozen },
    });
  });

  const state: AssessmentStateName = row?.state ?? 'draft';
  return {
    unit: unit.code,
    name: unit.name,
    kind: unit.kind,
    townCode: town?.code ?? null,
    townName: town?.name ?? null,
    year,
    state,
    stateLabel: ASSESSMENT_STATE_LABELS[state],
    version: row?.version ?? 0,
    live: !frozen,
    result,
    rows: resultProfile.items.map((def) => {
      const computed = result.items.find((i) => i.no === def.no)?.score ?? 0;
      const s = self?.find((i) => i.no === def.no);
      const t = townScores?.find((i) => i.no === def.no);
      const d = district?.find((i) => i.no === def.no);
      return {
        no: def.no,
        group: def.group,
        title: def.title,
        content: def.content,
        criteria: def.criteria,
        max: def.max,
        computed,
        self: s?.score ?? null,
        selfReason: s?.reason ?? null,
        town: t?.score ?? null,
        townComment: t?.comment ?? null,
        district: d?.score ?? null,
        districtComment: d?.comment ?? null,
      };
    }),
    totals: { computed: result.total, self: total(self), town: total(townScores), district: total(district) },
    report: {
      text: row?.report_text ?? null,
      attachment: attachment
        ? { id: attachment.id, filename: attachment.filename, mime: attachment.mime, size: attachment.size }
        : null,
      submittedAt: row?.self_at ?? null,
    },
    returnReason: row?.return_reason ?? null,
    townComment: row?.town_comment ?? null,
    districtComment: row?.district_comment ?? null,
    deadlines: calendarOf(resultProfile, year),
    daysLate: lateness(ctx, row, year, resultProfile),
    award: presentAward(award),
  };
}

/**
 * The list of village-level units in scope for a year (optionally one town): state, totals and lateness. The
 * computed totals are the stored per-unit results (`unit_result`): a submitted assessment's frozen snapshot, or
 * the live result as last computed — rewritten by every workflow step in its own transaction, by the
 * scorecard's live computation under the default profile, and by `results refresh`. Only rows missing for the
 * year are computed here, never every unit on every request. A unit of a past year without register data by
 * then was not assessed: no computed total.
 */
export async function listAssessments(ctx: ServiceContext, year: number, town?: string) {
  const actor = requireActor(ctx);
  const profile = getProfile();
  let units = await assessedUnitsInScope(ctx);
  if (town !== undefined) units = units.filter((u) => u.parent_code === town);
  const codes = units.map((u) => u.code);
  const whole = actor.scopeUnits === 'all' && town === undefined;
  await ensureYearResults(ctx.db, year, {
    today: today(ctx),
    now: ctx.now,
    units: whole ? undefined : codes,
  });
  const [rows, results, awards, towns] = await Promise.all([
    findAssessments(ctx.db, year, codes),
    findUnitResults(ctx.db, year, whole ? null : codes),
    findAwards(ctx.db, codes),
    findUnits(ctx.db, {
      codes: [...new Set(units.map((u) => u.parent_code).filter((c): c is string => c !== null))],
      includeInactive: true,
    }),
  ]);
  const rowOf = new Map(rows.map((r) => [r.unit_code, r]));
  const resultOf = new Map(results.map((r) => [r.unit_code, r]));
  const awardOf = new Map(awards.map((a) => [a.unit_code, a]));
  const townName = new Map(towns.map((t) => [t.code, t.name]));

  const items: AssessmentListItem[] = units.map((u) => {
    const row = rowOf.get(u.code);
    const state: AssessmentStateName = row?.state ?? 'draft';
    const frozen = isFrozen(row);
    const stored = resultOf.get(u.code);
    const assessed = stored !== undefined && stored.source !== 'none';
    const rowProfile = findProfile(row?.profile_id ?? profile.id) ?? profile;
    return {
      unit: u.code,
      name: u.name,
      kind: u.kind,
      townCode: u.parent_code,
      townName: u.parent_code ? (townName.get(u.parent_code) ?? null) : null,
      state,
      stateLabel: ASSESSMENT_STATE_LABELS[state],
      version: row?.version ?? 0,
      live: !frozen,
      computedTotal: frozen ? (row.computed_total ?? 0) : assessed ? stored.total : null,
      passed: frozen ? row.computed_passed === 1 : assessed && stored.passed === 1,
      asOf: frozen ? row.as_of : assessed ? stored.as_of : null,
      computedAt: stored?.computed_at ?? null,
      selfTotal: row?.self_total ?? null,
      townTotal: row?.town_total ?? null,
      districtTotal: row?.district_total ?? null,
      daysLate: lateness(ctx, row, year, rowProfile),
      award: presentAward(awardOf.get(u.code)),
    };
  });
  return { year, profile: profile.id, deadlines: calendarOf(profile, year), items };
}

/** The standard profiles, for choosing one and printing its table. */
export function presentProfiles() {
  return listProfiles().map((p) => ({
    id: p.id,
    version: p.version,
    name: p.name,
    source: p.source,
    passScore: p.passScore,
    awardAmountFen: p.awardAmountYuan * 100,
    calendar: { ...p.calendar },
    items: p.items.map((i) => ({
      no: i.no,
      group: i.group,
      title: i.title,
      content: i.content,
      max: i.max,
      criteria: i.criteria,
    })),
  }));
}
