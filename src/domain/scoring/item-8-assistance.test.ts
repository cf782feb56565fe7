import { describe, expect, it } from 'vitest';
import type { ServiceRecord } from '../facts.ts';
import {
  makeContext,
  makeExemplaryUnit,
  makeHousehold,
  makePerson,
  makeRecognition,
  makeRegistration,
  makeService,
  makeSpell,
  makeUnit,
  makeZeroRecognition,
  withServices,
} from '../test-factories.ts';
import { scoreItem8 } from './item-8-assistance.ts';

/** The four assistance services on `date`. */
function allFour(date: string): ServiceRecord[] {
  return (['职业指导', '就业咨询', '职业培训', '招聘会'] as const).map((t) => makeService(t, date));
}

describe('scoreItem8', () => {
  it('gives 8 when a 就业困难人员 received all four services and nobody is a year unemployed', () => {
    expect(scoreItem8(makeContext(makeExemplaryUnit())).score).toBe(8);
  });

  it('deducts 2 for each service given only to people who were not 援助对象', () => {
    const ordinary = withServices(makePerson(), ...allFour('2016-05-01'));
    const result = scoreItem8(makeContext(makeUnit({ persons: [ordinary] })));
    expect(result.score).toBe(0);
    expect(result.deductions.map((d) => d.points)).toEqual([2, 2, 2, 2]);
  });

  it('counts services to a registered 4050 woman (basis b)', () => {
    const woman = withServices(
      makePerson({ sex: 'F', birthDate: '1972-01-01', registrations: [makeRegistration('2016-02-01')] }),
      ...allFour('2016-05-01'),
    );
    expect(scoreItem8(makeContext(makeUnit({ persons: [woman] }))).score).toBe(8);
  });

  it('counts services to a 零就业家庭 member before the family is eliminated, not after (basis c)', () => {
    const household = makeHousehold({ zeroEmployment: [makeZeroRecognition('2016-03-01')] });
    const before = withServices(makePerson({ householdId: household.id }), ...allFour('2016-04-01'));
    const worker = makePerson({ householdId: household.id, employment: [makeSpell('2016-05-01')] });
    const unit = makeUnit({ persons: [before, worker], households: [household] });
    expect(scoreItem8(makeContext(unit)).score).toBe(8);
    before.services = allFour('2016-06-01').map((s) => ({ ...s, personId: before.id }));
    expect(scoreItem8(makeContext(unit)).score).toBe(0);
  });

  it('deducts 3 once when 援助对象 have been continuously unemployed a year on the as-of date', () => {
    const long = () =>
      withServices(
        makePerson({
          difficulty: [makeRecognition('2016-01-01')],
          registrations: [makeRegistration('2015-12-10')],
        }),
        ...allFour('2016-05-01'),
      );
    const a = long();
    const b = long();
    const result = scoreItem8(makeContext(makeUnit({ persons: [a, b] })));
    expect(result.score).toBe(5);
    expect(result.deductions).toEqual([
      expect.objectContaining({
        code: 'item8.longUnemployedTarget',
        points: 3,
        evidence: [expect.objectContaining({ id: a.id }), expect.objectContaining({ id: b.id })],
      }),
    ]);
    expect(scoreItem8(makeContext(makeUnit({ persons: [long()] }), { asOf: '2016-12-09' })).score).toBe(8);
  });
});
