/**
 * The outcome checklist of 二(三) 就业创业帮扶工作有效落实 (DOMAIN.md §5 "Pass mark"), plus the extra outcomes a
 * profile adds (DOMAIN.md §7). Passing needs every outcome when `outcomesRequired`.
 */

import { addMonths } from '../dates.ts';
import type { IsoDate, PersonFacts, UnemploymentRegistration } from '../facts.ts';
import { isEligibleMember } from '../household.ts';
import {
  employmentOn,
  hasDifficultyDuring,
  isAbleAndWilling,
  isContinuouslyUnemployedYear,
  isEmployedOn,
  isUrban,
  openRegistrationOn,
} from '../person.ts';
import { meetsRate, type ExtraOutcome } from '../profile.ts';
import type { ScoringContext } from './context.ts';
import { countedZeroEmployment } from './item-3-zero-employment.ts';
import {
  percentText,
  thresholdText,
  type Evidence,
  type ItemInputs,
  personEvidence,
  householdEvidence,
} from './types.ts';

/** One outcome: met or not, with a Chinese detail and the people behind a failure. */
export interface OutcomeResult {
  no: number;
  /** the criterion as printed */
  text: string;
  met: boolean;
  detail: string;
  evidence: Evidence[];
  inputs: ItemInputs;
}

/** (1) 登记失业人员就业率 ≥ threshold — the item-2 rate; met when R is empty. */
function employmentRateOutcome(ctx: ScoringContext, text: string): OutcomeResult {
  const R = ctx.registered.length;
  let N = 0;
  for (const { person } of ctx.registered) {
    const job = employmentOn(person, ctx.asOf, ctx.profile);
    if (job !== null && job.start >= ctx.periodStart) N++;
  }
  const met = R === 0 || meetsRate(N, R, ctx.profile.employmentRateThreshold);
  const detail =
    R === 0
      ? '无登记失业人员'
      : `登记失业人员就业率 ${N}/${R}（${percentText(N, R)}），标准${thresholdText(ctx.profile.employmentRateThreshold)}`;
  return { no: 1, text, met, detail, evidence: [], inputs: { R, N } };
}

/** (2) no urban person with an open registration continuously unemployed ≥ 1 year on D. */
function noLongUnemploymentOutcome(ctx: ScoringContext, text: string): OutcomeResult {
  const long = ctx.population.filter(
    (p) =>
      isUrban(p, ctx.facts.kind) &&
      openRegistrationOn(p, ctx.asOf) !== null &&
      isContinuouslyUnemployedYear(p, ctx.asOf, ctx.profile),
  );
  return {
    no: 2,
    text,
    met: long.length === 0,
    detail:
      long.length === 0
        ? '无城镇登记失业人员连续失业一年以上'
        : `${long.length}名城镇登记失业人员连续失业一年以上`,
    evidence: long.map(personEvidence),
    inputs: { longUnemployedUrban: long.length },
  };
}

/** (3) item 3 met: every counted 零就业家庭 eliminated in time. */
function zeroEmploymentOutcome(ctx: ScoringContext, text: string): OutcomeResult {
  const counted = countedZeroEmployment(ctx);
  const late = counted.filter((c) => !c.inTime);
  return {
    no: 3,
    text,
    met: late.length === 0,
    detail:
      counted.length === 0
        ? '无零就业家庭'
        : `零就业家庭 ${counted.length} 户，按期消除 ${counted.length - late.length} 户`,
    evidence: late.map((c) => householdEvidence(c.status.household)),
    inputs: { households: counted.length, inTime: counted.length - late.length },
  };
}

/** 推荐就业 records dated from the registration's approval to `asOf` (outcome 4 counts these). */
export function recommendationCount(
  person: PersonFacts,
  registration: UnemploymentRegistration,
  asOf: IsoDate,
): number {
  let count = 0;
  for (const s of person.services) {
    if (s.type === '推荐就业' && s.date >= registration.approved && s.date <= asOf) count++;
  }
  return count;
}

