/**
 * 岗位匹配 — which open vacancies suit a job seeker, and which job seekers suit a vacancy (三(二) 搜集就业岗位信息,
 * 二(三) 推荐就业达二次以上). Ranking, in order of weight: the wanted trade (then the person's skills), the place
 * (same village > same town > elsewhere in the district), and the requirements a vacancy states. A stated age,
 * sex or education the person does not meet excludes the pair; an unknown education only lowers it.
 */

import type { IsoDate, Sex } from './facts.ts';
import { EDUCATION_VALUES } from './ledger-entry.ts';
import { ageOn } from './person.ts';

/** A vacancy as matching reads it. */
export interface VacancyForMatching {
  id: number;
  unitCode: string;
  /** the town of the collecting unit (the unit itself when a town collected it) */
  townCode: string | null;
  employer: string;
  post: string;
  trades: readonly string[];
  ageMin: number | null;
  ageMax: number | null;
  sex: Sex | null;
  /** the lowest 文化程度 accepted */
  education: string | null;
}

/** A job seeker as matching reads them. */
export interface SeekerForMatching {
  id: number;
  unitCode: string;
  townCode: string | null;
  birthDate: IsoDate;
  sex: Sex;
  education: string | null;
  wantedTrades: readonly string[];
  skills: readonly string[];
}

export type MatchPlace = 'unit' | 'town' | 'district';

export interface Match {
  score: number;
  place: MatchPlace;
  /** why, in Chinese, for the staff member who recommends */
  reasons: string[];
}

/** Points of each criterion: a trade outweighs any place, a place outweighs an unknown education. */
export const MATCH_POINTS = {
  tradeExact: 60,
  tradePartial: 40,
  skillExact: 25,
  skillPartial: 15,
  place: { unit: 30, town: 20, district: 10 } as Record<MatchPlace, number>,
  unknownEducation: -5,
} as const;

/** Splits a free-text list (、，,;；/ and spaces) into trimmed terms. */
export function splitTerms(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/[、，,;；/\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** 文化程度 as a rank (高中 and 中专 are the same level); null when unknown. */
export function educationRank(value: string | null): number | null {
  if (value === null) return null;
  const i = (EDUCATION_VALUES as readonly string[]).indexOf(value);
  if (i < 0) return null;
  return i >= 3 ? i - 1 : i;
}

function termMatch(wanted: readonly string[], offered: readonly string[]): 'exact' | 'partial' | null {
  let best: 'exact' | 'partial' | null = null;
  for (const w of wanted) {
    for (const o of offered) {
      if (w === o) return 'exact';
      if (o.includes(w) || w.includes(o)) best = 'partial';
    }
  }
  return best;
}

function placeOf(seeker: SeekerForMatching, vacancy: VacancyForMatching): MatchPlace {
  if (seeker.unitCode === vacancy.unitCode) return 'unit';
  if (
    seeker.townCode !== null &&
    (vacancy.townCode === seeker.townCode || vacancy.unitCode === seeker.townCode)
  )
    return 'town';
  return 'district';
}

const PLACE_TEXT: Record<MatchPlace, string> = {
  unit: '本村（社区）岗位',
  town: '本镇（街道）岗位',
  district: '区内岗位',
};

/** How well one vacancy suits one seeker on t, or null when a stated requirement excludes the seeker. */
export function matchVacancy(
  seeker: SeekerForMatching,
  vacancy: VacancyForMatching,
  t: IsoDate,
): Match | null {
  const reasons: string[] = [];
  const age = ageOn(seeker, t);
  if (vacancy.ageMin !== null && age < vacancy.ageMin) return null;
  if (vacancy.ageMax !== null && age > vacancy.ageMax) return null;
  if (vacancy.sex !== null && vacancy.sex !== seeker.sex) return null;
  let score = 0;
  const required = educationRank(vacancy.education);
  if (required !== null) {
    const has = educationRank(seeker.education);
    if (has === null) {
      score += MATCH_POINTS.unknownEducation;
      reasons.push(`学历未知（要求${vacancy.education}）`);
    } else if (has < required) return null;
  }

  // The post's own words count as trades, so a vacancy entered without trades still matches "电工" to "电工学徒".
  const offered = [...vacancy.trades, ...splitTerms(vacancy.post)];
  const trade = termMatch(seeker.wantedTrades, offered);
  if (trade) {
    score += trade === 'exact' ? MATCH_POINTS.tradeExact : MATCH_POINTS.tradePartial;
    reasons.push(trade === 'exact' ? '求职意向工种一致' : '求职意向工种相近');
  } else {
    const skill = termMatch(seeker.skills, offered);
    if (skill) {
      score += skill === 'exact' ? MATCH_POINTS.skillExact : MATCH_POINTS.skillPartial;
      reasons.push(skill === 'exact' ? '技能对口' : '技能相近');
    }
  }
  const place = placeOf(seeker, vacancy);
  score += MATCH_POINTS.place[place];
  reasons.push(PLACE_TEXT[place]);
  const stated =
    vacancy.ageMin !== null || vacancy.ageMax !== null || vacancy.sex !== null || required !== null;
  if (stated && !(required !== null && educationRank(seeker.education) === null))
    reasons.push('符合岗位要求');
  return { score, place, reasons };
}

const byScore =
  <T extends { match: Match }>(key: (x: T) => number) =>
  (a: T, b: T) =>
    b.match.score - a.match.score || key(a) - key(b);

/** Open vacancies for a seeker, best first (ties: the older id first, so the order is stable). */
export function rankVacancies<V extends VacancyForMatching>(
  seeker: SeekerForMatching,
  vacancies: readonly V[],
  t: IsoDate,
  limit = 20,
): { vacancy: V; match: Match }[] {
  const out: { vacancy: V; match: Match }[] = [];
  for (const vacancy of vacancies) {
    const match = matchVacancy(seeker, vacancy, t);
    if (match) out.push({ vacancy, match });
  }
  return out.sort(byScore((x) => x.vacancy.id)).slice(0, limit);
}

/** Job seekers for a vacancy, best first. */
export function rankSeekers<S extends SeekerForMatching>(
  vacancy: VacancyForMatching,
  seekers: readonly S[],
  t: IsoDate,
  limit = 20,
): { seeker: S; match: Match }[] {
  const out: { seeker: S; match: Match }[] = [];
  for (const seeker of seekers) {
    const match = matchVacancy(seeker, vacancy, t);
    if (match) out.push({ seeker, match });
  }
  return out.sort(byScore((x) => x.seeker.id)).slice(0, limit);
}

/** Open on t: collected by t, not closed, and valid through t. */
export function isVacancyOpen(
  v: { collectedOn: IsoDate; validUntil: IsoDate | null; closedOn: IsoDate | null },
  t: IsoDate,
): boolean {
  return (
    v.collectedOn <= t &&
    (v.validUntil === null || v.validUntil >= t) &&
    (v.closedOn === null || v.closedOn > t)
  );
}
