/**
 * 台账信息与实际情况不相符 — data-quality findings (DOMAIN.md §5 item 5). Four kinds are *findings*: any of
 * them on the assessment date costs item 5 its mismatch deduction. The others are *warnings*: shown to staff,
 * never deducted.
 */

import { addMonths, addYears, startOfYear, yearOf } from './dates.ts';
import type { IsoDate, PersonFacts, UnitFacts } from './facts.ts';
import { isEligibleMember } from './household.ts';
import {
  drawsPensionOn,
  employmentOn,
  isEmployedOn,
  isPastWorkingAge,
  openRegistrationOn,
  retirementDate,
} from './person.ts';
import type { StandardProfile } from './profile.ts';

/** The four deducting findings of item 5. */
export type FindingKind =
  /** 就业 while a 失业登记 is open */
  | 'employedWhileRegistered'
  /** 领取养老金 with an open registration */
  | 'pensionWithOpenRegistration'
  /** past 法定劳动年龄 with an open registration */
  | 'pastWorkingAgeWithOpenRegistration'
  /** 零就业家庭 recognised while an eligible member was employed */
  | 'zeroEmploymentRecognisedWhileEmployed';

/** Non-deducting warnings. */
export type WarningKind =
  | 'staleRegistration'
  | 'birthDateInFuture'
  | 'underWorkingAgeWithOpenRegistration'
  | 'invertedInterval'
  | 'zeroEmploymentWithBusinessIncome'
  | 'requestFulfilledBeforeAsked';

/** One data-quality issue, about a person or a household. */
export interface DataQualityIssue {
  kind: FindingKind | WarningKind;
  /** findings deduct in item 5; warnings do not */
  severity: 'finding' | 'warning';
  /** Chinese, for staff */
  message: string;
  personId: number | null;
  householdId: number | null;
  /** the registration, spell, recognition or service record concerned, when there is one */
  recordId: number | null;
}

const FINDING_KINDS: ReadonlySet<string> = new Set<FindingKind>([
  'employedWhileRegistered',
  'pensionWithOpenRegistration',
  'pastWorkingAgeWithOpenRegistration',
  'zeroEmploymentRecognisedWhileEmployed',
]);

/** True for the four kinds that deduct in item 5. */
export function isDeductingFinding(issue: DataQualityIssue): boolean {
  return FINDING_KINDS.has(issue.kind);
}

function personIssue(
  kind: FindingKind | WarningKind,
  person: PersonFacts,
  message: string,
  recordId: number | null = null,
): DataQualityIssue {
  return {
    kind,
    severity: FINDING_KINDS.has(kind) ? 'finding' : 'warning',
    message,
    personId: person.id,
    householdId: person.householdId,
    recordId,
  };
}

