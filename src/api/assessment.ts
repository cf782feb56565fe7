import { z } from 'zod';
import { isoDate, recordIdParam, text, unitCode, version, yearParam } from './common.ts';

/** The HTTP contract of 考核验收: scorecards, the workflow steps, awards, profiles and implementation plans. */

export const ASSESSMENT_STATES = [
  'draft',
  'self_assessed',
  'returned',
  'town_reviewed',
  'accepted',
  'rejected',
  'awarded',
] as const;
export const assessmentState = z.enum(ASSESSMENT_STATES);
export type AssessmentStateName = z.infer<typeof assessmentState>;

export const ASSESSMENT_STATE_LABELS: Record<AssessmentStateName, string> = {
  draft: '未自评',
  self_assessed: '已自评待初核',
  returned: '已退回',
  town_reviewed: '已初核待验收',
  accepted: '验收合格',
  rejected: '验收不合格',
  awarded: '已奖补',
};

export const assessmentYear = z.coerce
  .number()
  .int('年度应为整数')
  .min(2000, '年度无效')
  .max(2100, '年度无效');

export const assessmentParams = z.object({ unit: unitCode, year: yearParam });

// ——— the computed result (what `bin/jiuye assess --json` prints) ———

export const evidenceView = z.object({
  kind: z.enum(['person', 'household', 'record', 'unitRecord', 'vacancy', 'reviewerFlag']),
  id: z.number(),
  label: z.string(),
  /** persons only: the ID number masked 前6后4 */
  maskedId: z.string().nullable().optional(),
});
export type EvidenceView = z.infer<typeof evidenceView>;

export const deductionView = z.object({
  code: z.string(),
  reason: z.string(),
  points: z.number(),
  evidence: z.array(evidenceView),
});

const inputValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const itemView = z.object({
  no: z.number(),
  title: z.string(),
  max: z.number(),
  score: z.number(),
  deductions: z.array(deductionView),
  notes: z.array(z.string()),
  inputs: z.record(z.string(), inputValue),
});

export const outcomeView = z.object({
  no: z.number(),
  text: z.string(),
  met: z.boolean(),
  detail: z.string(),
  evidence: z.array(evidenceView),
  inputs: z.record(z.string(), inputValue),
});

export const assessmentResultView = z.object({
  unit: z.string(),
  name: z.string(),
  year: z.number(),
  asOf: z.string(),
  profile: z.string(),
  profileVersion: z.string(),
  total: z.number(),
  passed: z.boolean(),
  items: z.array(itemView),
  outcomes: z.array(outcomeView),
});
export type AssessmentResultView = z.infer<typeof assessmentResultView>;

// ——— scorecard ———

export const scorecardQuery = z.object({ profile: z.string().max(60).optional(), asOf: isoDate.optional() });

const lateness = z.object({
  self: z.number().nullable(),
  town: z.number().nullable(),
  district: z.number().nullable(),
});

export const deadlinesView = z.object({
  townPlanDue: z.string(),
  selfAssessmentDue: z.string(),
  townReviewDue: z.string(),
  districtAcceptanceDue: z.string(),
});

export const awardView = z.object({
  year: z.number(),
  amountFen: z.number(),
  recommendedUpward: z.boolean(),
  status: z.enum(['proposed', 'approved']),
  proposedBy: z.number(),
  proposedAt: z.string(),
  approvedBy: z.number().nullable(),
  approvedAt: z.string().nullable(),
});

export const attachmentView = z.object({
  id: z.number(),
  filename: z.string(),
  mime: z.string(),
  size: z.number(),
});

export const scorecardRow = z.object({
  no: z.number(),
  group: z.string(),
  title: z.string(),
  content: z.string(),
  criteria: z.string(),
  max: z.number(),
  computed: z.number(),
  self: z.number().nullable(),
  selfReason: z.string().nullable(),
  town: z.number().nullable(),
  townComment: z.string().nullable(),
  district: z.number().nullable(),
  districtComment: z.string().nullable(),
});

