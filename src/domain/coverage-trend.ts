/**
 * 覆盖率走势与达标预测 — 一、工作目标 over the years: coverage of communities and villages each year from the
 * first creation year, and the year each target will be met at the current pace (DOMAIN.md §1). Units of kind
 * `other` (neither 村 nor 社区) have no target in the document: they are counted separately, never in a rate.
 */

import { coverageOf, isAcceptedIn, type KindCoverage, type UnitAcceptance } from './coverage.ts';
import { coverageTargetFor, meetsRate, type StandardProfile } from './profile.ts';

/** Coverage of one year. */
export interface CoveragePoint {
  year: number;
  community: KindCoverage;
  village: KindCoverage;
  /** units of kind `other`: shown, never in a target */
  other: { accepted: number; total: number };
}

/** Coverage of every year fromYear…toYear (acceptance persisting per the profile). */
export function coverageSeries(
  units: readonly UnitAcceptance[],
  fromYear: number,
  toYear: number,
  profile: StandardProfile,
): CoveragePoint[] {
  const others = units.filter((u) => u.kind === 'other');
  const out: CoveragePoint[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    out.push({
      year,
      ...coverageOf(units, year, profile),
      other: { accepted: others.filter((u) => isAcceptedIn(u, year, profile)).length, total: others.length },
    });
  }
  return out;
}

/** When a kind's target is (or will be) met. */
export type TargetProjection =
  /** met in `year` (the first year of the unbroken run up to the last year) */
  | { status: 'met'; year: number; target: number }
  /** not met yet; at the pace of the last `window` years it will be in `year` */
  | { status: 'projected'; year: number; target: number; needed: number; perYear: number }
  /** not met and no unit was accepted in the window: no year can be projected */
  | { status: 'stalled'; target: number; needed: number }
  /** no unit of the kind, or no target in the profile */
  | { status: 'none' };

/** The smallest number of accepted units out of `total` that meets `target` (exact, as meetsRate). */
export function unitsNeeded(total: number, target: number): number {
  for (let k = 0; k <= total; k++) if (meetsRate(k, total, target)) return k;
  return total;
}

/**
 * Projects the year a kind's final target is met: linear on the units accepted over the last `window` years
 * (default 3) of `series`. The target is the profile's latest one (the 2020 line keeps applying after 2020).
 */
export function projectTarget(
  series: readonly CoveragePoint[],
  kind: 'community' | 'village',
  profile: StandardProfile,
  window = 3,
): TargetProjection {
  const last = series[series.length - 1];
  if (!last) return { status: 'none' };
  const goal = coverageTargetFor(
    profile,
    Math.max(last.year, ...Object.keys(profile.coverageTargets).map(Number)),
  );
  const total = last[kind].total;
  if (!goal || total === 0) return { status: 'none' };
  const target = goal[kind];
  const needed = unitsNeeded(total, target);
  const accepted = last[kind].accepted;
  if (accepted >= needed) {
    let first = last.year;
    for (let i = series.length - 1; i >= 0 && series[i]![kind].accepted >= needed; i--)
      first = series[i]!.year;
    return { status: 'met', year: first, target };
  }
  const startIdx = Math.max(0, series.length - 1 - window);
  const span = series.length - 1 - startIdx;
  const gained = accepted - series[startIdx]![kind].accepted;
  if (span === 0 || gained <= 0) return { status: 'stalled', target, needed: needed - accepted };
  const perYear = gained / span;
  return {
    status: 'projected',
    year: last.year + Math.ceil((needed - accepted) / perYear),
    target,
    needed: needed - accepted,
    perYear,
  };
}