function personIssues(person: PersonFacts, asOf: IsoDate, profile: StandardProfile): DataQualityIssue[] {
  const issues: DataQualityIssue[] = [];
  const who = person.name;
  if (person.birthDate > asOf) {
    issues.push(
      personIssue('birthDateInFuture', person, `${who}：出生日期 ${person.birthDate} 晚于 ${asOf}`),
    );
  }
  for (const r of person.registrations) {
    if (r.closed !== null && r.closed < r.approved) {
      issues.push(personIssue('invertedInterval', person, `${who}：失业登记注销日期早于审核通过日期`, r.id));
    }
  }
  for (const s of person.employment) {
    if (s.end !== null && s.end < s.start) {
      issues.push(personIssue('invertedInterval', person, `${who}：就业结束日期早于开始日期`, s.id));
    }
  }
  for (const d of person.difficulty) {
    if (d.exited !== null && d.exited < d.recognized) {
      issues.push(personIssue('invertedInterval', person, `${who}：就业困难人员退出日期早于认定日期`, d.id));
    }
  }
  for (const s of person.services) {
    if (s.type === '服务申请' && s.fulfilled !== null && s.fulfilled < s.date) {
      issues.push(
        personIssue('requestFulfilledBeforeAsked', person, `${who}：服务申请的落实日期早于申请日期`, s.id),
      );
    }
  }

  const open = openRegistrationOn(person, asOf);
  if (open === null) return issues;
  const spell = employmentOn(person, asOf, profile);
  if (spell !== null) {
    issues.push(
      personIssue(
        'employedWhileRegistered',
        person,
        `${who}：${spell.start} 起已就业（${spell.form}），失业登记仍未注销`,
        open.id,
      ),
    );
  }
  if (drawsPensionOn(person, asOf)) {
    issues.push(
      personIssue(
        'pensionWithOpenRegistration',
        person,
        `${who}：${person.pensionSince} 起领取养老金，失业登记仍未注销`,
        open.id,
      ),
    );
  } else if (isPastWorkingAge(person, asOf, profile)) {
    issues.push(
      personIssue(
        'pastWorkingAgeWithOpenRegistration',
        person,
        `${who}：${retirementDate(person, profile)} 起已超过法定劳动年龄，失业登记仍未注销`,
        open.id,
      ),
    );
  }
  if (asOf < addYears(person.birthDate, profile.workingAge.minAgeYears)) {
    issues.push(
      personIssue('underWorkingAgeWithOpenRegistration', person, `${who}：未满16周岁却有失业登记`, open.id),
    );
  }
  // Any record is a contact; the registration itself counts as the first one.
  let lastContact = open.approved;
  for (const s of person.services) if (s.date <= asOf && s.date > lastContact) lastContact = s.date;
  if (lastContact < addMonths(asOf, -profile.staleRegistrationMonths)) {
    issues.push(
      personIssue(
        'staleRegistration',
        person,
        `${who}：失业登记已超过${profile.staleRegistrationMonths}个月无任何服务记录（最近 ${lastContact}）`,
        open.id,
      ),
    );
  }
  return issues;
}

/**
 * Every data-quality issue of a unit on `asOf`. Person checks look at the state on `asOf`; the 零就业家庭 check
 * looks at recognitions dated in the assessment period (the calendar year of `asOf` up to `asOf`), so an old
 * error corrected long ago does not cost every later year.
 */
export function findDataQualityIssues(
  facts: UnitFacts,
  asOf: IsoDate,
  profile: StandardProfile,
): DataQualityIssue[] {
  const issues: DataQualityIssue[] = [];
  const members = new Map<number, PersonFacts[]>();
  for (const person of facts.persons) {
    if (person.householdId !== null) {
      const list = members.get(person.householdId);
      if (list) list.push(person);
      else members.set(person.householdId, [person]);
    }
    if (person.unitCode === facts.code) issues.push(...personIssues(person, asOf, profile));
  }
  const periodStart = startOfYear(yearOf(asOf));
  for (const household of facts.households) {
    if (household.unitCode !== facts.code) continue;
    const people = members.get(household.id) ?? [];
    for (const recognition of household.zeroEmployment) {
      const r = recognition.recognized;
      if (r < periodStart || r > asOf) continue;
      const working = people.find((m) => isEligibleMember(m, r, profile) && isEmployedOn(m, r, profile));
      if (working) {
        issues.push({
          kind: 'zeroEmploymentRecognisedWhileEmployed',
          severity: 'finding',
          message: `${household.number}户：${r} 认定为零就业家庭时，成员${working.name}处于就业状态`,
          personId: working.id,
          householdId: household.id,
          recordId: recognition.id,
        });
      }
      if (household.hasBusinessIncome) {
        issues.push({
          kind: 'zeroEmploymentWithBusinessIncome',
          severity: 'warning',
          message: `${household.number}户：有经营或投资收入，却认定为零就业家庭`,
          personId: null,
          householdId: household.id,
          recordId: recognition.id,
        });
      }
    }
  }
  return issues;
}