export const scorecardView = z.object({
  unit: z.string(),
  name: z.string(),
  kind: z.string(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  year: z.number(),
  state: assessmentState,
  stateLabel: z.string(),
  version: z.number(),
  /** true: computed now from the register; false: the snapshot frozen at submission */
  live: z.boolean(),
  result: assessmentResultView,
  rows: z.array(scorecardRow),
  totals: z.object({
    computed: z.number(),
    self: z.number().nullable(),
    town: z.number().nullable(),
    district: z.number().nullable(),
  }),
  report: z.object({
    text: z.string().nullable(),
    attachment: attachmentView.nullable(),
    submittedAt: z.string().nullable(),
  }),
  returnReason: z.string().nullable(),
  townComment: z.string().nullable(),
  districtComment: z.string().nullable(),
  deadlines: deadlinesView,
  daysLate: lateness,
  award: awardView.nullable(),
});
export type ScorecardView = z.infer<typeof scorecardView>;

// ——— list ———

export const assessmentListQuery = z.object({ year: assessmentYear, town: unitCode.optional() });

export const assessmentListItem = z.object({
  unit: z.string(),
  name: z.string(),
  kind: z.string(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  state: assessmentState,
  stateLabel: z.string(),
  version: z.number(),
  live: z.boolean(),
  /** the stored computed total; null: not assessed (a past year whose register held no data by then) */
  computedTotal: z.number().nullable(),
  passed: z.boolean(),
  /** the evaluation date of the computed total (always sent; optional for clients built before it) */
  asOf: z.string().nullable().optional(),
  /** when the stored result was computed (a live total moves with the register: the scorecard shows it now) */
  computedAt: z.string().nullable().optional(),
  selfTotal: z.number().nullable(),
  townTotal: z.number().nullable(),
  districtTotal: z.number().nullable(),
  daysLate: lateness,
  award: awardView.nullable(),
});
export type AssessmentListItem = z.infer<typeof assessmentListItem>;

export const assessmentList = z.object({
  year: z.number(),
  profile: z.string(),
  deadlines: deadlinesView,
  items: z.array(assessmentListItem),
});

// ——— workflow steps ———

/** A file as JSON: base64 of the bytes (at most 1.5 MB). */
export const attachmentInput = z.object({
  filename: text(120).pipe(z.string().min(1, '文件名不能为空')),
  mime: z.string().max(120),
  contentBase64: z
    .string()
    .max(2_000_000, '文件过大（不能超过 1.5 MB）')
    .regex(/^[A-Za-z0-9+/=\r\n]*$/, '文件内容应为 base64'),
});

const score = z.number().int('分数应为整数').min(0, '分数不能为负');

export const selfAssessRequest = z.object({
  version,
  profile: z.string().max(60).optional(),
  items: z
    .array(z.object({ no: z.number().int().min(1).max(8), score, reason: text(500).optional() }))
    .length(8, '应填写全部 8 项自评分'),
  report: text(20_000).pipe(z.string().min(1, '请填写验收报告')),
  attachment: attachmentInput.optional(),
});
export type SelfAssessRequest = z.infer<typeof selfAssessRequest>;

const reviewItems = z
  .array(z.object({ no: z.number().int().min(1).max(8), score, comment: text(500).optional() }))
  .length(8, '应填写全部 8 项评分');

/** Also records a 台账信息与实际情况不相符 finding when `mismatchNote` is given. */
export const returnRequest = z.object({
  version,
  reason: text(2000).pipe(z.string().min(1, '请填写退回原因')),
  mismatchNote: text(500).optional(),
});
export const reviewRequest = z.object({
  version,
  items: reviewItems,
  comment: text(2000).optional(),
  mismatchNote: text(500).optional(),
});
export type ReviewRequest = z.infer<typeof reviewRequest>;
export const rejectRequest = reviewRequest.extend({
  comment: text(2000).pipe(z.string().min(1, '请填写不合格原因')),
});

export const awardProposeRequest = z.object({
  version,
  recommendedUpward: z.boolean().default(true),
  note: text(500).optional(),
});
export const awardApproveRequest = z.object({ version, note: text(500).optional() });

export const transitionView = z.object({
  action: z.string(),
  actionLabel: z.string(),
  from: z.string(),
  to: z.string(),
  at: z.string(),
  onDate: z.string(),
  actor: z.string(),
  role: z.string().nullable(),
  reason: z.string().nullable(),
  daysLate: z.number(),
});
export const historyView = z.object({
  unit: z.string(),
  year: z.number(),
  state: assessmentState,
  transitions: z.array(transitionView),
});

export const summaryQuery = z.object({ year: assessmentYear, town: unitCode.optional() });

// ——— profiles ———

export const profileView = z.object({
  id: z.string(),
  version: z.string(),
  name: z.string(),
  source: z.string(),
  passScore: z.number(),
  awardAmountFen: z.number(),
  calendar: deadlinesView,
  items: z.array(
    z.object({
      no: z.number(),
      group: z.string(),
      title: z.string(),
      content: z.string(),
      max: z.number(),
      criteria: z.string(),
    }),
  ),
});

// ——— implementation plans ———

export const planQuery = z.object({ year: assessmentYear.optional() });
export const planRequest = z.object({
  year: assessmentYear,
  title: text(200).pipe(z.string().min(1, '请填写标题')),
  note: text(2000).optional(),
  attachment: attachmentInput,
  /** the version of the plan being replaced (0 when filing the first time) */
  version,
});
export const planView = z.object({
  id: z.number(),
  townCode: z.string(),
  townName: z.string(),
  year: z.number(),
  title: z.string(),
  note: z.string().nullable(),
  attachment: attachmentView.nullable(),
  filedAt: z.string(),
  daysLate: z.number(),
  due: z.string(),
  version: z.number(),
});
export const planIdParams = z.object({ id: recordIdParam });
