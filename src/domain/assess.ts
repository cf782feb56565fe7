/**
 * 考核 — the assessment of one unit for one creation year (DOMAIN.md §4–§5): the eight annex items, the outcome
 * checklist of 二(三), the total and the verdict, stamped with the profile id and version used.
 */

import { dateInYear, maxDate, minDate, startOfYear } from './dates.ts';
import type { IsoDate, UnitFacts } from './facts.ts';
import type { StandardProfile } from './profile.ts';
import { buildScoringContext, type AssessmentOptions } from './scoring/context.ts';
import { scoreItem1 } from './scoring/item-1-organisation.ts';
import { scoreItem2 } from './scoring/item-2-employment-rate.ts';
import { scoreItem3 } from './scoring/item-3-zero-employment.ts';
import { scoreItem4 } from './scoring/item-4-preparation.ts';
import { scoreItem5 } from './scoring/item-5-ledgers.ts';
import { scoreItem6 } from './scoring/item-6-visits.ts';
import { scoreItem7 } from './scoring/item-7-vacancies.ts';
import { scoreItem8 } from './scoring/item-8-assistance.ts';
import { evaluateOutcomes, type OutcomeResult } from './scoring/outcomes.ts';
import type { ItemResult } from './scoring/types.ts';

export type { AssessmentOptions } from './scoring/context.ts';

/** The computed assessment of a unit (the JSON the API returns). */
export interface AssessmentResult {
  unit: string;
  name: string;
  year: number;
  asOf: IsoDate;
  profile: string;
  profileVersion: string;
  total: number;
  passed: boolean;
  items: ItemResult[];
  outcomes: OutcomeResult[];
}

const SCORERS = [
  scoreItem1,
  scoreItem2,
  scoreItem3,
  scoreItem4,
  scoreItem5,
  scoreItem6,
  scoreItem7,
  scoreItem8,
];

/**
 * Assesses unit `facts` for creation year `year` as of `asOf` under `profile`. Linear in the facts. Passed =
 * total ≥ passScore and, when the profile requires them, every outcome met. Throws RangeError when `asOf` is
 * not a day of `year`.
 */
export function assessUnit(facts: UnitFacts, options: AssessmentOptions): AssessmentResult {
  const ctx = buildScoringContext(facts, options);
  const items = SCORERS.map((score) => score(ctx));
  const outcomes = evaluateOutcomes(ctx);
  const total = items.reduce((sum, item) => sum + item.score, 0);
  const { profile } = options;
  const passed = total >= profile.passScore && (!profile.outcomesRequired || outcomes.every((o) => o.met));
  return {
    unit: facts.code,
    name: facts.name,
    year: options.year,
    asOf: options.asOf,
    profile: profile.id,
    profileVersion: profile.version,
    total,
    passed,
    items,
    outcomes,
  };
}

/**
 * Default evaluation date: the self-assessment deadline of the year (12-10, 五 "12月上旬"), or `today` when
 * that is earlier — an assessment run in June looks at the year so far. A `today` before the year begins
 * gives its first day, so the result is always a valid as-of date for `year`.
 */
export function defaultAsOf(year: number, today: IsoDate, profile?: StandardProfile): IsoDate {
  const due = dateInYear(year, profile?.calendar.selfAssessmentDue ?? '12-10');
  return maxDate(startOfYear(year), minDate(due, today));
}

/** A rate for dashboards: numerator / denominator, `rate` null when there is nobody to count. */
export interface Indicator {
  numerator: number;
  denominator: number;
  rate: number | null;
}

/** The dashboard rates of one assessment (all read from the items' inputs, never recomputed). */
export interface UnitIndicators {
  /** 登记失业人员就业率 (item 2) */
  employmentRate: Indicator;
  /** 走访率 (item 6) */
  visitRate: Indicator;
  /** 就业困难人员季度联系率: (person, quarter) pairs contacted / due (item 6) */
  quarterlyContactRate: Indicator;
  /** 就业准备申请按时落实率: in time / (in time + late) (item 4) */
  requestsMetInTime: Indicator;
  /** 零就业家庭按期消除率 (item 3) */
  zeroEmploymentEliminated: Indicator;
  /** 推荐就业达二次以上覆盖率 (outcome 4) */
  recommendationCoverage: Indicator;
}

function indicator(numerator: number, denominator: number): Indicator {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
}

function numberInput(result: AssessmentResult, no: number, key: string): number {
  const value = result.items.find((i) => i.no === no)?.inputs[key];
  return typeof value === 'number' ? value : 0;
}

/** The dashboard indicators of an assessment result. */
export function unitIndicators(result: AssessmentResult): UnitIndicators {
  const recommendation = result.outcomes.find((o) => o.no === 4)?.inputs;
  const eligible = typeof recommendation?.eligible === 'number' ? recommendation.eligible : 0;
  const met = typeof recommendation?.met === 'number' ? recommendation.met : 0;
  const inTime = numberInput(result, 4, 'requestsInTime');
  return {
    employmentRate: indicator(numberInput(result, 2, 'N'), numberInput(result, 2, 'R')),
    visitRate: indicator(numberInput(result, 6, 'visited'), numberInput(result, 6, 'R')),
    quarterlyContactRate: indicator(
      numberInput(result, 6, 'contactPairsMet'),
      numberInput(result, 6, 'contactPairsDue'),
    ),
    requestsMetInTime: indicator(inTime, inTime + numberInput(result, 4, 'requestsLate')),
    zeroEmploymentEliminated: indicator(
      numberInput(result, 3, 'inTime'),
      numberInput(result, 3, 'households'),
    ),
    recommendationCoverage: indicator(met, eligible),
  };
}
