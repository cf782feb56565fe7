/**
 * Classification of one person on a date t (DOMAIN.md §2). Every function is pure: the same facts, date and
 * profile give the same answer, and "today" is always a parameter.
 */

import { addMonths, addYears, fullYearsBetween, toParts } from './dates.ts';
import type {
  DifficultyCategory,
  DifficultyRecognition,
  EmploymentForm,
  EmploymentSpell,
  IsoDate,
  PersonFacts,
  UnemploymentRegistration,
  UnitKind,
} from './facts.ts';
import type { RetirementSchedule, StandardProfile } from './profile.ts';

/** 周岁 — age in full years on t; the birthday itself counts. */
export function ageOn(person: Pick<PersonFacts, 'birthDate'>, t: IsoDate): number {
  return fullYearsBetween(person.birthDate, t);
}

function scheduleOf(
  person: Pick<PersonFacts, 'sex' | 'femaleWorker'>,
  profile: StandardProfile,
): RetirementSchedule {
  if (person.sex === 'M') return profile.workingAge.male;
  return person.femaleWorker ? profile.workingAge.femaleWorker : profile.workingAge.female;
}

/**
 * 法定退休年龄 in months for this person's birth cohort (国务院关于渐进式提高法定退休年龄的决定, 2025-01-01):
 * e.g. a man born 1965-01…04 retires at 60 years 1 month, one born 1976-09 or later at 63.
 */
export function retirementAgeMonths(
  person: Pick<PersonFacts, 'sex' | 'femaleWorker' | 'birthDate'>,
  profile: StandardProfile,
): number {
  const schedule = scheduleOf(person, profile);
  const base = schedule.baseAgeYears * 12;
  const birth = toParts(person.birthDate);
  const birthMonth = birth.year * 12 + birth.month - 1;
  const firstYear = Number(schedule.reformFirstCohort.slice(0, 4));
  const firstMonth = firstYear * 12 + Number(schedule.reformFirstCohort.slice(5, 7)) - 1;
  if (birthMonth < firstMonth) return base;
  const delay = Math.floor((birthMonth - firstMonth) / schedule.stepEveryMonths) + 1;
  return base + Math.min(delay, schedule.maxDelayMonths);
}

/** The first day the person is past 法定劳动年龄: birth date + retirement age (month-end clamped). */
export function retirementDate(
  person: Pick<PersonFacts, 'sex' | 'femaleWorker' | 'birthDate'>,
  profile: StandardProfile,
): IsoDate {
  return addMonths(person.birthDate, retirementAgeMonths(person, profile));
}

/** 领取基本养老金 on t. */
export function drawsPensionOn(person: Pick<PersonFacts, 'pensionSince'>, t: IsoDate): boolean {
  return person.pensionSince !== null && person.pensionSince <= t;
}

/** Past the retirement age on t (age alone, pension aside). */
export function isPastWorkingAge(person: PersonFacts, t: IsoDate, profile: StandardProfile): boolean {
  return t >= retirementDate(person, profile);
}

/**
 * 法定劳动年龄内 — from the 16th birthday up to (not including) the retirement date of the person's cohort,
 * and never once a basic pension is drawn (DOMAIN.md §2 "Working age").
 */
export function isWorkingAge(person: PersonFacts, t: IsoDate, profile: StandardProfile): boolean {
  if (drawsPensionOn(person, t)) return false;
  return (
    t >= addYears(person.birthDate, profile.workingAge.minAgeYears) && !isPastWorkingAge(person, t, profile)
  );
}

/** 劳动力 — of working age, not a full-time student, not serving in the army (DOMAIN.md §2). */
export function isLabourForce(person: PersonFacts, t: IsoDate, profile: StandardProfile): boolean {
  return !person.student && !person.soldier && isWorkingAge(person, t, profile);
}

/** 有劳动能力和就业愿望 — full or partial ability to work, and willing to work. */
export function isAbleAndWilling(person: Pick<PersonFacts, 'ability' | 'willing'>): boolean {
  return person.ability !== 'none' && person.willing;
}

