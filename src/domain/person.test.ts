import { describe, expect, it } from 'vitest';
import {
  activeDifficultyOn,
  ageOn,
  assistanceBases,
  continuousUnemploymentStart,
  difficultyCandidateCategories,
  employmentOn,
  is4050,
  isContinuouslyUnemployedYear,
  isEmployedOn,
  isLabourForce,
  isPovertyLabourer,
  isRegisteredUnemployedOn,
  isUrban,
  isWorkingAge,
  openRegistrationOn,
  retirementAgeMonths,
  retirementDate,
  wasEmployedDuring,
} from './person.ts';
import { getProfile } from './profile.ts';
import { makePerson, makeRecognition, makeRegistration, makeSpell, profileWith } from './test-factories.ts';

const profile = getProfile();

describe('ageOn', () => {
  it('counts the birthday itself as the new age', () => {
    const p = makePerson({ birthDate: '1976-12-10' });
    expect(ageOn(p, '2016-12-09')).toBe(39);
    expect(ageOn(p, '2016-12-10')).toBe(40);
  });
});

describe('isWorkingAge', () => {
  it('starts on the 16th birthday', () => {
    const p = makePerson({ birthDate: '2000-06-15' });
    expect(isWorkingAge(p, '2016-06-14', profile)).toBe(false);
    expect(isWorkingAge(p, '2016-06-15', profile)).toBe(true);
  });

  it('starts on 02-28 for someone born on 02-29 when the 16th birthday falls in a common year', () => {
    const p = makePerson({ birthDate: '2000-02-29' });
    expect(isWorkingAge(p, '2016-02-28', profile)).toBe(false);
    expect(isWorkingAge(p, '2016-02-29', profile)).toBe(true);
    const q = makePerson({ birthDate: '2004-02-29' });
    expect(isWorkingAge(q, '2020-02-28', profile)).toBe(false);
    expect(isWorkingAge(q, '2020-02-29', profile)).toBe(true);
    const r = makePerson({ birthDate: '2008-02-29' });
    expect(isWorkingAge(r, '2024-02-29', profile)).toBe(true);
    const s = makePerson({ birthDate: '2003-02-28' });
    expect(isWorkingAge(s, '2019-02-28', profile)).toBe(true);
  });

  it('ends on the 60th birthday for men born before 1965', () => {
    const p = makePerson({ sex: 'M', birthDate: '1956-03-15' });
    expect(isWorkingAge(p, '2016-03-14', profile)).toBe(true);
    expect(isWorkingAge(p, '2016-03-15', profile)).toBe(false);
  });

  it('ends on the 55th birthday for women and the 50th for female workers born before the reform cohorts', () => {
    const woman = makePerson({ sex: 'F', birthDate: '1961-07-01' });
    expect(isWorkingAge(woman, '2016-06-30', profile)).toBe(true);
    expect(isWorkingAge(woman, '2016-07-01', profile)).toBe(false);
    const worker = makePerson({ sex: 'F', birthDate: '1966-07-01', femaleWorker: true });
    expect(isWorkingAge(worker, '2016-06-30', profile)).toBe(true);
    expect(isWorkingAge(worker, '2016-07-01', profile)).toBe(false);
  });

  it('ends once a basic pension is drawn, whatever the age', () => {
    const p = makePerson({ birthDate: '1970-01-01', pensionSince: '2016-05-01' });
    expect(isWorkingAge(p, '2016-04-30', profile)).toBe(true);
    expect(isWorkingAge(p, '2016-05-01', profile)).toBe(false);
  });

  it('keeps a man born in June 1970 at work in 2030 and until 61 years 5 months under the 2025 reform', () => {
    const p = makePerson({ sex: 'M', birthDate: '1970-06-15' });
    expect(isWorkingAge(p, '2030-06-15', profile)).toBe(true);
    expect(retirementDate(p, profile)).toBe('2031-11-15');
    expect(isWorkingAge(p, '2031-11-14', profile)).toBe(true);
    expect(isWorkingAge(p, '2031-11-15', profile)).toBe(false);
  });

  it('keeps a woman born in March 1975 at work in 2030, past her 55th birthday', () => {
    const p = makePerson({ sex: 'F', birthDate: '1975-03-20' });
    expect(isWorkingAge(p, '2030-03-20', profile)).toBe(true);
    expect(retirementDate(p, profile)).toBe('2031-07-20');
  });
});

