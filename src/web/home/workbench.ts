import type { AssessmentListItem, AssessmentStateName } from '../../api/assessment.ts';
import type { Role } from '../../domain/access.ts';
import { WORK_QUEUE_KINDS, WORK_QUEUE_LABELS, type WorkQueueKind } from '../../domain/work-queues.ts';
import { availableSteps, type StepKey } from '../assessment/workflow.ts';

/** Pure helpers of the 工作台 (home page): what is waiting for this user, counted from the pages' own data. */

/** The step a user takes on a unit, in the words of its button. */
export const STEP_TODO: Record<StepKey, string> = {
  self: '提交自评',
  review: '镇（街道）初核',
  decide: '区考核验收',
  propose: '提议发放奖补',
  approve: '审批奖补',
};

const STATE_ORDER: AssessmentStateName[] = [
  'draft',
  'returned',
  'self_assessed',
  'town_reviewed',
  'accepted',
  'rejected',
  'awarded',
];

export interface AssessmentTodo {
  /** units whose next step is this user's, most urgent (latest) first */
  mine: { item: AssessmentListItem; step: StepKey }[];
  /** how many units are in each state, in workflow order, empty states left out */
  byState: { state: AssessmentStateName; label: string; count: number }[];
  /** units accepted (or awarded) this year */
  accepted: number;
}

/**
 * A draft is the village's to-do only once it could pass (a unit that would fail has work to do first, not a
 * form to submit); every later step is due as soon as the unit reaches it.
 */
export function assessmentTodo(
  user: { id: number; role: Role | null },
  items: readonly AssessmentListItem[],
): AssessmentTodo {
  const mine: AssessmentTodo['mine'] = [];
  const counts = new Map<AssessmentStateName, { label: string; count: number }>();
  let accepted = 0;
  for (const item of items) {
    const c = counts.get(item.state) ?? { label: item.stateLabel, count: 0 };
    c.count++;
    counts.set(item.state, c);
    if (item.state === 'accepted' || item.state === 'awarded') accepted++;
    const step = availableSteps(user, item)[0];
    if (!step) continue;
    if (step === 'self' && item.state === 'draft' && !item.passed) continue;
    mine.push({ item, step });
  }
  const lateness = (i: AssessmentListItem) =>
    Math.max(0, ...Object.values(i.daysLate ?? {}).map((d) => d ?? 0));
  mine.sort((a, b) => lateness(b.item) - lateness(a.item) || a.item.unit.localeCompare(b.item.unit));
  const byState = STATE_ORDER.filter((s) => counts.has(s)).map((s) => ({ state: s, ...counts.get(s)! }));
  return { mine, byState, accepted };
}

/** The work-queue kinds that hold items, in the queue's order, with their labels. */
export function openQueues(
  counts: Readonly<Record<string, number>>,
): { kind: WorkQueueKind; label: string; count: number }[] {
  return WORK_QUEUE_KINDS.filter((k) => (counts[k] ?? 0) > 0).map((k) => ({
    kind: k,
    label: WORK_QUEUE_LABELS[k],
    count: counts[k]!,
  }));
}
