import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../facts.ts';
import {
  makeContext,
  makeHousehold,
  makePerson,
  makeSpell,
  makeUnit,
  makeZeroRecognition,
  profileWith,
} from '../test-factories.ts';
import { scoreItem3 } from './item-3-zero-employment.ts';

/** A unit with one 零就业家庭 recognised on `recognized` whose son starts work on `employed` (or never). */
function unitWithFamily(recognized: IsoDate, employed: IsoDate | null) {
  const household = makeHousehold({ zeroEmployment: [makeZeroRecognition(recognized)] });
  const son = makePerson({ householdId: household.id, employment: employed ? [makeSpell(employed)] : [] });
  return { unit: makeUnit({ persons: [son], households: [household] }), household };
}

describe('scoreItem3', () => {
  it('earns 20 when the family is eliminated on the last day of its quarter', () => {
    const { unit } = unitWithFamily('2016-07-10', '2016-09-30');
    expect(scoreItem3(makeContext(unit)).score).toBe(20);
  });

  it('earns 0 when it is eliminated the day after, naming the household', () => {
    const { unit, household } = unitWithFamily('2016-07-10', '2016-10-01');
    const result = scoreItem3(makeContext(unit));
    expect(result.score).toBe(0);
    expect(result.deductions[0]?.evidence).toEqual([
      expect.objectContaining({ kind: 'household', id: household.id }),
    ]);
    expect(result.deductions[0]?.evidence[0]?.label).toContain('期限 2016-09-30');
  });

  it('earns 20 with no 零就业家庭, noted as such', () => {
    const result = scoreItem3(makeContext(makeUnit()));
    expect(result.score).toBe(20);
    expect(result.notes).toEqual(['无零就业家庭']);
  });

  it('earns 0 for a family recognised in the year and not yet eliminated on the as-of date', () => {
    const { unit } = unitWithFamily('2016-11-20', null);
    expect(scoreItem3(makeContext(unit)).score).toBe(0);
  });

  it('counts a family recognised before the year and still not eliminated when it began, due by the as-of date', () => {
    expect(scoreItem3(makeContext(unitWithFamily('2015-11-01', '2016-12-10').unit)).score).toBe(20);
    expect(scoreItem3(makeContext(unitWithFamily('2015-11-01', '2016-12-11').unit)).score).toBe(0);
    expect(scoreItem3(makeContext(unitWithFamily('2015-11-01', '2016-12-11').unit)).inputs.carriedOver).toBe(
      1,
    );
  });

  it('does not count a family eliminated before the year, or one recognised after the as-of date', () => {
    expect(scoreItem3(makeContext(unitWithFamily('2015-03-01', '2015-05-01').unit)).inputs.households).toBe(
      0,
    );
    expect(scoreItem3(makeContext(unitWithFamily('2016-12-11', null).unit)).inputs.households).toBe(0);
  });

  it('applies the profile deadline: 30 days after recognition under zeroEmploymentDeadline 30d', () => {
    const { unit } = unitWithFamily('2016-07-10', '2016-08-20');
    expect(scoreItem3(makeContext(unit)).score).toBe(20);
    expect(
      scoreItem3(makeContext(unit, { profile: profileWith({ zeroEmploymentDeadline: '30d' }) })).score,
    ).toBe(0);
    const onDay30 = unitWithFamily('2016-07-10', '2016-08-09').unit;
    expect(
      scoreItem3(makeContext(onDay30, { profile: profileWith({ zeroEmploymentDeadline: '30d' }) })).score,
    ).toBe(20);
  });

  it('judges the limit as it stands on an early as-of date', () => {
    const { unit } = unitWithFamily('2016-07-10', '2016-09-01');
    expect(scoreItem3(makeContext(unit, { asOf: '2016-08-31' })).score).toBe(0);
    expect(scoreItem3(makeContext(unit, { asOf: '2016-09-01' })).score).toBe(20);
  });
});
