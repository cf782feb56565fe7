import { describe, expect, it } from 'vitest';
import type { PersonFacts } from '../facts.ts';
import {
  makeContext,
  makeJobSeekers,
  makePerson,
  makeRecognition,
  makeRegistration,
  makeService,
  makeSpell,
  makeUnit,
  quarterlyContacts,
  withServices,
} from '../test-factories.ts';
import { percentagePointsShort, scoreItem6 } from './item-6-visits.ts';

/** `total` registered unemployed of whom the first `visited` were visited. */
function seekers(total: number, visited: number): PersonFacts[] {
  const persons = makeJobSeekers(total, 0);
  for (const p of persons.slice(visited)) p.services = [];
  return persons;
}

describe('percentagePointsShort', () => {
  it('counts a started percentage point as a whole one', () => {
    expect(percentagePointsShort(200, 200)).toBe(0);
    expect(percentagePointsShort(199, 200)).toBe(1);
    expect(percentagePointsShort(191, 200)).toBe(5);
    expect(percentagePointsShort(190, 200)).toBe(5);
    expect(percentagePointsShort(0, 3)).toBe(100);
    expect(percentagePointsShort(0, 0)).toBe(0);
  });
});

describe('scoreItem6', () => {
  it('deducts 1 at a 99.5 % visit rate', () => {
    const result = scoreItem6(makeContext(makeUnit({ persons: seekers(200, 199) })));
    expect(result.score).toBe(6);
    expect(result.deductions[0]?.evidence).toHaveLength(1);
  });

  it('deducts 5 at a 95.5 % visit rate', () => {
    const result = scoreItem6(makeContext(makeUnit({ persons: seekers(200, 191) })));
    expect(result.score).toBe(2);
    expect(result.deductions[0]?.reason).toContain('191/200（95.5%），少5个百分点');
  });

  it('gives 7 at 100 % and never goes below 0', () => {
    expect(scoreItem6(makeContext(makeUnit({ persons: seekers(10, 10) }))).score).toBe(7);
    expect(scoreItem6(makeContext(makeUnit({ persons: seekers(10, 0) }))).score).toBe(0);
  });

  it('does not count a visit made before the registration opened', () => {
    const p = withServices(
      makePerson({ registrations: [makeRegistration('2016-06-01')] }),
      makeService('走访', '2016-05-20'),
    );
    expect(scoreItem6(makeContext(makeUnit({ persons: [p] }))).inputs.visited).toBe(0);
  });

  it('does not count a phone call as a visit', () => {
    const p = withServices(
      makePerson({ registrations: [makeRegistration('2016-06-01')] }),
      makeService('电话联系', '2016-06-20'),
    );
    expect(scoreItem6(makeContext(makeUnit({ persons: [p] }))).score).toBe(0);
  });

  it('makes no visit deduction when nobody is registered', () => {
    const result = scoreItem6(makeContext(makeUnit({ persons: [makePerson()] })));
    expect(result.score).toBe(7);
    expect(result.notes).toEqual(['无登记失业人员，不计走访率']);
  });

  it('deducts 1 for each quarter a 就业困难人员 went without contact, naming the person', () => {
    const p = withServices(
      makePerson({ difficulty: [makeRecognition('2016-01-10')] }),
      ...quarterlyContacts(2016).filter((_, i) => i !== 1),
    );
    const result = scoreItem6(makeContext(makeUnit({ persons: [p] })));
    expect(result.score).toBe(6);
    expect(result.deductions).toEqual([
      expect.objectContaining({
        code: 'item6.difficultyNotContacted',
        points: 1,
        evidence: [expect.objectContaining({ id: p.id })],
      }),
    ]);
    expect(result.deductions[0]?.reason).toContain('第2季度');
  });

  it('asks no contact in quarters before recognition or while the person worked the whole quarter', () => {
    const p = withServices(
      makePerson({ difficulty: [makeRecognition('2016-07-15')], employment: [makeSpell('2016-10-01')] }),
      makeService('电话联系', '2016-08-01'),
    );
    const result = scoreItem6(makeContext(makeUnit({ persons: [p] })));
    expect(result.score).toBe(7);
    expect(result.inputs).toMatchObject({ contactPairsDue: 1, contactPairsMet: 1 });
  });

  it('asks a contact in a quarter with even one unemployed day while recognised', () => {
    // Worked through the whole first quarter; recognised until 04-01 inclusive and unemployed that one day.
    const p = makePerson({
      difficulty: [makeRecognition('2016-01-01', '2016-04-02')],
      employment: [makeSpell('2015-01-01', '2016-04-01')],
    });
    const result = scoreItem6(makeContext(makeUnit({ persons: [p] })));
    expect(result.inputs.contactPairsDue).toBe(1);
    expect(result.score).toBe(6);
  });

  it('judges the current quarter as it stands on the as-of date', () => {
    const p = withServices(
      makePerson({ difficulty: [makeRecognition('2016-01-10')] }),
      ...quarterlyContacts(2016, 3),
    );
    expect(scoreItem6(makeContext(makeUnit({ persons: [p] }), { asOf: '2016-10-10' })).score).toBe(6);
    const q = withServices(
      makePerson({ difficulty: [makeRecognition('2016-01-10')] }),
      ...quarterlyContacts(2016, 3),
      makeService('电话联系', '2016-10-05'),
    );
    expect(scoreItem6(makeContext(makeUnit({ persons: [q] }), { asOf: '2016-10-10' })).score).toBe(7);
  });
});