/** (4) every able-and-willing person with an open registration on D has ≥ 2 推荐就业 since its approval. */
function recommendationOutcome(ctx: ScoringContext, text: string): OutcomeResult {
  const required = ctx.profile.recommendationsRequired;
  let eligible = 0;
  const short: PersonFacts[] = [];
  for (const person of ctx.population) {
    const registration = openRegistrationOn(person, ctx.asOf);
    if (registration === null || !isAbleAndWilling(person)) continue;
    eligible++;
    if (recommendationCount(person, registration, ctx.asOf) < required) short.push(person);
  }
  return {
    no: 4,
    text,
    met: short.length === 0,
    detail:
      eligible === 0
        ? '无有劳动能力和就业愿望的登记失业人员'
        : `${eligible - short.length}/${eligible}名登记失业人员推荐就业达${required}次以上`,
    evidence: short.map(personEvidence),
    inputs: { eligible, met: eligible - short.length },
  };
}

/** 就业困难人员就业率: persons of U recognised at some time in P, employed on D. */
function difficultyRateOutcome(
  ctx: ScoringContext,
  no: number,
  extra: Extract<ExtraOutcome, { kind: 'difficultyEmploymentRate' }>,
): OutcomeResult {
  const recognised = ctx.population.filter((p) => hasDifficultyDuring(p, ctx.periodStart, ctx.asOf));
  const unemployed = recognised.filter((p) => !isEmployedOn(p, ctx.asOf, ctx.profile));
  const n = recognised.length - unemployed.length;
  const met = recognised.length === 0 || meetsRate(n, recognised.length, extra.threshold);
  return {
    no,
    text: extra.text,
    met,
    detail:
      recognised.length === 0
        ? '无就业困难人员'
        : `就业困难人员就业率 ${n}/${recognised.length}（${percentText(n, recognised.length)}），标准${thresholdText(extra.threshold)}`,
    evidence: met ? [] : unemployed.map(personEvidence),
    inputs: { difficultyPersons: recognised.length, employed: n },
  };
}

/** Every counted 零就业家庭 has an eligible member employed on D in a job held for `stableMonths`. */
function stableZeroEmploymentOutcome(
  ctx: ScoringContext,
  no: number,
  extra: Extract<ExtraOutcome, { kind: 'zeroEmploymentStablyEmployed' }>,
): OutcomeResult {
  const counted = countedZeroEmployment(ctx);
  const stableSince = addMonths(ctx.asOf, -extra.stableMonths);
  const unstable = counted.filter((c) => {
    const members = ctx.membersOf(c.status.household.id);
    return !members.some((m) => {
      const job = employmentOn(m, ctx.asOf, ctx.profile);
      return job !== null && job.start <= stableSince && isEligibleMember(m, ctx.asOf, ctx.profile);
    });
  });
  return {
    no,
    text: extra.text,
    met: unstable.length === 0,
    detail:
      counted.length === 0
        ? '无零就业家庭'
        : `零就业家庭 ${counted.length} 户，${counted.length - unstable.length} 户至少1人稳定就业（同一岗位${extra.stableMonths}个月以上）`,
    evidence: unstable.map((c) => householdEvidence(c.status.household)),
    inputs: { households: counted.length, stablyEmployed: counted.length - unstable.length },
  };
}

/** The four outcomes of 二(三), then the profile's extra outcomes numbered from 5. */
export function evaluateOutcomes(ctx: ScoringContext): OutcomeResult[] {
  const [t1, t2, t3, t4] = ctx.profile.outcomeTexts;
  const outcomes = [
    employmentRateOutcome(ctx, t1),
    noLongUnemploymentOutcome(ctx, t2),
    zeroEmploymentOutcome(ctx, t3),
    recommendationOutcome(ctx, t4),
  ];
  for (const extra of ctx.profile.extraOutcomes) {
    const no = outcomes.length + 1;
    outcomes.push(
      extra.kind === 'difficultyEmploymentRate'
        ? difficultyRateOutcome(ctx, no, extra)
        : stableZeroEmploymentOutcome(ctx, no, extra),
    );
  }
  return outcomes;
}
