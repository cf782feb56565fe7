import { describe, expect, it } from 'vitest';
import { getProfile } from '../profile.ts';
import {
  makeContext,
  makeJobSeekers,
  makePerson,
  makeRegistration,
  makeSpell,
  makeUnit,
} from '../test-factories.ts';
import { scoreItem2 } from './item-2-employment-rate.ts';

const score = (persons: ReturnType<typeof makePerson>[], profileId?: string) =>
  scoreItem2(makeContext(makeUnit({ persons }), profileId ? { profile: getProfile(profileId) } : {}));

describe('scoreItem2', () => {
  it('earns 20 at exactly 80 %', () => {
    const result = score(makeJobSeekers(5, 4));
    expect(result.score).toBe(20);
    expect(result.inputs).toMatchObject({ R: 5, N: 4, met: true });
    const large = score(makeJobSeekers(500, 400));
    expect(large.score).toBe(20);
  });

  it('earns 0 at 79.x %, with the unplaced persons as evidence', () => {
    const persons = makeJobSeekers(500, 399);
    const result = score(persons);
    expect(result.score).toBe(0);
    expect(result.deductions[0]?.reason).toContain('399/500（79.8%）低于80%');
    expect(result.deductions[0]?.evidence.map((e) => e.id)).toEqual(persons.slice(399).map((p) => p.id));
    expect(score(makeJobSeekers(29, 23)).score).toBe(0);
  });

  it('earns 20 with no registered unemployed, marked 无登记失业人员', () => {
    const result = score([makePerson()]);
    expect(result.score).toBe(20);
    expect(result.notes).toEqual(['无登记失业人员']);
    expect(result.inputs.rate).toBeNull();
  });

  it('does not count a job that started before the year', () => {
    const p = makePerson({
      registrations: [makeRegistration('2016-03-01')],
      employment: [makeSpell('2015-06-01')],
    });
    expect(score([p]).inputs).toMatchObject({ R: 1, N: 0 });
  });

  it('does not count 务农 as a placement', () => {
    const p = makePerson({
      registrations: [makeRegistration('2016-03-01', '2016-05-01')],
      employment: [makeSpell('2016-05-01', null, '务农')],
    });
    expect(score([p]).score).toBe(0);
  });

  it('takes out of R a registration closed in the year for a pension, but keeps one closed for refusing service', () => {
    const pension = makePerson({
      registrations: [makeRegistration('2016-02-01', '2016-06-01', '领取养老金')],
    });
    const refused = makePerson({ registrations: [makeRegistration('2016-02-01', '2016-06-01', '拒绝服务')] });
    const placed = makeJobSeekers(4, 4);
    const result = score([pension, refused, ...placed]);
    expect(result.inputs).toMatchObject({ R: 5, N: 4, leftLabourForce: 1, met: true });
  });

  it('leaves out registrations closed before the year or approved after the as-of date', () => {
    const old = makePerson({ registrations: [makeRegistration('2015-02-01', '2016-01-01', '其他')] });
    const future = makePerson({ registrations: [makeRegistration('2016-12-11')] });
    expect(score([old, future]).inputs.R).toBe(0);
  });

  it('also shows the rate of those employed at any time in the year', () => {
    const temp = makePerson({
      registrations: [makeRegistration('2016-02-01')],
      employment: [makeSpell('2016-03-01', '2016-06-01', '灵活就业')],
    });
    const result = score([temp]);
    expect(result.inputs).toMatchObject({ N: 0, employedAnyTimeInPeriod: 1, rateAnyTimeInPeriod: 1 });
  });

  it('fails 5 of 6 under the Fujian profile (85 %) that passes under Quangang (80 %)', () => {
    const persons = makeJobSeekers(6, 5);
    expect(score(persons).score).toBe(20);
    expect(score(persons, 'fujian-star-community').score).toBe(0);
  });
});
