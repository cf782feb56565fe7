import type { Transaction, Updateable } from 'kysely';
import type { AssessmentStateName, ReviewRequest, SelfAssessRequest } from '../../api/assessment.ts';
import { daysLate, getProfile, type CalendarDeadlines, type StandardProfile } from '../../domain/profile.ts';
import type { AssessmentRow, AssessmentTable, Database, UnitRow } from '../db/database.ts';
import {
  approveAward,
  ensureAssessmentRow,
  findAssessment,
  findAwardByUnit,
  findTransitions,
  insertAward,
  insertMismatchFlag,
  insertTransition,
  updateAssessment,
} from '../repositories/assessment.repository.ts';
import { computeUnit, requireProfile, resolveAsOf } from './assessment.service.ts';
import { requireAssessedUnit, type EnteredScore } from './assessment-scorecard.service.ts';
import { storeUpload, type AttachmentInput } from './assessment-upload.service.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, isoNow, requireActor, today, type ServiceContext } from './context.ts';
import { refreshUnitResult } from './unit-result.service.ts';

/**
 * 考核验收 workflow (DOMAIN.md §6): draft → self_assessed → town_reviewed (or returned → self_assessed again)
 * → accepted / rejected → awarded. Each step is one transaction: the optimistic version check, the change,
 * a transition record (who, when, from, to, why, days late) and the audit record.
 */

type Trx = Transaction<Database>;

export const ACTION_LABELS: Record<string, string> = {
  self_assess: '提交自评',
  return: '退回村（社区）',
  forward: '初核上报',
  accept: '验收合格',
  reject: '验收不合格',
  award_propose: '提出奖补',
  award_approve: '批准奖补',
};

/** Opens (creates if needed) the draft of a unit and year. Concurrent calls share the one row. */
export async function openAssessment(
  ctx: ServiceContext,
  code: string,
  year: number,
): Promise<AssessmentRow> {
  await requireAssessedUnit(ctx, code);
  return ensureDraft(ctx, ctx.db, code, year, getProfile());
}

function ensureDraft(
  ctx: ServiceContext,
  db: ServiceContext['db'] | Trx,
  code: string,
  year: number,
  profile: StandardProfile,
) {
  const now = isoNow(ctx);
  // version 0: a draft nobody has written yet (what the API shows for a unit without a record)
  return ensureAssessmentRow(db, {
    unit_code: code,
    year,
    state: 'draft',
    profile_id: profile.id,
    created_at: now,
    updated_at: now,
    version: 0,
  });
}

interface StepSpec {
  action: keyof typeof ACTION_LABELS;
  from: readonly AssessmentStateName[];
  to: AssessmentStateName;
  expectedVersion: number;
  reason?: string | null;
  /** the calendar deadline this step answers to */
  deadline?: keyof CalendarDeadlines;
  /** the change, computed inside the transaction from the current row */
  patch: (
    row: AssessmentRow,
    trx: Trx,
    daysLateNow: number,
  ) => Promise<Updateable<AssessmentTable>> | Updateable<AssessmentTable>;
  detail?: (row: AssessmentRow) => Record<string, unknown>;
}

const WRONG_STATE: Record<string, string> = {
  self_assess: '只有未自评或已退回的考核才能提交自评',
  return: '只有已自评待初核的考核才能退回',
  forward: '只有已自评待初核的考核才能初核上报',
  accept: '只有镇（街道）已初核上报的考核才能验收',
  reject: '只有镇（街道）已初核上报的考核才能验收',
  award_propose: '只有验收合格的单位才能提出奖补',
  award_approve: '该单位没有待批准的奖补',
};

