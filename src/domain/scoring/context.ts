/**
 * The assessment period and population (DOMAIN.md §4), computed once per unit so that every item reads the
 * same R, the same household statuses and the same data-quality findings. Building it is linear in the facts:
 * people are grouped by household in one pass, each person's own records are read only through that person.
 */

import { startOfYear, yearOf } from '../dates.ts';
import { findDataQualityIssues, type DataQualityIssue } from '../data-quality.ts';
import type { HouseholdFacts, IsoDate, PersonFacts, UnemploymentRegistration, UnitFacts } from '../facts.ts';
import {
  isEligibleMember,
  isUneliminatedOn,
  zeroEmploymentStatuses,
  type ZeroEmploymentStatus,
} from '../household.ts';
import { isAssistanceTarget } from '../person.ts';
import type { StandardProfile } from '../profile.ts';

/** A member of R with the registration that put them there (the latest one open in P). */
export interface RegisteredPerson {
  person: PersonFacts;
  registration: UnemploymentRegistration;
}

/** Options of one assessment: creation year Y, evaluation date D, standard profile. */
export interface AssessmentOptions {
  year: number;
  asOf: IsoDate;
  profile: StandardProfile;
}

/** Everything the items share. */
export interface ScoringContext {
  facts: UnitFacts;
  profile: StandardProfile;
  year: number;
  /** D */
  asOf: IsoDate;
  /** first day of P (Y-01-01); P ends on D */
  periodStart: IsoDate;
  /** persons whose unit on D is U */
  population: PersonFacts[];
  /** R: registered unemployed of U in P, minus closures in P that left the labour force */
  registered: RegisteredPerson[];
  /** registered in P but taken out of R (pension, death…), shown for transparency */
  leftLabourForce: RegisteredPerson[];
  /** households of U */
  households: HouseholdFacts[];
  /** members of each household (population and any other listed person) */
  membersOf: (householdId: number) => readonly PersonFacts[];
  /** every 零就业家庭认定 of U with its elimination date and deadline */
  zeroEmployment: ZeroEmploymentStatus[];
  /** 援助对象 on t (DOMAIN.md §2), with household knowledge for basis (c) */
  isAssistanceTarget: (person: PersonFacts, t: IsoDate) => boolean;
  /** eligible member of a recognised 零就业家庭 not yet eliminated on t */
  inUneliminatedZeroHousehold: (person: PersonFacts, t: IsoDate) => boolean;
  /** data-quality issues on D (findings and warnings) */
  dataQuality: DataQualityIssue[];
}

/** Open on some day of P = [periodStart, asOf]: approved ≤ D and (no close or closed after the first day of P). */
export function isOpenInPeriod(r: UnemploymentRegistration, periodStart: IsoDate, asOf: IsoDate): boolean {
  return r.approved <= asOf && (r.closed === null || r.closed > periodStart);
}

/** Builds the shared context; throws RangeError when `asOf` is not a day of `year`. */
export function buildScoringContext(facts: UnitFacts, options: AssessmentOptions): ScoringContext {
  const { year, asOf, profile } = options;
  if (yearOf(asOf) !== year) throw new RangeError(`asOf ${asOf} is not in the creation year ${year}`);
  const periodStart = startOfYear(year);

  const population: PersonFacts[] = [];
  const members = new Map<number, PersonFacts[]>();
  for (const person of facts.persons) {
    if (person.unitCode === facts.code) population.push(person);
    if (person.householdId !== null) {
      const list = members.get(person.householdId);
      if (list) list.push(person);
      else members.set(person.householdId, [person]);
    }
  }
  const membersOf = (householdId: number): readonly PersonFacts[] => members.get(householdId) ?? [];

  const registered: RegisteredPerson[] = [];
  const leftLabourForce: RegisteredPerson[] = [];
  for (const person of population) {
    let latest: UnemploymentRegistration | null = null;
    for (const r of person.registrations) {
      if (isOpenInPeriod(r, periodStart, asOf) && (latest === null || r.approved > latest.approved))
        latest = r;
    }
    if (latest === null) continue;
    const closedInPeriod = latest.closed !== null && latest.closed <= asOf;
    const leaves =
      closedInPeriod &&
      latest.closeReason !== null &&
      profile.outOfLabourForceCloseReasons.includes(latest.closeReason);
    (leaves ? leftLabourForce : registered).push({ person, registration: latest });
  }

  const households = facts.households.filter((h) => h.unitCode === facts.code);
  const zeroEmployment: ZeroEmploymentStatus[] = [];
  const statusesByHousehold = new Map<number, ZeroEmploymentStatus[]>();
  for (const household of households) {
    if (household.zeroEmployment.length === 0) continue;
    const statuses = zeroEmploymentStatuses(household, membersOf(household.id), profile);
    statusesByHousehold.set(household.id, statuses);
    zeroEmployment.push(...statuses);
  }

  const inUneliminatedZeroHousehold = (person: PersonFacts, t: IsoDate): boolean => {
    if (person.householdId === null) return false;
    const statuses = statusesByHousehold.get(person.householdId);
    return statuses !== undefined && isUneliminatedOn(statuses, t) && isEligibleMember(person, t, profile);
  };

  return {
    facts,
    profile,
    year,
    asOf,
    periodStart,
    population,
    registered,
    leftLabourForce,
    households,
    membersOf,
    zeroEmployment,
    isAssistanceTarget: (person, t) =>
      isAssistanceTarget(person, t, profile, inUneliminatedZeroHousehold(person, t)),
    inUneliminatedZeroHousehold,
    dataQuality: findDataQualityIssues(facts, asOf, profile),
  };
}

/** A date within P. */
export function inPeriod(ctx: ScoringContext, date: IsoDate): boolean {
  return date >= ctx.periodStart && date <= ctx.asOf;
}
