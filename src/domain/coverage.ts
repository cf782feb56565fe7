/**
 * 覆盖率 — 一、工作目标: by the end of 2020, district-level 充分就业社区 in 100 % of communities and 充分就业村 in
 * ≥ 50 % of villages (DOMAIN.md §1). Coverage = accepted units ÷ all units of that kind, per year, for any set
 * of units (a town's or the district's).
 */

import type { UnitKind } from './facts.ts';
import { coverageTargetFor, meetsRate, type StandardProfile } from './profile.ts';

/** What coverage needs to know about one unit: its kind and the years it was accepted (验收合格). */
export interface UnitAcceptance {
  kind: UnitKind;
  acceptedYears: readonly number[];
  /** years an assessment of the unit ended 验收不合格 (a failed re-review when the unit was accepted before) */
  rejectedYears?: readonly number[];
}

/** Coverage of one kind of unit. */
export interface KindCoverage {
  accepted: number;
  total: number;
  /** null when there is no unit of the kind */
  rate: number | null;
  /** the profile's target for the year, null when none applies yet */
  target: number | null;
  /** true when the target is met, or when there is no target or no unit */
  met: boolean;
}

/**
 * Accepted for `year`: accepted that year, or an earlier year when acceptance persists (`acceptancePersists`).
 * Under a yearly re-review (`yearlyReReview`) an earlier acceptance lapses from the first year after it in
 * which the unit's re-review ended 不合格, until it is accepted again.
 */
export function isAcceptedIn(
  unit: Pick<UnitAcceptance, 'acceptedYears' | 'rejectedYears'>,
  year: number,
  profile: StandardProfile,
): boolean {
  if (unit.acceptedYears.includes(year)) return true;
  if (!profile.acceptancePersists) return false;
  let last: number | null = null;
  for (const y of unit.acceptedYears) if (y < year && (last === null || y > last)) last = y;
  if (last === null) return false;
  if (!profile.yearlyReReview) return true;
  return !(unit.rejectedYears ?? []).some((y) => y > last && y <= year);
}

/** Coverage of communities and villages among `units` in `year`, against the profile's targets. */
export function coverageOf(
  units: readonly UnitAcceptance[],
  year: number,
  profile: StandardProfile,
): { community: KindCoverage; village: KindCoverage } {
  const target = coverageTargetFor(profile, year);
  const of = (kind: 'community' | 'village'): KindCoverage => {
    const ofKind = units.filter((u) => u.kind === kind);
    const accepted = ofKind.filter((u) => isAcceptedIn(u, year, profile)).length;
    const goal = target === null ? null : target[kind];
    return {
      accepted,
      total: ofKind.length,
      rate: ofKind.length === 0 ? null : accepted / ofKind.length,
      target: goal,
      met: goal === null || ofKind.length === 0 || meetsRate(accepted, ofKind.length, goal),
    };
  };
  return { community: of('community'), village: of('village') };
}