describe('retirementAgeMonths', () => {
  const months = (sex: 'M' | 'F', birthDate: string, femaleWorker = false) =>
    retirementAgeMonths(makePerson({ sex, birthDate, femaleWorker }), profile);

  it('adds one month per four birth months for men from 1965-01, reaching 63 for those born 1976-09 on', () => {
    expect(months('M', '1964-12-31')).toBe(60 * 12);
    expect(months('M', '1965-01-01')).toBe(60 * 12 + 1);
    expect(months('M', '1965-04-30')).toBe(60 * 12 + 1);
    expect(months('M', '1965-05-01')).toBe(60 * 12 + 2);
    expect(months('M', '1976-08-31')).toBe(63 * 12 - 1);
    expect(months('M', '1976-09-01')).toBe(63 * 12);
    expect(months('M', '1990-01-01')).toBe(63 * 12);
  });

  it('adds one month per four birth months for women from 1970-01, reaching 58 from 1981-09', () => {
    expect(months('F', '1969-12-31')).toBe(55 * 12);
    expect(months('F', '1970-01-01')).toBe(55 * 12 + 1);
    expect(months('F', '1981-08-31')).toBe(58 * 12 - 1);
    expect(months('F', '1981-09-01')).toBe(58 * 12);
  });

  it('adds one month per two birth months for female workers from 1975-01, reaching 55 from 1984-11', () => {
    expect(months('F', '1974-12-31', true)).toBe(50 * 12);
    expect(months('F', '1975-01-01', true)).toBe(50 * 12 + 1);
    expect(months('F', '1975-03-01', true)).toBe(50 * 12 + 2);
    expect(months('F', '1984-10-31', true)).toBe(55 * 12 - 1);
    expect(months('F', '1984-11-01', true)).toBe(55 * 12);
  });
});

describe('isLabourForce', () => {
  it('excludes full-time students and serving soldiers of working age', () => {
    expect(isLabourForce(makePerson(), '2016-12-10', profile)).toBe(true);
    expect(isLabourForce(makePerson({ student: true }), '2016-12-10', profile)).toBe(false);
    expect(isLabourForce(makePerson({ soldier: true }), '2016-12-10', profile)).toBe(false);
  });
});

describe('is4050', () => {
  it('counts a woman from her 40th birthday', () => {
    const p = makePerson({ sex: 'F', birthDate: '1976-12-10' });
    expect(is4050(p, '2016-12-09', profile)).toBe(false);
    expect(is4050(p, '2016-12-10', profile)).toBe(true);
  });

  it('counts a man from his 50th birthday until he leaves working age', () => {
    const p = makePerson({ sex: 'M', birthDate: '1966-12-10' });
    expect(is4050(p, '2016-12-09', profile)).toBe(false);
    expect(is4050(p, '2016-12-10', profile)).toBe(true);
    const retired = makePerson({ sex: 'M', birthDate: '1956-01-01' });
    expect(is4050(retired, '2016-12-10', profile)).toBe(false);
  });
});

describe('isEmployedOn', () => {
  it('covers the start day and stops on the end day', () => {
    const p = makePerson({ employment: [makeSpell('2016-03-01', '2016-06-01')] });
    expect(isEmployedOn(p, '2016-02-29', profile)).toBe(false);
    expect(isEmployedOn(p, '2016-03-01', profile)).toBe(true);
    expect(isEmployedOn(p, '2016-05-31', profile)).toBe(true);
    expect(isEmployedOn(p, '2016-06-01', profile)).toBe(false);
  });

  it('counts 灵活就业 but not 务农 unless the profile says farming counts', () => {
    const flexible = makePerson({ employment: [makeSpell('2016-03-01', null, '灵活就业')] });
    const farmer = makePerson({ employment: [makeSpell('2016-03-01', null, '务农')] });
    expect(isEmployedOn(flexible, '2016-12-10', profile)).toBe(true);
    expect(isEmployedOn(farmer, '2016-12-10', profile)).toBe(false);
    expect(isEmployedOn(farmer, '2016-12-10', profileWith({ farmingCountsAsEmployed: true }))).toBe(true);
  });

  it('reports the most recently started of overlapping spells', () => {
    const later = makeSpell('2016-05-01');
    const p = makePerson({ employment: [makeSpell('2010-01-01'), later] });
    expect(employmentOn(p, '2016-12-10', profile)).toBe(later);
  });
});

