/**
 * 四本台账 — the four ledgers of annex item 5 (劳动力, 失业人员, 就业困难人员, 精准扶贫劳动力) are views of one
 * register, never copies. A person's classes on a date are packed into one integer of flags, so the database
 * can filter a ledger page without re-deriving every rule (DOMAIN.md §2).
 */

import type { HouseholdFacts, IsoDate, PersonFacts, UnitKind } from './facts.ts';
import {
  isEligibleMember,
  isUneliminatedOn,
  isZeroEmploymentCandidate,
  zeroEmploymentStatuses,
} from './household.ts';
import {
  activeDifficultyOn,
  difficultyCandidateCategories,
  is4050,
  isAbleAndWilling,
  isAssistanceTarget,
  isContinuouslyUnemployedYear,
  isEmployedOn,
  isLabourForce,
  isPovertyLabourer,
  isRegisteredUnemployedOn,
  isUrban,
  isWorkingAge,
} from './person.ts';
import type { StandardProfile } from './profile.ts';

/** One bit per class; stored with the date it was computed for. */
export const PERSON_FLAG = {
  /** 劳动力: working age, not a student, not serving */
  labour: 1 << 0,
  workingAge: 1 << 1,
  employed: 1 << 2,
  /** 登记失业人员: a registration open on the date */
  registeredUnemployed: 1 << 3,
  /** 就业困难人员: a recognition active on the date */
  difficulty: 1 << 4,
  /** 精准扶贫劳动力 */
  poverty: 1 << 5,
  /** 4050人员 */
  is4050: 1 << 6,
  /** 连续失业一年以上 */
  longUnemployed: 1 << 7,
  /** 城镇 */
  urban: 1 << 8,
  /** 援助对象 */
  assistanceTarget: 1 << 9,
  /** eligible member of a recognised 零就业家庭 not yet eliminated */
  zeroEmploymentMember: 1 << 10,
  /** 有劳动能力和就业愿望 */
  ableAndWilling: 1 << 11,
  /** the rules suggest recognising this person as a 就业困难人员 */
  difficultyCandidate: 1 << 12,
  /** member of a household that looks like a 零就业家庭 but has no recognition */
  zeroEmploymentCandidate: 1 << 13,
} as const;
export type PersonFlagName = keyof typeof PERSON_FLAG;

export const PERSON_FLAG_LABELS: Record<PersonFlagName, string> = {
  labour: '劳动力',
  workingAge: '法定劳动年龄内',
  employed: '就业',
  registeredUnemployed: '登记失业',
  difficulty: '就业困难人员',
  poverty: '精准扶贫劳动力',
  is4050: '4050人员',
  longUnemployed: '连续失业一年以上',
  urban: '城镇',
  assistanceTarget: '援助对象',
  zeroEmploymentMember: '零就业家庭成员',
  ableAndWilling: '有能力有意愿',
  difficultyCandidate: '疑似就业困难人员',
  zeroEmploymentCandidate: '疑似零就业家庭',
};

/** The four ledgers of annex item 5. */
export const LEDGERS = {
  labour: { title: '劳动力台账', flag: PERSON_FLAG.labour },
  unemployed: { title: '失业人员台账', flag: PERSON_FLAG.registeredUnemployed },
  difficulty: { title: '就业困难人员台账', flag: PERSON_FLAG.difficulty },
  poverty: { title: '精准扶贫劳动力台账', flag: PERSON_FLAG.poverty },
} as const;
export type LedgerKind = keyof typeof LEDGERS;

/**
 * Flags of every person of a unit on t. Members are grouped by household once, so the cost is linear in the
 * facts.
 */
export function classifyPersons(
  persons: readonly PersonFacts[],
  households: readonly HouseholdFacts[],
  unitKind: UnitKind,
  t: IsoDate,
  profile: StandardProfile,
): Map<number, number> {
  const members = new Map<number, PersonFacts[]>();
  for (const p of persons) {
    if (p.householdId === null) continue;
    const list = members.get(p.householdId);
    if (list) list.push(p);
    else members.set(p.householdId, [p]);
  }
  const zeroHouseholds = new Set<number>();
  const candidateHouseholds = new Set<number>();
  for (const h of households) {
    const m = members.get(h.id) ?? [];
    if (h.zeroEmployment.length > 0 && isUneliminatedOn(zeroEmploymentStatuses(h, m, profile), t))
      zeroHouseholds.add(h.id);
    else if (h.zeroEmployment.every((r) => r.recognized > t) && isZeroEmploymentCandidate(h, m, t, profile))
      candidateHouseholds.add(h.id);
  }
  const flags = new Map<number, number>();
  for (const p of persons) {
    const inZero =
      p.householdId !== null && zeroHouseholds.has(p.householdId) && isEligibleMember(p, t, profile);
    let f = 0;
    if (isLabourForce(p, t, profile)) f |= PERSON_FLAG.labour;
    if (isWorkingAge(p, t, profile)) f |= PERSON_FLAG.workingAge;
    if (isEmployedOn(p, t, profile)) f |= PERSON_FLAG.employed;
    if (isRegisteredUnemployedOn(p, t)) f |= PERSON_FLAG.registeredUnemployed;
    if (activeDifficultyOn(p, t) !== null) f |= PERSON_FLAG.difficulty;
    if (isPovertyLabourer(p, t, profile)) f |= PERSON_FLAG.poverty;
    if (is4050(p, t, profile)) f |= PERSON_FLAG.is4050;
    if (isContinuouslyUnemployedYear(p, t, profile)) f |= PERSON_FLAG.longUnemployed;
    if (isUrban(p, unitKind)) f |= PERSON_FLAG.urban;
    if (isAssistanceTarget(p, t, profile, inZero)) f |= PERSON_FLAG.assistanceTarget;
    if (inZero) f |= PERSON_FLAG.zeroEmploymentMember;
    if (isAbleAndWilling(p)) f |= PERSON_FLAG.ableAndWilling;
    if (
      difficultyCandidateCategories(p, t, profile, { unitKind, inUneliminatedZeroHousehold: inZero }).length >
      0
    )
      f |= PERSON_FLAG.difficultyCandidate;
    if (p.householdId !== null && candidateHouseholds.has(p.householdId))
      f |= PERSON_FLAG.zeroEmploymentCandidate;
    flags.set(p.id, f);
  }
  return flags;
}

/** The names of the flags set in `flags`, in declaration order. */
export function flagNames(flags: number): PersonFlagName[] {
  return (Object.keys(PERSON_FLAG) as PersonFlagName[]).filter((k) => (flags & PERSON_FLAG[k]) !== 0);
}
