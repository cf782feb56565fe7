/**
 * 考核标准版本 (standard profile) — every threshold and default the rules use, in one versioned value
 * (DOMAIN.md, introduction: "Every default lives in one versioned standard profile … never scattered in
 * code"). A computed score records `profile.id` and `profile.version`, so it can be re-explained later.
 *
 * Rates are decimals with at most four places (0.8 = 80 %); they are compared exactly through
 * {@link meetsRate}, never as floats.
 */

import { daysBetween } from './dates.ts';
import type { IsoDate, RegistrationCloseReason, ServiceType } from './facts.ts';
import { fujianStarCommunity } from './profiles/fujian-star-community.ts';
import { quangang2016 } from './profiles/quangang-2016.ts';

/** The annex's three groups: 组织领导 / 目标任务 / 基础工作. */
export type ItemGroup = '组织领导' | '目标任务' | '基础工作';

/** One row of 附件 创建充分就业村（社区）考核评分标准表. */
export interface ItemDefinition {
  no: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
  group: ItemGroup;
  /** short title shown in lists (DOMAIN.md §5 headings) */
  title: string;
  /** 内容 column, verbatim */
  content: string;
  /** 标准分 */
  max: number;
  /** 评分标准 column, verbatim */
  criteria: string;
}

/**
 * 法定退休年龄 for one group under 国务院关于渐进式提高法定退休年龄的决定 (2024-09-13, in force 2025-01-01):
 * people born before `reformFirstCohort` retire at `baseAgeYears`; from that birth month on, each block of
 * `stepEveryMonths` birth months retires one month later, up to `maxDelayMonths`.
 */
export interface RetirementSchedule {
  baseAgeYears: number;
  /** first birth month (`YYYY-MM`) whose retirement is delayed by one month */
  reformFirstCohort: string;
  stepEveryMonths: number;
  maxDelayMonths: number;
}

/** 法定劳动年龄 (DOMAIN.md §2 "Working age"). */
export interface WorkingAgeRule {
  /** from the 16th birthday */
  minAgeYears: number;
  male: RetirementSchedule;
  /** 女干部/原法定退休年龄 55 岁的女职工 — also the statistical default for women */
  female: RetirementSchedule;
  /** 女工人 (`femaleWorker`): 原法定退休年龄 50 岁 */
  femaleWorker: RetirementSchedule;
}

/** Coverage goal for one year: fraction of units of each kind accepted (一、工作目标). */
export interface CoverageTarget {
  community: number;
  village: number;
}

/** Calendar deadlines as `MM-DD` in the creation year (四(二), 五). */
export interface CalendarDeadlines {
  /** town files its 实施方案 with the district (四(二): 11月25日前) */
  townPlanDue: string;
  /** village submits 验收报告 + 自评 (五: 12月上旬) */
  selfAssessmentDue: string;
  /** town 初核 and forwards (五: 12月中旬) */
  townReviewDue: string;
  /** district 考核验收 (五: 12月下旬) */
  districtAcceptanceDue: string;
}

/** Points of each deduction in the annex's 评分标准 column. */
export interface DeductionPoints {
  /** item 1: 组织机构不健全 */
  noLeadingGroup: number;
  /** item 1: 工作制度不健全 */
  noWorkSystem: number;
  /** item 1: 工作计划、目标、措施每少一项 */
  missingPlanElement: number;
  /** item 5: 登记台账无建立的一项 */
  missingLedger: number;
  /** item 5: 台账信息与实际情况不相符 (mismatchDeduction 'once') */
  ledgerMismatchOnce: number;
  /** item 5: per finding (mismatchDeduction 'perFinding', e.g. Hangzhou) */
  ledgerMismatchPerFinding: number;
  /** item 5: 未录入电脑 — never applies to data kept in this system */
  notComputerised: number;
  /** item 6: 每少1个百分点 */
  visitPerPercentPoint: number;
  /** item 6: 对就业困难人员每季度少联系1人 */
  difficultyContactPerPersonQuarter: number;
  /** item 7: 无就业信息发布栏 */
  noInfoBoard: number;
  /** item 7: 未组织动员参加职业培训等每项 */
  missingMobilisation: number;
  /** item 8: 少开展一项服务 */
  missingAssistanceService: number;
  /** item 8: 有连续失业一年以上的援助对象 */
  longUnemployedTarget: number;
}

/** Outcome checks a profile adds to the four of 二(三) (DOMAIN.md §7). */
export type ExtraOutcome =
  | {
      kind: 'difficultyEmploymentRate';
      /** 就业困难人员就业率 threshold */
      threshold: number;
      text: string;
    }
  | {
      kind: 'zeroEmploymentStablyEmployed';
      /** an eligible member employed on D in a spell that has lasted at least this many months */
      stableMonths: number;
      text: string;
    };