/** 4050人员 — women aged ≥ 40, men aged ≥ 50, still of working age on t. */
export function is4050(person: PersonFacts, t: IsoDate, profile: StandardProfile): boolean {
  const minAge = person.sex === 'F' ? profile.fourFiftyAge.female : profile.fourFiftyAge.male;
  return isWorkingAge(person, t, profile) && ageOn(person, t) >= minAge;
}

/** Whether a form of work counts as 就业: all do, 务农 only when the profile says so. */
export function countsAsEmployment(form: EmploymentForm, profile: StandardProfile): boolean {
  return form !== '务农' || profile.farmingCountsAsEmployed;
}

/** The counted employment spell covering t (start ≤ t < end), the most recently started if several. */
export function employmentOn(
  person: PersonFacts,
  t: IsoDate,
  profile: StandardProfile,
): EmploymentSpell | null {
  let found: EmploymentSpell | null = null;
  for (const spell of person.employment) {
    if (
      spell.start <= t &&
      (spell.end === null || spell.end > t) &&
      countsAsEmployment(spell.form, profile)
    ) {
      if (found === null || spell.start > found.start) found = spell;
    }
  }
  return found;
}

/** 就业 on t — a counted spell covers t (DOMAIN.md §2 "Employed on date t"). */
export function isEmployedOn(person: PersonFacts, t: IsoDate, profile: StandardProfile): boolean {
  return employmentOn(person, t, profile) !== null;
}

/** Employed on at least one day of `from … to` (both included). */
export function wasEmployedDuring(
  person: PersonFacts,
  from: IsoDate,
  to: IsoDate,
  profile: StandardProfile,
): boolean {
  return person.employment.some(
    (s) => s.start <= to && (s.end === null || s.end > from) && countsAsEmployment(s.form, profile),
  );
}

/** 失业登记 open on t: approved ≤ t and (no close or t < closed); the latest approved if several. */
export function openRegistrationOn(person: PersonFacts, t: IsoDate): UnemploymentRegistration | null {
  let found: UnemploymentRegistration | null = null;
  for (const r of person.registrations) {
    if (r.approved <= t && (r.closed === null || t < r.closed)) {
      if (found === null || r.approved > found.approved) found = r;
    }
  }
  return found;
}

/** 登记失业人员 on t — a registration is open on t. */
export function isRegisteredUnemployedOn(person: PersonFacts, t: IsoDate): boolean {
  return openRegistrationOn(person, t) !== null;
}

/**
 * Start of the current unemployment: the approval date of the registration open on t, followed back through
 * registrations that were opened the same day the previous one closed (a re-registration continues the
 * spell). Null when no registration is open on t.
 */
export function continuousUnemploymentStart(person: PersonFacts, t: IsoDate): IsoDate | null {
  let current = openRegistrationOn(person, t);
  if (current === null) return null;
  // Bounded by the number of registrations, so a cycle in bad data cannot loop forever.
  for (let hops = 0; hops < person.registrations.length; hops++) {
    const start: IsoDate = current.approved;
    const previous: UnemploymentRegistration | undefined = person.registrations.find(
      (r) => r !== current && r.closed === start && r.approved <= start,
    );
    if (!previous) break;
    current = previous;
  }
  return current.approved;
}

/**
 * 连续失业一年以上 on t — t ≥ start of the current unemployment + `longUnemploymentMonths` (12). Someone
 * registered on 2015-12-10 counts on 2016-12-10 and not on 2016-12-09.
 */
export function isContinuouslyUnemployedYear(
  person: PersonFacts,
  t: IsoDate,
  profile: StandardProfile,
): boolean {
  const start = continuousUnemploymentStart(person, t);
  return start !== null && t >= addMonths(start, profile.longUnemploymentMonths);
}

/** 城镇 — 户籍性质 非农业, or 居民 when the person's unit is a 社区 (DOMAIN.md §2 "Urban"). */
export function isUrban(person: Pick<PersonFacts, 'hukou'>, unitKind: UnitKind): boolean {
  return person.hukou === '非农业' || (person.hukou === '居民' && unitKind === 'community');
}

