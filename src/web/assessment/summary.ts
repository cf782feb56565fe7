import type { AssessmentListItem } from '../../api/assessment.ts';

/** Pure helpers of the printed 考核汇总表. */

/** Whose list it is: the chosen town, the whole district, or the user's own town or unit. */
export function summaryScope(
  user: { unitName: string | null; role: string | null },
  items: readonly Pick<AssessmentListItem, 'townName'>[],
  town: string | null,
): string {
  if (town) return items[0]?.townName ?? town;
  if (!user.unitName) return '全区';
  return user.unitName;
}

/** The totals line under the list; awards count only when approved for this list's year. */
export function summaryTotals(
  items: readonly AssessmentListItem[],
  year: number,
): {
  passed: number;
  accepted: number;
  awardedYuan: number;
} {
  let passed = 0;
  let accepted = 0;
  let fen = 0;
  for (const it of items) {
    if (it.passed) passed++;
    if (it.state === 'accepted' || it.state === 'awarded') accepted++;
    if (it.award?.status === 'approved' && it.award.year === year) fen += it.award.amountFen;
  }
  return { passed, accepted, awardedYuan: fen / 100 };
}
