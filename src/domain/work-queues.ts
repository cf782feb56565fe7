/**
 * 工作提醒 — what a unit must still do, on a date, to keep the 100-point table and the outcome checklist of
 * 二(三) in reach. Every rule here is the scoring's own predicate, read forward: the visit of item 6, the
 * quarterly contact of item 6, the two recommendations of outcome 4, the 30-day request of item 4, the year of
 * continuous unemployment of outcome 2 and item 8, the 零就业家庭 deadline of item 3, and the unit records of
 * items 1 and 7. Recording the missing service removes the item: the queue and the score cannot disagree.
 */

import {
  addDays,
  addMonths,
  dateInYear,
  daysBetween,
  quarterEnd,
  quarterOf,
  quarterStart,
  yearOf,
} from './dates.ts';
import type { IsoDate, PersonFacts, ServiceType, UnitFacts } from './facts.ts';
import { isEligibleMember } from './household.ts';
import {
  continuousUnemploymentStart,
  isAbleAndWilling,
  isEmployedOn,
  isContinuouslyUnemployedYear,
  isUrban,
  openRegistrationOn,
} from './person.ts';
import type { StandardProfile } from './profile.ts';
import { buildScoringContext, inPeriod } from './scoring/context.ts';
import { missingOrganisationRecords } from './scoring/item-1-organisation.ts';
import { requestVerdict } from './scoring/item-4-preparation.ts';
import { contactedBetween, isVisitedInPeriod, needsQuarterlyContact } from './scoring/item-6-visits.ts';
import { hasInfoBoard, mobilisationEvidence } from './scoring/item-7-vacancies.ts';
import { recommendationCount } from './scoring/outcomes.ts';
import type { UnitWorkType } from './service-records.ts';

export const WORK_QUEUE_KINDS = [
  'notVisited',
  'difficultyNotContacted',
  'fewRecommendations',
  'openRequest',
  'nearLongUnemployment',
  'longUnemployed',
  'zeroEmploymentFamily',
  'unitGap',
] as const;
export type WorkQueueKind = (typeof WORK_QUEUE_KINDS)[number];

export const WORK_QUEUE_LABELS: Record<WorkQueueKind, string> = {
  notVisited: '登记失业人员本年度未走访',
  difficultyNotContacted: '就业困难人员本季度未联系',
  fewRecommendations: '推荐就业不足两次',
  openRequest: '服务申请待落实',
  nearLongUnemployment: '即将连续失业满一年',
  longUnemployed: '已连续失业一年以上',
  zeroEmploymentFamily: '零就业家庭未消除',
  unitGap: '村级工作缺项',
};

/** How many days before a year of continuous unemployment a person enters the queue. */
export const NEAR_LONG_UNEMPLOYMENT_DAYS = 60;

/** One thing to do. Exactly one of daysLeft / daysOverdue is set when there is a due date. */
export interface WorkQueueItem {
  kind: WorkQueueKind;
  unitCode: string;
  personId: number | null;
  householdId: number | null;
  /** the person's name; for a household its eligible members; for a unit gap the unit's name */
  name: string;
  due: IsoDate | null;
  daysLeft: number | null;
  daysOverdue: number | null;
  /** what to record to clear the item */
  suggested: ServiceType | UnitWorkType;
  /** record a service for the person, mark a request 联系落实, or record unit-level work */
  action: 'service' | 'fulfilRequest' | 'unitRecord';
  /** the 服务申请 to fulfil */
  recordId: number | null;
  detail: string;
  /** whether the annex scores it now (false: a reminder, e.g. a request from before the period) */
  scored: boolean;
}

function timing(t: IsoDate, due: IsoDate | null): Pick<WorkQueueItem, 'due' | 'daysLeft' | 'daysOverdue'> {
  if (due === null) return { due: null, daysLeft: null, daysOverdue: null };
  const left = daysBetween(t, due);
  return left >= 0 ? { due, daysLeft: left, daysOverdue: null } : { due, daysLeft: null, daysOverdue: -left };
}

/**
 * The work queue of one unit on t, for the creation year of t (P = Y-01-01 … t), ordered by due date.
 * `warnDays` is how early a coming year of continuous unemployment is shown.
 */