async function step(
  ctx: ServiceContext,
  unit: UnitRow,
  year: number,
  spec: StepSpec,
): Promise<AssessmentRow> {
  const actor = requireActor(ctx);
  const on = today(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const row =
      spec.action === 'self_assess'
        ? await ensureDraft(ctx, trx, unit.code, year, getProfile())
        : await findAssessment(trx, unit.code, year);
    if (!row) throw new AppError('CONFLICT', WRONG_STATE[spec.action]);
    if (row.version !== spec.expectedVersion) throw new AppError('VERSION_CONFLICT');
    if (!spec.from.includes(row.state)) throw new AppError('CONFLICT', WRONG_STATE[spec.action]);
    const profile = requireProfile(row.profile_id);
    const late = spec.deadline ? daysLate(profile, year, spec.deadline, on) : 0;
    const patch = await spec.patch(row, trx, late);
    const ok = await updateAssessment(trx, row.id, row.version, {
      ...patch,
      state: spec.to,
      updated_at: isoNow(ctx),
    });
    if (!ok) throw new AppError('VERSION_CONFLICT');
    await insertTransition(trx, {
      assessment_id: row.id,
      action: spec.action,
      from_state: row.state,
      to_state: spec.to,
      at: isoNow(ctx),
      on_date: on,
      actor_id: actor.userId,
      actor: actor.displayName || actor.username,
      role: actor.role,
      reason: spec.reason ?? null,
      days_late: late,
    });
    // the dashboards' precomputed row follows the step in the same transaction
    await refreshUnitResult(trx, unit.code, year, { today: on, now: ctx.now });
    // the audit record last, as in every transaction: rows are locked in one order (see docs/ARCHITECTURE.md)
    await recordAudit(trx, ctx, {
      action: `assessment.${spec.action}`,
      objectType: 'assessment',
      objectId: `${unit.code}/${year}`,
      detail: { from: row.state, to: spec.to, daysLate: late, ...(spec.detail?.(row) ?? {}) },
    });
    return (await findAssessment(trx, unit.code, year))!;
  });
}

/** Every item 1–8 exactly once, each score within 0…max of the profile. */
function checkScores(
  items: readonly { no: number; score: number }[],
  profile: StandardProfile,
  what: string,
): void {
  const details: { path: string; message: string }[] = [];
  const seen = new Set<number>();
  items.forEach((item, i) => {
    const def = profile.items.find((d) => d.no === item.no);
    if (!def || seen.has(item.no))
      details.push({ path: `items.${i}.no`, message: `第 ${item.no} 项重复或不存在` });
    else if (item.score > def.max)
      details.push({ path: `items.${i}.score`, message: `${what}不能超过标准分 ${def.max} 分` });
    seen.add(item.no);
  });
  if (details.length)
    throw new AppError('VALIDATION', `${what}有误：${details.map((d) => d.message).join('；')}`, details);
}

const byNo = <T extends { no: number }>(items: readonly T[]) => [...items].sort((a, b) => a.no - b.no);
const sum = (items: readonly { score: number }[]) => items.reduce((s, i) => s + i.score, 0);

async function flagMismatch(
  ctx: ServiceContext,
  trx: Trx,
  unit: UnitRow,
  year: number,
  note: string | undefined,
): Promise<void> {
  if (!note) return;
  await insertMismatchFlag(trx, {
    unit_code: unit.code,
    year,
    date: today(ctx),
    note,
    created_by: ctx.actor?.userId ?? null,
    created_at: isoNow(ctx),
  });
}

/**
 * 提交自评 (village): the 自评分 per item — pre-filled from the computed score; one that differs needs a reason —
 * with the 验收报告 and an optional attachment. Freezes the computed result as the snapshot; a resubmission after
 * a return recomputes it.
 */
