import { describe, expect, it } from 'vitest';
import {
  makeContext,
  makeExemplaryUnit,
  makePerson,
  makeRegistration,
  makeSpell,
  makeUnit,
  makeUnitRecord,
  profileWith,
} from '../test-factories.ts';
import { scoreItem5 } from './item-5-ledgers.ts';

describe('scoreItem5', () => {
  it('gives 10 to a unit with all four ledgers and no mismatch', () => {
    const result = scoreItem5(makeContext(makeExemplaryUnit()));
    expect(result.score).toBe(10);
    expect(result.inputs.computerised).toBe(true);
  });

  it('deducts 2 for each empty ledger without a 无此类人员声明', () => {
    const unit = makeUnit({ persons: [makePerson({ registrations: [makeRegistration('2016-03-01')] })] });
    const result = scoreItem5(makeContext(unit));
    expect(result.score).toBe(6);
    expect(result.deductions.map((d) => d.reason)).toEqual([
      '未建立就业困难人员登记台账',
      '未建立精准扶贫劳动力登记台账',
    ]);
  });

  it('counts a ledger as established when the unit declared it has nobody of that class this year', () => {
    const unit = makeUnit({
      persons: [makePerson({ registrations: [makeRegistration('2016-03-01')] })],
      records: [
        makeUnitRecord('无此类人员声明', '2016-03-01', '就业困难人员'),
        makeUnitRecord('无此类人员声明', '2015-03-01', '精准扶贫劳动力'),
      ],
    });
    const result = scoreItem5(makeContext(unit));
    expect(result.score).toBe(8);
    expect(result.notes[0]).toContain('无此类人员声明');
  });

  it('deducts 2 once for any number of mismatches, listing each', () => {
    const employedButRegistered = () =>
      makePerson({ registrations: [makeRegistration('2016-02-01')], employment: [makeSpell('2016-06-01')] });
    const a = employedButRegistered();
    const b = employedButRegistered();
    const unit = makeExemplaryUnit();
    unit.persons.push(a, b);
    const result = scoreItem5(makeContext(unit));
    expect(result.score).toBe(8);
    expect(result.deductions).toHaveLength(1);
    expect(result.deductions[0]?.evidence.map((e) => e.id)).toEqual([a.id, b.id]);
  });

  it('deducts 1 per finding under mismatchDeduction perFinding', () => {
    const unit = makeExemplaryUnit();
    for (let i = 0; i < 3; i++) {
      unit.persons.push(
        makePerson({
          registrations: [makeRegistration('2016-02-01')],
          employment: [makeSpell('2016-06-01')],
        }),
      );
    }
    const result = scoreItem5(
      makeContext(unit, { profile: profileWith({ mismatchDeduction: 'perFinding' }) }),
    );
    expect(result.score).toBe(7);
    expect(result.deductions.every((d) => d.points === 1 && d.evidence.length === 1)).toBe(true);
  });

  it('deducts for a reviewer-flagged mismatch dated in the year', () => {
    const unit = makeExemplaryUnit();
    unit.reviewerMismatchFlags.push({ id: 9001, date: '2016-11-30', note: '台账人数与花名册不符' });
    const result = scoreItem5(makeContext(unit));
    expect(result.score).toBe(8);
    expect(result.deductions[0]?.evidence).toEqual([
      expect.objectContaining({ kind: 'reviewerFlag', id: 9001 }),
    ]);
  });
});