/** A versioned scoring standard. */
export interface StandardProfile {
  id: string;
  version: string;
  name: string;
  /** the document (and clause) the profile encodes */
  source: string;
  /** assessment period P: Y-01-01 … asOf (DOMAIN.md §4) */
  period: 'calendarYearToAsOf';
  /** item 2 / outcome 1: 登记失业人员就业率 ≥ this */
  employmentRateThreshold: number;
  /** item 4 (a): a 服务申请 is fulfilled in time within this many days */
  fulfilmentDays: number;
  /** pass mark; the document gives none (DOMAIN.md §5) */
  passScore: number;
  /** passing also needs every outcome of 二(三) */
  outcomesRequired: boolean;
  /** item 5: one deduction for any number of mismatches, or one per finding */
  mismatchDeduction: 'once' | 'perFinding';
  /** item 3: a 零就业家庭 recognised on r must be eliminated by the end of r's quarter, r + 30 days, or r + 1 month */
  zeroEmploymentDeadline: 'quarter' | '30d' | '1month';
  /** 务农 counts as employment */
  farmingCountsAsEmployed: boolean;
  /** 连续失业一年以上: months of continuous registration (12; a national profile would use 6) */
  longUnemploymentMonths: number;
  /** outcome 4: 推荐就业达二次以上 */
  recommendationsRequired: number;
  /** item 8: the services a 再就业援助行动 must include */
  assistanceServices: readonly ServiceType[];
  /** item 4 (b): records that show a person is 被组织在积极的就业准备中 */
  preparationServices: readonly ServiceType[];
  /** §4: closures in P for these reasons take a person out of R (out of the labour force) */
  outOfLabourForceCloseReasons: readonly RegistrationCloseReason[];
  /** 4050人员: women ≥ female, men ≥ male (full years) */
  fourFiftyAge: { female: number; male: number };
  /** data-quality warning: an open registration with no contact for more than this many months */
  staleRegistrationMonths: number;
  workingAge: WorkingAgeRule;
  /** year → target; a year without an entry takes the latest earlier one (none before the first) */
  coverageTargets: Readonly<Record<number, CoverageTarget>>;
  /** an acceptance persists once granted */
  acceptancePersists: boolean;
  /** accepted units are reviewed again each year */
  yearlyReReview: boolean;
  calendar: CalendarDeadlines;
  /** 专项经费补助 */
  awardAmountYuan: number;
  awardOncePerUnit: boolean;
  items: readonly ItemDefinition[];
  deductionPoints: DeductionPoints;
  /** the four outcomes of 二(三), as printed */
  outcomeTexts: readonly [string, string, string, string];
  extraOutcomes: readonly ExtraOutcome[];
}

/** The default profile id. */
export const DEFAULT_PROFILE_ID = 'quangang-2016';

const PROFILES: readonly StandardProfile[] = [quangang2016, fujianStarCommunity];

/** All known profiles, default first. */
export function listProfiles(): readonly StandardProfile[] {
  return PROFILES;
}

/** The profile with `id`, or undefined. */
export function findProfile(id: string): StandardProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}

/** The profile with `id` (default `quangang-2016`); throws RangeError for an unknown id. */
export function getProfile(id: string = DEFAULT_PROFILE_ID): StandardProfile {
  const profile = findProfile(id);
  if (!profile) throw new RangeError(`Unknown standard profile: ${id}`);
  return profile;
}

/** The annex row `no` of a profile. */
export function itemDefinition(profile: StandardProfile, no: ItemDefinition['no']): ItemDefinition {
  const item = profile.items.find((i) => i.no === no);
  if (!item) throw new RangeError(`Profile ${profile.id} has no item ${no}`);
  return item;
}

/** Coverage target for `year`: the latest entry at or before it, or null before the first. */
export function coverageTargetFor(profile: StandardProfile, year: number): CoverageTarget | null {
  let best: number | null = null;
  for (const key of Object.keys(profile.coverageTargets)) {
    const y = Number(key);
    if (y <= year && (best === null || y > best)) best = y;
  }
  return best === null ? null : (profile.coverageTargets[best] ?? null);
}

/** Resolves a calendar deadline of `year` (e.g. selfAssessmentDue → `2016-12-10`). */
export function deadlineIn(profile: StandardProfile, year: number, which: keyof CalendarDeadlines): IsoDate {
  return `${String(year).padStart(4, '0')}-${profile.calendar[which]}`;
}

/**
 * Days an action on `date` came after the calendar deadline `which` of `year` (0 when on time). Late actions
 * are allowed but flagged (DOMAIN.md §1 "Calendar").
 */
export function daysLate(
  profile: StandardProfile,
  year: number,
  which: keyof CalendarDeadlines,
  date: IsoDate,
): number {
  return Math.max(0, daysBetween(deadlineIn(profile, year, which), date));
}

/** Basis points of a rate given with at most four decimals (0.8 → 8000). */
function basisPoints(rate: number): number {
  return Math.round(rate * 10_000);
}

/**
 * Exact "达到/以上" comparison: numerator / denominator ≥ threshold, in integer arithmetic (no rounding of the
 * rate: 79.99 % is below 80 %). A zero denominator is false; callers decide what an empty population means.
 */
export function meetsRate(numerator: number, denominator: number, threshold: number): boolean {
  if (denominator <= 0) return false;
  return numerator * 10_000 >= basisPoints(threshold) * denominator;
}