export function workQueue(
  facts: UnitFacts,
  t: IsoDate,
  profile: StandardProfile,
  options: { warnDays?: number } = {},
): WorkQueueItem[] {
  const warnDays = options.warnDays ?? NEAR_LONG_UNEMPLOYMENT_DAYS;
  const year = yearOf(t);
  const ctx = buildScoringContext(facts, { year, asOf: t, profile });
  const assessmentDue = dateInYear(year, profile.calendar.selfAssessmentDue);
  const items: WorkQueueItem[] = [];
  const forPerson = (
    kind: WorkQueueKind,
    person: PersonFacts,
    due: IsoDate | null,
    suggested: ServiceType,
    detail: string,
    extra: Partial<Pick<WorkQueueItem, 'action' | 'recordId' | 'scored'>> = {},
  ) =>
    items.push({
      kind,
      unitCode: facts.code,
      personId: person.id,
      householdId: person.householdId,
      name: person.name,
      ...timing(t, due),
      suggested,
      action: extra.action ?? 'service',
      recordId: extra.recordId ?? null,
      detail,
      scored: extra.scored ?? true,
    });

  // Item 6: every member of R visited while registered. One whose registration has closed can no longer be.
  for (const { person } of ctx.registered) {
    const open = openRegistrationOn(person, t);
    if (open === null || isVisitedInPeriod(ctx, person)) continue;
    forPerson('notVisited', person, assessmentDue, '走访', `${year}年尚未走访（${open.approved} 登记失业）`);
  }

  // Item 6: each 就业困难人员 contacted in the current quarter (as it stands on t).
  const quarter = quarterOf(t);
  const from = quarterStart(year, quarter);
  for (const person of ctx.population) {
    if (person.difficulty.length === 0 || !needsQuarterlyContact(person, from, t, profile)) continue;
    if (contactedBetween(person, from, t)) continue;
    forPerson(
      'difficultyNotContacted',
      person,
      quarterEnd(year, quarter),
      '电话联系',
      `第${quarter}季度尚未联系`,
    );
  }

  for (const person of ctx.population) {
    const open = openRegistrationOn(person, t);

    // Outcome 4: ≥ 2 推荐就业 since the approval of the open registration.
    if (open !== null && isAbleAndWilling(person)) {
      const done = recommendationCount(person, open, t);
      const required = profile.recommendationsRequired;
      if (done < required) {
        forPerson(
          'fewRecommendations',
          person,
          assessmentDue,
          '推荐就业',
          `本次登记以来已推荐 ${done} 次，还需 ${required - done} 次`,
        );
      }
    }

    // Item 4 (a): a 服务申请 by a person not employed that day is 联系落实 within fulfilmentDays.
    for (const s of person.services) {
      if (s.type !== '服务申请' || s.date > t || (s.fulfilled !== null && s.fulfilled <= t)) continue;
      if (isEmployedOn(person, s.date, profile)) continue;
      const due = addDays(s.date, profile.fulfilmentDays);
      const late = requestVerdict(s, t, profile.fulfilmentDays) === 'late';
      forPerson(
        'openRequest',
        person,
        due,
        s.requestItem ?? '职业指导',
        `${s.date} 申请${s.requestItem ?? '就业服务'}，${late ? '已超过' : '须在'}${profile.fulfilmentDays}天${late ? '' : '内'}联系落实`,
        {
          action: 'fulfilRequest',
          recordId: s.id,
          scored: inPeriod(ctx, s.date),
        },
      );
    }

    // Outcome 2 and item 8: a year of continuous unemployment, and the 60 days before it.
    const start = continuousUnemploymentStart(person, t);
    if (start !== null) {
      const mark = addMonths(start, profile.longUnemploymentMonths);
      const scored = isUrban(person, facts.kind) || ctx.isAssistanceTarget(person, t);
      if (isContinuouslyUnemployedYear(person, t, profile)) {
        forPerson('longUnemployed', person, mark, '推荐就业', `自 ${start} 起连续失业，${mark} 满一年`, {
          scored,
        });
      } else if (daysBetween(t, mark) <= warnDays) {
        forPerson(
          'nearLongUnemployment',
          person,
          mark,
          '推荐就业',
          `自 ${start} 起连续失业，将于 ${mark} 满一年`,
          { scored },
        );
      }
    }
  }

  // Item 3: a recognised 零就业家庭 not yet eliminated, with the deadline of its 认定.
  const latestOpen = new Map<number, (typeof ctx.zeroEmployment)[number]>();
  for (const s of ctx.zeroEmployment) {
    if (s.recognition.recognized > t || (s.eliminated !== null && s.eliminated <= t)) continue;
    const prev = latestOpen.get(s.household.id);
    if (!prev || s.recognition.recognized > prev.recognition.recognized) latestOpen.set(s.household.id, s);
  }
  for (const s of latestOpen.values()) {
    const members = ctx.membersOf(s.household.id).filter((m) => isEligibleMember(m, t, profile));
    items.push({
      kind: 'zeroEmploymentFamily',
      unitCode: facts.code,
      personId: members[0]?.id ?? null,
      householdId: s.household.id,
      name: members.map((m) => m.name).join('、') || `户 ${s.household.number}`,
      ...timing(t, s.deadline),
      suggested: '推荐就业',
      action: 'service',
      recordId: null,
      detail: `户 ${s.household.number}，${s.recognition.recognized} 认定，须在 ${s.deadline} 前至少1人就业`,
      scored: true,
    });
  }

  // Items 1 and 7: the unit's own records.
  const gap = (suggested: UnitWorkType, detail: string) =>
    items.push({
      kind: 'unitGap',
      unitCode: facts.code,
      personId: null,
      householdId: null,
      name: facts.name,
      ...timing(t, assessmentDue),
      suggested,
      action: 'unitRecord',
      recordId: null,
      detail,
      scored: true,
    });
  for (const type of missingOrganisationRecords(ctx)) gap(type, `尚无${type}记录（组织领导）`);
  if (!hasInfoBoard(ctx)) gap('信息发布栏', '尚无就业信息发布栏记录');
  for (const { activity, evidenced } of mobilisationEvidence(ctx).activities) {
    if (!evidenced) gap(activity.record, `${year}年尚未${activity.label}`);
  }

  return items.sort(
    (a, b) =>
      (a.due ?? '9999').localeCompare(b.due ?? '9999') ||
      WORK_QUEUE_KINDS.indexOf(a.kind) - WORK_QUEUE_KINDS.indexOf(b.kind),
  );
}

/** Items per kind (every kind present, zero when none). */
export function countByKind(items: readonly Pick<WorkQueueItem, 'kind'>[]): Record<WorkQueueKind, number> {
  const counts = Object.fromEntries(WORK_QUEUE_KINDS.map((k) => [k, 0])) as Record<WorkQueueKind, number>;
  for (const i of items) counts[i.kind]++;
  return counts;
}