describe('wasEmployedDuring', () => {
  it('sees a spell that ended inside the window', () => {
    const p = makePerson({ employment: [makeSpell('2015-06-01', '2016-01-05')] });
    expect(wasEmployedDuring(p, '2016-01-01', '2016-12-10', profile)).toBe(true);
    expect(wasEmployedDuring(p, '2016-01-05', '2016-12-10', profile)).toBe(false);
  });
});

describe('openRegistrationOn', () => {
  it('is open from the approval date until the day before the close date', () => {
    const r = makeRegistration('2016-02-01', '2016-07-01');
    const p = makePerson({ registrations: [r] });
    expect(openRegistrationOn(p, '2016-01-31')).toBeNull();
    expect(openRegistrationOn(p, '2016-02-01')).toBe(r);
    expect(isRegisteredUnemployedOn(p, '2016-06-30')).toBe(true);
    expect(isRegisteredUnemployedOn(p, '2016-07-01')).toBe(false);
  });
});

describe('continuousUnemploymentStart', () => {
  it('follows registrations reopened the same day the previous one closed', () => {
    const p = makePerson({
      registrations: [
        makeRegistration('2015-03-01', '2015-09-01', '其他'),
        makeRegistration('2015-09-01', '2016-02-01', '其他'),
        makeRegistration('2016-02-01'),
      ],
    });
    expect(continuousUnemploymentStart(p, '2016-12-10')).toBe('2015-03-01');
  });

  it('restarts after a gap of even one day', () => {
    const p = makePerson({
      registrations: [makeRegistration('2015-03-01', '2015-09-01', '就业'), makeRegistration('2015-09-02')],
    });
    expect(continuousUnemploymentStart(p, '2016-12-10')).toBe('2015-09-02');
  });

  it('is null without an open registration', () => {
    expect(continuousUnemploymentStart(makePerson(), '2016-12-10')).toBeNull();
  });
});

describe('isContinuouslyUnemployedYear', () => {
  it('counts someone unemployed exactly one year on the as-of date, not one day less', () => {
    const p = makePerson({ registrations: [makeRegistration('2015-12-10')] });
    expect(isContinuouslyUnemployedYear(p, '2016-12-10', profile)).toBe(true);
    expect(isContinuouslyUnemployedYear(p, '2016-12-09', profile)).toBe(false);
    const q = makePerson({ registrations: [makeRegistration('2015-12-11')] });
    expect(isContinuouslyUnemployedYear(q, '2016-12-10', profile)).toBe(false);
  });

  it('reaches a year from 2016-02-29 on 2017-02-28', () => {
    const p = makePerson({ registrations: [makeRegistration('2016-02-29')] });
    expect(isContinuouslyUnemployedYear(p, '2017-02-27', profile)).toBe(false);
    expect(isContinuouslyUnemployedYear(p, '2017-02-28', profile)).toBe(true);
  });
});

describe('isUrban', () => {
  it('is urban with 非农业 hukou anywhere, with 居民 hukou only in a community', () => {
    expect(isUrban({ hukou: '非农业' }, 'village')).toBe(true);
    expect(isUrban({ hukou: '居民' }, 'community')).toBe(true);
    expect(isUrban({ hukou: '居民' }, 'village')).toBe(false);
    expect(isUrban({ hukou: '农业' }, 'community')).toBe(false);
    expect(isUrban({ hukou: null }, 'community')).toBe(false);
  });
});

