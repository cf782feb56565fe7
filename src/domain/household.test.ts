import { describe, expect, it } from 'vitest';
import {
  eliminatedInTime,
  eliminationDate,
  isEligibleMember,
  isUneliminatedOn,
  isZeroEmploymentCandidate,
  zeroEmploymentDeadline,
  zeroEmploymentStatuses,
} from './household.ts';
import { getProfile } from './profile.ts';
import { makeHousehold, makePerson, makeSpell, makeZeroRecognition, profileWith } from './test-factories.ts';

const profile = getProfile();

describe('isEligibleMember', () => {
  it('excludes students, soldiers, retirees, the unable and the unwilling', () => {
    const t = '2016-06-01';
    expect(isEligibleMember(makePerson(), t, profile)).toBe(true);
    expect(isEligibleMember(makePerson({ student: true }), t, profile)).toBe(false);
    expect(isEligibleMember(makePerson({ soldier: true }), t, profile)).toBe(false);
    expect(isEligibleMember(makePerson({ pensionSince: '2015-01-01' }), t, profile)).toBe(false);
    expect(isEligibleMember(makePerson({ ability: 'none' }), t, profile)).toBe(false);
    expect(isEligibleMember(makePerson({ ability: 'partial' }), t, profile)).toBe(true);
    expect(isEligibleMember(makePerson({ willing: false }), t, profile)).toBe(false);
  });
});

describe('isZeroEmploymentCandidate', () => {
  it('flags a household whose every eligible member is unemployed', () => {
    const h = makeHousehold();
    const members = [makePerson(), makePerson({ student: true, birthDate: '2000-01-01' })];
    expect(isZeroEmploymentCandidate(h, members, '2016-06-01', profile)).toBe(true);
  });

  it('does not flag one with an employed eligible member, business income, or nobody eligible', () => {
    const t = '2016-06-01';
    expect(
      isZeroEmploymentCandidate(
        makeHousehold(),
        [makePerson(), makePerson({ employment: [makeSpell('2016-01-01')] })],
        t,
        profile,
      ),
    ).toBe(false);
    expect(
      isZeroEmploymentCandidate(makeHousehold({ hasBusinessIncome: true }), [makePerson()], t, profile),
    ).toBe(false);
    expect(
      isZeroEmploymentCandidate(makeHousehold(), [makePerson({ pensionSince: '2010-01-01' })], t, profile),
    ).toBe(false);
  });

  it('ignores an employed member who is not eligible (a working student)', () => {
    const student = makePerson({ student: true, employment: [makeSpell('2016-01-01', null, '灵活就业')] });
    expect(isZeroEmploymentCandidate(makeHousehold(), [makePerson(), student], '2016-06-01', profile)).toBe(
      true,
    );
  });
});

describe('eliminationDate', () => {
  it('is the first day an eligible member works after the recognition', () => {
    const r = makeZeroRecognition('2016-04-10');
    const members = [
      makePerson({ employment: [makeSpell('2016-08-01')] }),
      makePerson({ employment: [makeSpell('2016-06-20')] }),
      makePerson({ employment: [makeSpell('2016-01-01', '2016-03-01')] }),
    ];
    expect(eliminationDate(r, members, profile)).toBe('2016-06-20');
  });

  it('is the recognition day when an eligible member was already working then', () => {
    const r = makeZeroRecognition('2016-04-10');
    expect(eliminationDate(r, [makePerson({ employment: [makeSpell('2016-01-01')] })], profile)).toBe(
      '2016-04-10',
    );
  });

  it('is null while nobody eligible has worked, and ignores 务农 by default', () => {
    const r = makeZeroRecognition('2016-04-10');
    const farmer = makePerson({ employment: [makeSpell('2016-05-01', null, '务农')] });
    expect(
      eliminationDate(
        r,
        [farmer, makePerson({ ability: 'none', employment: [makeSpell('2016-05-01')] })],
        profile,
      ),
    ).toBeNull();
    expect(eliminationDate(r, [farmer], profileWith({ farmingCountsAsEmployed: true }))).toBe('2016-05-01');
  });
});

describe('zeroEmploymentDeadline', () => {
  it('is the last day of the recognition quarter by default', () => {
    expect(zeroEmploymentDeadline('2016-07-10', profile)).toBe('2016-09-30');
    expect(zeroEmploymentDeadline('2016-09-30', profile)).toBe('2016-09-30');
    expect(zeroEmploymentDeadline('2016-10-01', profile)).toBe('2016-12-31');
  });

  it('is 30 days or one month after under the alternative profiles', () => {
    expect(zeroEmploymentDeadline('2016-01-31', profileWith({ zeroEmploymentDeadline: '30d' }))).toBe(
      '2016-03-01',
    );
    expect(zeroEmploymentDeadline('2016-01-31', profileWith({ zeroEmploymentDeadline: '1month' }))).toBe(
      '2016-02-29',
    );
  });
});

describe('eliminatedInTime', () => {
  it('accepts elimination on the last day of the quarter and refuses the day after', () => {
    const r = makeZeroRecognition('2016-07-10');
    expect(eliminatedInTime(r, [makePerson({ employment: [makeSpell('2016-09-30')] })], profile)).toBe(true);
    expect(eliminatedInTime(r, [makePerson({ employment: [makeSpell('2016-10-01')] })], profile)).toBe(false);
  });

  it('refuses an elimination dated after the as-of date', () => {
    const r = makeZeroRecognition('2016-07-10');
    expect(
      eliminatedInTime(r, [makePerson({ employment: [makeSpell('2016-09-01')] })], profile, '2016-08-31'),
    ).toBe(false);
  });
});

describe('isUneliminatedOn', () => {
  it('is true from recognition until the day before elimination', () => {
    const h = makeHousehold({ zeroEmployment: [makeZeroRecognition('2016-04-10')] });
    const statuses = zeroEmploymentStatuses(
      h,
      [makePerson({ employment: [makeSpell('2016-06-20')] })],
      profile,
    );
    expect(isUneliminatedOn(statuses, '2016-04-09')).toBe(false);
    expect(isUneliminatedOn(statuses, '2016-04-10')).toBe(true);
    expect(isUneliminatedOn(statuses, '2016-06-19')).toBe(true);
    expect(isUneliminatedOn(statuses, '2016-06-20')).toBe(false);
  });
});
