import { describe, expect, it } from 'vitest';
import { makeCompleteUnitRecords, makeContext, makeUnit, makeUnitRecord } from '../test-factories.ts';
import { scoreItem1 } from './item-1-organisation.ts';

describe('scoreItem1', () => {
  it('gives 15 to a unit with a leading group, a work system, a plan, goals and measures', () => {
    expect(scoreItem1(makeContext(makeUnit({ records: makeCompleteUnitRecords(2016) }))).score).toBe(15);
  });

  it('deducts 5 for a missing leading group and 2 for each missing plan element', () => {
    const records = makeCompleteUnitRecords(2016).filter(
      (r) => r.type !== '领导小组' && r.type !== '工作目标',
    );
    const result = scoreItem1(makeContext(makeUnit({ records })));
    expect(result.score).toBe(8);
    expect(result.deductions.map((d) => [d.code, d.points])).toEqual([
      ['item1.noLeadingGroup', 5],
      ['item1.missingPlanElement', 2],
    ]);
  });

  it('never goes below zero when everything is missing (扣完为止)', () => {
    const result = scoreItem1(makeContext(makeUnit()));
    expect(result.deductions.reduce((s, d) => s + d.points, 0)).toBe(16);
    expect(result.score).toBe(0);
  });

  it('ignores records dated after the as-of date', () => {
    const records = [
      ...makeCompleteUnitRecords(2016).filter((r) => r.type !== '工作制度'),
      makeUnitRecord('工作制度', '2016-12-11'),
    ];
    expect(scoreItem1(makeContext(makeUnit({ records }))).score).toBe(10);
  });
});