/** The 就业困难人员认定 active on t (recognized ≤ t < exited), or null. */
export function activeDifficultyOn(person: PersonFacts, t: IsoDate): DifficultyRecognition | null {
  for (const r of person.difficulty) if (r.recognized <= t && (r.exited === null || t < r.exited)) return r;
  return null;
}

/** Some recognition active on at least one day of `from … to`. */
export function hasDifficultyDuring(person: PersonFacts, from: IsoDate, to: IsoDate): boolean {
  return person.difficulty.some((r) => r.recognized <= to && (r.exited === null || r.exited > from));
}

/** 精准扶贫劳动力 (建档立卡贫困劳动力) — a working-age member of a poverty-register household, 未脱贫 or 已脱贫. */
export function isPovertyLabourer(person: PersonFacts, t: IsoDate, profile: StandardProfile): boolean {
  return person.povertyRegister && isWorkingAge(person, t, profile);
}

/** Why a person is a 援助对象 (DOMAIN.md §2): a 就业困难人员, b 4050 registered unemployed, c 零就业家庭 member. */
export type AssistanceBasis = 'a' | 'b' | 'c';

/**
 * The bases on which the person is a 援助对象 on t; empty when employed on t or none applies.
 * `inUneliminatedZeroHousehold` says whether the person is an eligible member of a recognised 零就业家庭 not yet
 * eliminated on t (household.ts computes it; the person alone cannot know).
 */
export function assistanceBases(
  person: PersonFacts,
  t: IsoDate,
  profile: StandardProfile,
  inUneliminatedZeroHousehold: boolean,
): AssistanceBasis[] {
  if (isEmployedOn(person, t, profile)) return [];
  const bases: AssistanceBasis[] = [];
  if (activeDifficultyOn(person, t) !== null) bases.push('a');
  if (isRegisteredUnemployedOn(person, t) && is4050(person, t, profile)) bases.push('b');
  if (inUneliminatedZeroHousehold) bases.push('c');
  return bases;
}

/** 援助对象 on t — see {@link assistanceBases}. */
export function isAssistanceTarget(
  person: PersonFacts,
  t: IsoDate,
  profile: StandardProfile,
  inUneliminatedZeroHousehold: boolean,
): boolean {
  return assistanceBases(person, t, profile, inUneliminatedZeroHousehold).length > 0;
}

/**
 * 就业困难人员 candidate categories the facts suggest on t, for staff to review; a person becomes a 就业困难人员
 * only through a recognition, so someone already recognised on t gets none. Only categories the register can
 * see are suggested (4050 urban, 连续失业一年以上 urban, 进城务工失业一年以上 non-urban, 零就业家庭成员,
 * 建档立卡贫困劳动力); 残疾, 低保, 被征地 and 独生子女户 need documents the register does not hold. Candidates must
 * be in the labour force, able and willing, and not employed on t.
 */
export function difficultyCandidateCategories(
  person: PersonFacts,
  t: IsoDate,
  profile: StandardProfile,
  context: { unitKind: UnitKind; inUneliminatedZeroHousehold: boolean },
): DifficultyCategory[] {
  if (activeDifficultyOn(person, t) !== null) return [];
  if (!isLabourForce(person, t, profile) || !isAbleAndWilling(person) || isEmployedOn(person, t, profile))
    return [];
  const urban = isUrban(person, context.unitKind);
  const categories: DifficultyCategory[] = [];
  if (urban && is4050(person, t, profile)) categories.push('4050');
  if (isContinuouslyUnemployedYear(person, t, profile)) {
    categories.push(urban ? '连续失业一年以上' : '进城务工失业一年以上');
  }
  if (context.inUneliminatedZeroHousehold) categories.push('零就业家庭成员');
  if (person.povertyRegister) categories.push('建档立卡贫困劳动力');
  return categories;
}