export async function selfAssess(
  ctx: ServiceContext,
  code: string,
  year: number,
  input: SelfAssessRequest,
): Promise<AssessmentRow> {
  const unit = await requireAssessedUnit(ctx, code);
  const profile = requireProfile(input.profile);
  checkScores(input.items, profile, '自评分');
  return step(ctx, unit, year, {
    action: 'self_assess',
    from: ['draft', 'returned'],
    to: 'self_assessed',
    expectedVersion: input.version,
    deadline: 'selfAssessmentDue',
    patch: async (_row, trx, late) => {
      const result = await computeUnit(trx, unit, year, resolveAsOf(ctx, year, undefined, profile), profile);
      const missing = byNo(input.items).filter(
        (i) => i.score !== result.items.find((r) => r.no === i.no)?.score && !i.reason,
      );
      if (missing.length) {
        throw new AppError(
          'VALIDATION',
          `自评分与系统计算得分不同的项目须说明理由：第 ${missing.map((m) => m.no).join('、')} 项`,
          missing.map((m) => ({
            path: `items.${input.items.indexOf(m)}.reason`,
            message: '自评分与计算得分不同，请说明理由',
          })),
        );
      }
      const uploadId = input.attachment
        ? await storeUpload(ctx, trx, 'assessment_report', unit.code, input.attachment as AttachmentInput)
        : null;
      const self: EnteredScore[] = byNo(input.items).map((i) => ({
        no: i.no,
        score: i.score,
        reason: i.reason || null,
      }));
      return {
        profile_id: profile.id,
        profile_version: profile.version,
        as_of: result.asOf,
        snapshot: JSON.stringify(result),
        computed_total: result.total,
        computed_passed: result.passed ? 1 : 0,
        self_scores: JSON.stringify(self),
        self_total: sum(self),
        report_text: input.report,
        ...(uploadId !== null ? { report_upload_id: uploadId } : {}),
        self_at: isoNow(ctx),
        self_days_late: late,
        return_reason: null,
      };
    },
    detail: () => ({ selfTotal: sum(input.items) }),
  });
}

/** 退回 (town): back to the village with the reasons; the village resubmits and the score is recomputed. */
export async function returnAssessment(
  ctx: ServiceContext,
  code: string,
  year: number,
  input: { version: number; reason: string; mismatchNote?: string | undefined },
): Promise<AssessmentRow> {
  const unit = await requireAssessedUnit(ctx, code);
  return step(ctx, unit, year, {
    action: 'return',
    from: ['self_assessed'],
    to: 'returned',
    expectedVersion: input.version,
    reason: input.reason,
    deadline: 'townReviewDue',
    patch: async (_row, trx) => {
      await flagMismatch(ctx, trx, unit, year, input.mismatchNote);
      return { return_reason: input.reason };
    },
  });
}

/** 初核上报 (town): the town's score and comment per item; forwarded to the district. */
export async function forwardAssessment(
  ctx: ServiceContext,
  code: string,
  year: number,
  input: ReviewRequest,
): Promise<AssessmentRow> {
  const unit = await requireAssessedUnit(ctx, code);
  return step(ctx, unit, year, {
    action: 'forward',
    from: ['self_assessed'],
    to: 'town_reviewed',
    expectedVersion: input.version,
    reason: input.comment ?? null,
    deadline: 'townReviewDue',
    patch: async (row, trx, late) => {
      checkScores(input.items, requireProfile(row.profile_id), '初核分');
      await flagMismatch(ctx, trx, unit, year, input.mismatchNote);
      const scores = byNo(input.items).map((i) => ({ no: i.no, score: i.score, comment: i.comment || null }));
      return {
        town_scores: JSON.stringify(scores),
        town_total: sum(scores),
        town_comment: input.comment || null,
        town_at: isoNow(ctx),
        town_days_late: late,
      };
    },
    detail: () => ({ townTotal: sum(input.items) }),
  });
}

/** 考核验收 (district): 考核分 per item and a comment; accepted (at least the pass mark) or rejected. */
export async function decideAssessment(
  ctx: ServiceContext,
  code: string,
  year: number,
  input: ReviewRequest,
  accept: boolean,
): Promise<AssessmentRow> {
  const unit = await requireAssessedUnit(ctx, code);
  return step(ctx, unit, year, {
    action: accept ? 'accept' : 'reject',
    from: ['town_reviewed'],
    to: accept ? 'accepted' : 'rejected',
    expectedVersion: input.version,
    reason: input.comment ?? null,
    deadline: 'districtAcceptanceDue',
    patch: async (row, trx, late) => {
      const profile = requireProfile(row.profile_id);
      checkScores(input.items, profile, '考核分');
      const scores = byNo(input.items).map((i) => ({ no: i.no, score: i.score, comment: i.comment || null }));
      if (accept && sum(scores) < profile.passScore) {
        throw new AppError(
          'VALIDATION',
          `考核分合计 ${sum(scores)} 分，低于达标分 ${profile.passScore} 分，不能验收合格`,
          [{ path: 'items', message: '合计低于达标分' }],
        );
      }
      await flagMismatch(ctx, trx, unit, year, input.mismatchNote);
      return {
        district_scores: JSON.stringify(scores),
        district_total: sum(scores),
        district_comment: input.comment || null,
        district_at: isoNow(ctx),
        district_days_late: late,
      };
    },
    detail: () => ({ districtTotal: sum(input.items) }),
  });
}

