import { describe, expect, it } from 'vitest';
import { findDataQualityIssues, isDeductingFinding } from './data-quality.ts';
import { getProfile } from './profile.ts';
import {
  makeHousehold,
  makePerson,
  makeRegistration,
  makeRequest,
  makeService,
  makeSpell,
  makeUnit,
  makeZeroRecognition,
  withServices,
} from './test-factories.ts';

const profile = getProfile();
const asOf = '2016-12-10';

function kindsFor(personOrUnit: ReturnType<typeof makeUnit>) {
  return findDataQualityIssues(personOrUnit, asOf, profile).map((i) => i.kind);
}

describe('findDataQualityIssues', () => {
  it('finds a person employed while a registration is open', () => {
    const p = withServices(
      makePerson({ registrations: [makeRegistration('2016-03-01')], employment: [makeSpell('2016-08-01')] }),
      makeService('走访', '2016-11-01'),
    );
    const issues = findDataQualityIssues(makeUnit({ persons: [p] }), asOf, profile);
    expect(issues).toEqual([
      expect.objectContaining({ kind: 'employedWhileRegistered', severity: 'finding', personId: p.id }),
    ]);
    expect(issues[0]?.message).toContain('失业登记仍未注销');
  });

  it('finds a pension receiver with an open registration (and not also a past-age finding)', () => {
    const p = withServices(
      makePerson({
        birthDate: '1955-01-01',
        pensionSince: '2015-01-01',
        registrations: [makeRegistration('2014-06-01')],
      }),
      makeService('走访', '2016-11-01'),
    );
    expect(kindsFor(makeUnit({ persons: [p] }))).toEqual(['pensionWithOpenRegistration']);
  });

  it('finds a person past working age with an open registration', () => {
    const p = withServices(
      makePerson({ birthDate: '1956-03-15', registrations: [makeRegistration('2015-06-01')] }),
      makeService('走访', '2016-11-01'),
    );
    expect(kindsFor(makeUnit({ persons: [p] }))).toEqual(['pastWorkingAgeWithOpenRegistration']);
  });

  it('finds a 零就业家庭 recognised in the year while an eligible member was employed', () => {
    const h = makeHousehold({ zeroEmployment: [makeZeroRecognition('2016-05-01')] });
    const worker = makePerson({ householdId: h.id, employment: [makeSpell('2016-01-01')] });
    const issues = findDataQualityIssues(makeUnit({ persons: [worker], households: [h] }), asOf, profile);
    expect(issues).toEqual([
      expect.objectContaining({
        kind: 'zeroEmploymentRecognisedWhileEmployed',
        householdId: h.id,
        personId: worker.id,
      }),
    ]);
  });

  it('warns, without a finding, about a registration with no service for more than 6 months', () => {
    const stale = makePerson({ registrations: [makeRegistration('2016-01-05')] });
    const fresh = withServices(
      makePerson({ registrations: [makeRegistration('2016-01-05')] }),
      makeService('电话联系', '2016-06-10'),
    );
    const issues = findDataQualityIssues(makeUnit({ persons: [stale, fresh] }), asOf, profile);
    expect(issues).toEqual([
      expect.objectContaining({ kind: 'staleRegistration', severity: 'warning', personId: stale.id }),
    ]);
    expect(issues.some(isDeductingFinding)).toBe(false);
  });

  it('warns about a birth date after the as-of date', () => {
    expect(kindsFor(makeUnit({ persons: [makePerson({ birthDate: '2017-01-01' })] }))).toEqual([
      'birthDateInFuture',
    ]);
  });

  it('warns about inverted intervals and requests fulfilled before they were made', () => {
    const p = withServices(
      makePerson({ employment: [makeSpell('2016-05-01', '2016-04-01')] }),
      makeRequest('职业培训', '2016-05-01', '2016-04-20'),
    );
    expect(kindsFor(makeUnit({ persons: [p] })).sort()).toEqual([
      'invertedInterval',
      'requestFulfilledBeforeAsked',
    ]);
  });

  it('finds nothing in a well-kept unit', () => {
    const p = withServices(
      makePerson({ registrations: [makeRegistration('2016-03-01')] }),
      makeService('走访', '2016-10-01'),
    );
    expect(findDataQualityIssues(makeUnit({ persons: [p] }), asOf, profile)).toEqual([]);
  });
});
