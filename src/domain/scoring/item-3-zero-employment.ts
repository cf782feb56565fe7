/**
 * Item 3 — 基本消除零就业家庭 (20): 零就业家庭至少1人实现就业，当期不消除零就业家庭的，该项不得分
 * (附件 row 3; DOMAIN.md §5.3). Counted: households recognised in P, and those recognised earlier and not yet
 * eliminated when P began. One recognised in P must be eliminated by min(deadline, D) — the end of its
 * quarter by default; a carried-over one by D.
 */

import { minDate } from '../dates.ts';
import type { ZeroEmploymentStatus } from '../household.ts';
import { itemDefinition } from '../profile.ts';
import type { ScoringContext } from './context.ts';
import { householdEvidence, itemResult, type Deduction, type ItemResult } from './types.ts';

/** A counted recognition with the date it had to be eliminated by. */
export interface CountedZeroEmployment {
  status: ZeroEmploymentStatus;
  /** recognised before P and still not eliminated on its first day */
  carriedOver: boolean;
  limit: string;
  inTime: boolean;
}

/** The 零就业家庭 recognitions item 3 counts, each with its limit and verdict. */
export function countedZeroEmployment(ctx: ScoringContext): CountedZeroEmployment[] {
  const counted: CountedZeroEmployment[] = [];
  for (const status of ctx.zeroEmployment) {
    const r = status.recognition.recognized;
    if (r > ctx.asOf) continue;
    const carriedOver = r < ctx.periodStart;
    // Eliminated before P began: history, not this year's work.
    if (carriedOver && status.eliminated !== null && status.eliminated < ctx.periodStart) continue;
    const limit = carriedOver ? ctx.asOf : minDate(status.deadline, ctx.asOf);
    counted.push({
      status,
      carriedOver,
      limit,
      inTime: status.eliminated !== null && status.eliminated <= limit,
    });
  }
  return counted;
}

/** Scores 零就业家庭 elimination: every counted household in time (or none counted) → 20, else 0. */
export function scoreItem3(ctx: ScoringContext): ItemResult {
  const definition = itemDefinition(ctx.profile, 3);
  const counted = countedZeroEmployment(ctx);
  const late = counted.filter((c) => !c.inTime);
  const inputs = {
    households: counted.length,
    inTime: counted.length - late.length,
    carriedOver: counted.filter((c) => c.carriedOver).length,
    deadlineRule: ctx.profile.zeroEmploymentDeadline,
    met: late.length === 0,
  };
  const deductions: Deduction[] = [];
  if (late.length > 0) {
    deductions.push({
      code: 'item3.notEliminatedInTime',
      reason: `${late.length}户零就业家庭未按期消除（至少1人实现就业），该项不得分`,
      points: definition.max,
      evidence: late.map((c) => {
        const when = c.status.eliminated === null ? '尚未消除' : `${c.status.eliminated} 消除`;
        return householdEvidence(
          c.status.household,
          `（${c.status.recognition.recognized} 认定，期限 ${c.limit}，${when}）`,
        );
      }),
    });
  }
  return itemResult(definition, deductions, inputs, counted.length === 0 ? ['无零就业家庭'] : []);
}
