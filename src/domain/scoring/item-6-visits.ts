/**
 * Item 6 — 走访与联系 (7): 对登记失业人员走访率达到100%，有记录、有台账，其中对就业困难人员每季度至少联系1次;
 * 走访率不到100%的，每少1个百分点，扣1分；对就业困难人员每季度少联系1人的，扣1分，扣完为止
 * (附件 row 6; DOMAIN.md §5.6).
 */

import { addDays, maxDate, minDate, quarterEnd, quarterOf, quarterStart } from '../dates.ts';
import type { IsoDate, PersonFacts } from '../facts.ts';
import { countsAsEmployment, openRegistrationOn } from '../person.ts';
import { itemDefinition, type StandardProfile } from '../profile.ts';
import { inPeriod, type ScoringContext } from './context.ts';
import { itemResult, percentText, personEvidence, type Deduction, type ItemResult } from './types.ts';

/**
 * Percentage points short of 100 %, a started point counting as a whole one: ceil(100·(R − V) / R) in integer
 * arithmetic (199/200 = 99.5 % → 1; 191/200 = 95.5 % → 5).
 */
export function percentagePointsShort(visited: number, total: number): number {
  if (total <= 0) return 0;
  const short = total - visited;
  return Math.floor((100 * short + total - 1) / total);
}

/** Some day of `from … to` on which the person is not employed (counted spells only). */
function hasUnemployedDay(
  person: PersonFacts,
  from: IsoDate,
  to: IsoDate,
  profile: StandardProfile,
): boolean {
  let day = from;
  // Walk forward through the spells covering `day`; each hop jumps to a spell's end, so this is bounded.
  for (let hops = 0; hops <= person.employment.length; hops++) {
    let reach: IsoDate | undefined;
    for (const s of person.employment) {
      if (!countsAsEmployment(s.form, profile) || s.start > day || (s.end !== null && s.end <= day)) continue;
      if (s.end === null) return false;
      if (reach === undefined || s.end > reach) reach = s.end;
    }
    if (reach === undefined) return true;
    if (reach > to) return false;
    day = reach;
  }
  return true;
}

/**
 * During `from … to` the person was, on some day, a recognised 就业困难人员 and not employed — the quarter in
 * which the annex asks for a contact.
 */
export function needsQuarterlyContact(
  person: PersonFacts,
  from: IsoDate,
  to: IsoDate,
  profile: StandardProfile,
): boolean {
  for (const r of person.difficulty) {
    const start = maxDate(r.recognized, from);
    const end = r.exited === null ? to : minDate(addDays(r.exited, -1), to);
    if (start <= end && hasUnemployedDay(person, start, end, profile)) return true;
  }
  return false;
}

/** Counts as visited for the visit rate: a 走访 (any 方式) dated in P while a registration was open. */
export function isVisitedInPeriod(ctx: ScoringContext, person: PersonFacts): boolean {
  return person.services.some(
    (s) => s.type === '走访' && inPeriod(ctx, s.date) && openRegistrationOn(person, s.date) !== null,
  );
}

/** Any record of any type dated `from … to` is a contact (DOMAIN.md §3). */
export function contactedBetween(person: PersonFacts, from: IsoDate, to: IsoDate): boolean {
  return person.services.some((s) => s.date >= from && s.date <= to);
}

/** Scores visits to R and quarterly contacts with 就业困难人员. */
export function scoreItem6(ctx: ScoringContext): ItemResult {
  const definition = itemDefinition(ctx.profile, 6);
  const points = ctx.profile.deductionPoints;
  const deductions: Deduction[] = [];
  const notes: string[] = [];

  const R = ctx.registered.length;
  const unvisited: PersonFacts[] = [];
  for (const { person } of ctx.registered) {
    if (!isVisitedInPeriod(ctx, person)) unvisited.push(person);
  }
  const V = R - unvisited.length;
  const short = percentagePointsShort(V, R);
  if (R === 0) notes.push('无登记失业人员，不计走访率');
  if (short > 0) {
    deductions.push({
      code: 'item6.visitRateShort',
      reason: `登记失业人员走访率 ${V}/${R}（${percentText(V, R)}），少${short}个百分点`,
      points: short * points.visitPerPercentPoint,
      evidence: unvisited.map(personEvidence),
    });
  }

  let pairsDue = 0;
  let pairsMissed = 0;
  const lastQuarter = quarterOf(ctx.asOf);
  for (let q = 1; q <= lastQuarter; q++) {
    const from = maxDate(quarterStart(ctx.year, q), ctx.periodStart);
    const to = minDate(quarterEnd(ctx.year, q), ctx.asOf);
    const missed: PersonFacts[] = [];
    for (const person of ctx.population) {
      if (person.difficulty.length === 0 || !needsQuarterlyContact(person, from, to, ctx.profile)) continue;
      pairsDue++;
      if (!contactedBetween(person, from, to)) missed.push(person);
    }
    if (missed.length > 0) {
      pairsMissed += missed.length;
      deductions.push({
        code: 'item6.difficultyNotContacted',
        reason: `第${q}季度有${missed.length}名就业困难人员未联系`,
        points: missed.length * points.difficultyContactPerPersonQuarter,
        evidence: missed.map(personEvidence),
      });
    }
  }

  return itemResult(
    definition,
    deductions,
    {
      R,
      visited: V,
      visitRate: R === 0 ? null : V / R,
      percentagePointsShort: short,
      contactPairsDue: pairsDue,
      contactPairsMet: pairsDue - pairsMissed,
    },
    notes,
  );
}
