/**
 * 零就业家庭 (DOMAIN.md §2): candidates, recognition, elimination and its deadline.
 */

import { addDays, addMonths, endOfQuarter, maxDate } from './dates.ts';
import type { HouseholdFacts, IsoDate, PersonFacts, ZeroEmploymentRecognition } from './facts.ts';
import { countsAsEmployment, isAbleAndWilling, isEmployedOn, isLabourForce } from './person.ts';
import type { StandardProfile } from './profile.ts';

/**
 * A member who counts for 零就业家庭 on t: of working age, able and willing to work; students, soldiers and
 * retirees (pension drawn) are excluded.
 */
export function isEligibleMember(person: PersonFacts, t: IsoDate, profile: StandardProfile): boolean {
  return isAbleAndWilling(person) && isLabourForce(person, t, profile);
}

/**
 * 零就业家庭 candidate on t: no business or investment income, at least one eligible member, and every eligible
 * member unemployed. A household with no eligible member is not a candidate: there is nobody to place.
 */
export function isZeroEmploymentCandidate(
  household: HouseholdFacts,
  members: readonly PersonFacts[],
  t: IsoDate,
  profile: StandardProfile,
): boolean {
  if (household.hasBusinessIncome) return false;
  let eligible = 0;
  for (const m of members) {
    if (!isEligibleMember(m, t, profile)) continue;
    if (isEmployedOn(m, t, profile)) return false;
    eligible++;
  }
  return eligible > 0;
}

/**
 * 消除 date of a 认定: the first day on or after the recognition on which an eligible member is employed (a
 * member already working on the recognition day eliminates it that day — and is a data-quality finding).
 * Null while no eligible member has found work. Spells dated after the assessment date are the caller's to
 * ignore by comparing with it.
 */
export function eliminationDate(
  recognition: ZeroEmploymentRecognition,
  members: readonly PersonFacts[],
  profile: StandardProfile,
): IsoDate | null {
  let first: IsoDate | null = null;
  for (const m of members) {
    for (const spell of m.employment) {
      if (!countsAsEmployment(spell.form, profile)) continue;
      if (spell.end !== null && spell.end <= recognition.recognized) continue;
      const day = maxDate(spell.start, recognition.recognized);
      if ((first === null || day < first) && isEligibleMember(m, day, profile)) first = day;
    }
  }
  return first;
}

/**
 * Deadline for eliminating a household recognised on `recognized` (`zeroEmploymentDeadline`): the last day of
 * its quarter (default), 30 days after, or one calendar month after (month-end clamped).
 */
export function zeroEmploymentDeadline(recognized: IsoDate, profile: StandardProfile): IsoDate {
  switch (profile.zeroEmploymentDeadline) {
    case 'quarter':
      return endOfQuarter(recognized);
    case '30d':
      return addDays(recognized, 30);
    case '1month':
      return addMonths(recognized, 1);
  }
}

/** Eliminated on or before the deadline (and, when `asOf` is given, on or before it). */
export function eliminatedInTime(
  recognition: ZeroEmploymentRecognition,
  members: readonly PersonFacts[],
  profile: StandardProfile,
  asOf?: IsoDate,
): boolean {
  const eliminated = eliminationDate(recognition, members, profile);
  if (eliminated === null) return false;
  const deadline = zeroEmploymentDeadline(recognition.recognized, profile);
  return eliminated <= deadline && (asOf === undefined || eliminated <= asOf);
}

/** One recognition with its computed elimination and deadline. */
export interface ZeroEmploymentStatus {
  household: HouseholdFacts;
  recognition: ZeroEmploymentRecognition;
  eliminated: IsoDate | null;
  deadline: IsoDate;
}

/** Every recognition of a household with its elimination date and deadline, oldest first. */
export function zeroEmploymentStatuses(
  household: HouseholdFacts,
  members: readonly PersonFacts[],
  profile: StandardProfile,
): ZeroEmploymentStatus[] {
  return [...household.zeroEmployment]
    .sort((a, b) => (a.recognized < b.recognized ? -1 : a.recognized > b.recognized ? 1 : a.id - b.id))
    .map((recognition) => ({
      household,
      recognition,
      eliminated: eliminationDate(recognition, members, profile),
      deadline: zeroEmploymentDeadline(recognition.recognized, profile),
    }));
}

/** A recognition dated ≤ t that is not yet eliminated on t (the household is a 零就业家庭 on t). */
export function isUneliminatedOn(statuses: readonly ZeroEmploymentStatus[], t: IsoDate): boolean {
  return statuses.some((s) => s.recognition.recognized <= t && (s.eliminated === null || s.eliminated > t));
}