/**
 * 提出奖补 (district assessor): the profile's award for an accepted unit, at most once per unit ever — the
 * UNIQUE constraint on the award's unit decides under races.
 */
export async function proposeAward(
  ctx: ServiceContext,
  code: string,
  year: number,
  input: { version: number; recommendedUpward: boolean; note?: string | undefined },
): Promise<AssessmentRow> {
  const unit = await requireAssessedUnit(ctx, code);
  const actor = requireActor(ctx);
  return step(ctx, unit, year, {
    action: 'award_propose',
    from: ['accepted'],
    to: 'accepted',
    expectedVersion: input.version,
    reason: input.note ?? null,
    patch: async (row, trx) => {
      const profile = requireProfile(row.profile_id);
      const inserted = await insertAward(trx, {
        unit_code: unit.code,
        assessment_id: row.id,
        year,
        amount_fen: profile.awardAmountYuan * 100,
        recommended_upward: input.recommendedUpward ? 1 : 0,
        proposed_by: actor.userId,
        proposed_at: isoNow(ctx),
        proposal_note: input.note || null,
        version: 1,
      });
      if (!inserted) {
        const existing = await findAwardByUnit(trx, unit.code);
        throw new AppError(
          'CONFLICT',
          `${unit.name}已于 ${existing?.year ?? ''} 年度获得（或已提出）奖补，每个村（社区）限一次`,
        );
      }
      return {};
    },
    detail: (row) => ({
      amountFen: requireProfile(row.profile_id).awardAmountYuan * 100,
      recommendedUpward: input.recommendedUpward,
    }),
  });
}

/** 批准奖补 (district approver): someone other than the proposer approves; the unit becomes awarded. */
export async function approveAwardStep(
  ctx: ServiceContext,
  code: string,
  year: number,
  input: { version: number; note?: string | undefined },
): Promise<AssessmentRow> {
  const unit = await requireAssessedUnit(ctx, code);
  const actor = requireActor(ctx);
  return step(ctx, unit, year, {
    action: 'award_approve',
    from: ['accepted'],
    to: 'awarded',
    expectedVersion: input.version,
    reason: input.note ?? null,
    patch: async (row, trx) => {
      const award = await findAwardByUnit(trx, unit.code);
      if (!award || award.assessment_id !== row.id || award.approved_by !== null)
        throw new AppError('CONFLICT', WRONG_STATE.award_approve);
      if (award.proposed_by === actor.userId) throw new AppError('FORBIDDEN', '奖补须由提出人以外的人批准');
      const ok = await approveAward(trx, award.id, award.version, {
        approved_by: actor.userId,
        approved_at: isoNow(ctx),
        approval_note: input.note || null,
      });
      if (!ok) throw new AppError('VERSION_CONFLICT');
      return {};
    },
  });
}

/** The transitions of one assessment, oldest first. */
export async function getHistory(ctx: ServiceContext, code: string, year: number) {
  await requireAssessedUnit(ctx, code);
  const row = await findAssessment(ctx.db, code, year);
  const transitions = row ? await findTransitions(ctx.db, row.id) : [];
  return {
    unit: code,
    year,
    state: row?.state ?? ('draft' as const),
    transitions: transitions.map((t) => ({
      action: t.action,
      actionLabel: ACTION_LABELS[t.action] ?? t.action,
      from: t.from_state,
      to: t.to_state,
      at: t.at,
      onDate: t.on_date,
      actor: t.actor,
      role: t.role,
      reason: t.reason,
      daysLate: t.days_late,
    })),
  };
}

/** What a workflow step answers: the new state and version (the client re-reads the scorecard). */
export function presentStep(row: AssessmentRow) {
  return { unit: row.unit_code, year: row.year, state: row.state, version: row.version };
}
