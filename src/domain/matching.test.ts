import { describe, expect, it } from 'vitest';
import {
  educationRank,
  isVacancyOpen,
  matchVacancy,
  rankSeekers,
  rankVacancies,
  splitTerms,
  type SeekerForMatching,
  type VacancyForMatching,
} from './matching.ts';

const T = '2026-11-26';
const LIUCUO = '350505100201';
const NEIGHBOUR = '350505100202';
const NANPU = '350505100000';

function seeker(over: Partial<SeekerForMatching> = {}): SeekerForMatching {
  return {
    id: 1,
    unitCode: LIUCUO,
    townCode: NANPU,
    birthDate: '1986-05-01',
    sex: 'M',
    education: '初中',
    wantedTrades: ['电工'],
    skills: [],
    ...over,
  };
}
function vacancy(over: Partial<VacancyForMatching> = {}): VacancyForMatching {
  return {
    id: 10,
    unitCode: LIUCUO,
    townCode: NANPU,
    employer: '泉港石化',
    post: '维修工',
    trades: [],
    ageMin: null,
    ageMax: null,
    sex: null,
    education: null,
    ...over,
  };
}

describe('matchVacancy', () => {
  it('ranks the wanted trade above any place: an electrician post elsewhere beats a cook post next door', () => {
    const far = matchVacancy(
      seeker(),
      vacancy({ unitCode: '350505200201', townCode: '350505200000', trades: ['电工'] }),
      T,
    )!;
    const near = matchVacancy(seeker(), vacancy({ trades: ['厨师'] }), T)!;
    expect(far.score).toBeGreaterThan(near.score);
    expect(far.reasons).toContain('求职意向工种一致');
  });

  it('prefers the same village to the same town, and the same town to the rest of the district', () => {
    const unit = matchVacancy(seeker(), vacancy(), T)!;
    const town = matchVacancy(seeker(), vacancy({ unitCode: NEIGHBOUR }), T)!;
    const townItself = matchVacancy(seeker(), vacancy({ unitCode: NANPU, townCode: NANPU }), T)!;
    const district = matchVacancy(
      seeker(),
      vacancy({ unitCode: '350505200201', townCode: '350505200000' }),
      T,
    )!;
    expect([unit.place, town.place, townItself.place, district.place]).toEqual([
      'unit',
      'town',
      'town',
      'district',
    ]);
    expect(unit.score).toBeGreaterThan(town.score);
    expect(town.score).toBeGreaterThan(district.score);
  });

  it('matches a trade named only in the post text, as a near match', () => {
    expect(matchVacancy(seeker(), vacancy({ post: '电工学徒' }), T)!.reasons).toContain('求职意向工种相近');
  });

  it('excludes a seeker outside a stated age range, counting the birthday itself', () => {
    // born 1986-05-01: 40 on 2026-05-01
    expect(matchVacancy(seeker(), vacancy({ ageMax: 39 }), T)).toBeNull();
    expect(matchVacancy(seeker(), vacancy({ ageMax: 40 }), T)).not.toBeNull();
    expect(matchVacancy(seeker(), vacancy({ ageMin: 41 }), T)).toBeNull();
  });

  it('excludes the other sex when one is stated, and too little schooling; unknown schooling only lowers the rank', () => {
    expect(matchVacancy(seeker(), vacancy({ sex: 'F' }), T)).toBeNull();
    expect(matchVacancy(seeker({ education: '初中' }), vacancy({ education: '高中' }), T)).toBeNull();
    expect(matchVacancy(seeker({ education: '中专' }), vacancy({ education: '高中' }), T)).not.toBeNull();
    const unknown = matchVacancy(seeker({ education: null }), vacancy({ education: '高中' }), T)!;
    const known = matchVacancy(seeker({ education: '大专' }), vacancy({ education: '高中' }), T)!;
    expect(unknown.score).toBeLessThan(known.score);
    expect(unknown.reasons).toContain('学历未知（要求高中）');
  });
});

describe('rankVacancies and rankSeekers', () => {
  it('returns the best first and drops the excluded', () => {
    const list = [
      vacancy({ id: 1, trades: ['厨师'] }),
      vacancy({ id: 2, trades: ['电工'] }),
      vacancy({ id: 3, sex: 'F', trades: ['电工'] }),
    ];
    expect(rankVacancies(seeker(), list, T).map((x) => x.vacancy.id)).toEqual([2, 1]);
    const people = [
      seeker({ id: 5, wantedTrades: ['厨师'] }),
      seeker({ id: 6 }),
      seeker({ id: 7, sex: 'F' }),
    ];
    expect(rankSeekers(vacancy({ trades: ['电工'], sex: 'M' }), people, T).map((x) => x.seeker.id)).toEqual([
      6, 5,
    ]);
  });
});

describe('helpers', () => {
  it('splits trade lists on Chinese and Latin separators', () => {
    expect(splitTerms('电工、焊工, 叉车；保安')).toEqual(['电工', '焊工', '叉车', '保安']);
    expect(splitTerms(null)).toEqual([]);
  });
  it('ranks 高中 and 中专 alike', () => {
    expect(educationRank('高中')).toBe(educationRank('中专'));
    expect(educationRank('大专')).toBeGreaterThan(educationRank('中专')!);
  });
  it('keeps a vacancy open through its last valid day and from its collection day', () => {
    const v = { collectedOn: '2026-11-01', validUntil: '2026-11-30', closedOn: null };
    expect(isVacancyOpen(v, '2026-11-30')).toBe(true);
    expect(isVacancyOpen(v, '2026-12-01')).toBe(false);
    expect(isVacancyOpen(v, '2026-10-31')).toBe(false);
    expect(isVacancyOpen({ ...v, closedOn: '2026-11-20' }, '2026-11-20')).toBe(false);
  });
});