describe('activeDifficultyOn', () => {
  it('is active from recognition until the day before exit', () => {
    const r = makeRecognition('2016-03-01', '2016-09-01');
    const p = makePerson({ difficulty: [r] });
    expect(activeDifficultyOn(p, '2016-02-29')).toBeNull();
    expect(activeDifficultyOn(p, '2016-03-01')).toBe(r);
    expect(activeDifficultyOn(p, '2016-08-31')).toBe(r);
    expect(activeDifficultyOn(p, '2016-09-01')).toBeNull();
  });
});

describe('isPovertyLabourer', () => {
  it('covers working-age members of poverty-register households, 已脱贫 included', () => {
    expect(
      isPovertyLabourer(
        makePerson({ povertyRegister: true, povertyStatus: '已脱贫' }),
        '2016-12-10',
        profile,
      ),
    ).toBe(true);
    expect(
      isPovertyLabourer(
        makePerson({ povertyRegister: true, birthDate: '1940-01-01' }),
        '2016-12-10',
        profile,
      ),
    ).toBe(false);
    expect(isPovertyLabourer(makePerson(), '2016-12-10', profile)).toBe(false);
  });
});

describe('assistanceBases', () => {
  it('names each basis: (a) recognised 就业困难人员, (b) registered 4050, (c) 零就业家庭 member', () => {
    const a = makePerson({ difficulty: [makeRecognition('2016-01-01')] });
    expect(assistanceBases(a, '2016-06-01', profile, false)).toEqual(['a']);
    const b = makePerson({
      sex: 'F',
      birthDate: '1970-01-01',
      registrations: [makeRegistration('2016-01-01')],
    });
    expect(assistanceBases(b, '2016-06-01', profile, false)).toEqual(['b']);
    expect(assistanceBases(makePerson(), '2016-06-01', profile, true)).toEqual(['c']);
  });

  it('is empty for an employed person whatever the basis', () => {
    const p = makePerson({
      difficulty: [makeRecognition('2016-01-01')],
      employment: [makeSpell('2016-05-01')],
    });
    expect(assistanceBases(p, '2016-06-01', profile, true)).toEqual([]);
  });

  it('does not count an unregistered 4050 person under (b)', () => {
    const p = makePerson({ sex: 'F', birthDate: '1970-01-01' });
    expect(assistanceBases(p, '2016-06-01', profile, false)).toEqual([]);
  });
});

describe('difficultyCandidateCategories', () => {
  it('suggests the categories the register can see for an unemployed urban 4050 person a year registered', () => {
    const p = makePerson({
      sex: 'F',
      birthDate: '1970-01-01',
      hukou: '非农业',
      povertyRegister: true,
      registrations: [makeRegistration('2015-06-01')],
    });
    expect(
      difficultyCandidateCategories(p, '2016-12-10', profile, {
        unitKind: 'village',
        inUneliminatedZeroHousehold: true,
      }),
    ).toEqual(['4050', '连续失业一年以上', '零就业家庭成员', '建档立卡贫困劳动力']);
  });

  it('suggests nothing for someone already recognised, employed, or unwilling', () => {
    const ctx = { unitKind: 'village' as const, inUneliminatedZeroHousehold: true };
    expect(
      difficultyCandidateCategories(
        makePerson({ difficulty: [makeRecognition('2016-01-01')] }),
        '2016-12-10',
        profile,
        ctx,
      ),
    ).toEqual([]);
    expect(
      difficultyCandidateCategories(
        makePerson({ employment: [makeSpell('2016-01-01')] }),
        '2016-12-10',
        profile,
        ctx,
      ),
    ).toEqual([]);
    expect(difficultyCandidateCategories(makePerson({ willing: false }), '2016-12-10', profile, ctx)).toEqual(
      [],
    );
  });

  it('calls a rural registrant of a year 进城务工失业一年以上', () => {
    const p = makePerson({ hukou: '农业', registrations: [makeRegistration('2015-06-01')] });
    expect(
      difficultyCandidateCategories(p, '2016-12-10', profile, {
        unitKind: 'village',
        inUneliminatedZeroHousehold: false,
      }),
    ).toEqual(['进城务工失业一年以上']);
  });
});
