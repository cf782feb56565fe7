import { describe, expect, it } from 'vitest';
import { assessUnit, defaultAsOf, unitIndicators } from './assess.ts';
import type { UnitFacts } from './facts.ts';
import { getProfile } from './profile.ts';
import {
  makeExemplaryUnit,
  makeHousehold,
  makeJobSeekers,
  makeOptions,
  makePerson,
  makeRecognition,
  makeRegistration,
  makeRequest,
  makeService,
  makeSpell,
  makeUnit,
  makeUnitRecord,
  makeZeroRecognition,
  profileWith,
  withServices,
} from './test-factories.ts';

/** A unit that gets a bit of everything wrong, so that every kind of deduction appears. */
function makeNeglectedUnit(): UnitFacts {
  const household = makeHousehold({ zeroEmployment: [makeZeroRecognition('2016-04-10')] });
  const member = makePerson({ householdId: household.id });
  const longUnemployed = makePerson({
    hukou: '非农业',
    difficulty: [makeRecognition('2015-06-01')],
    registrations: [makeRegistration('2015-06-01')],
  });
  const lateRequest = withServices(makePerson(), makeRequest('职业指导', '2016-03-01', '2016-05-01'));
  const contradictory = makePerson({
    registrations: [makeRegistration('2016-02-01')],
    employment: [makeSpell('2016-03-01')],
  });
  return makeUnit({
    persons: [member, longUnemployed, lateRequest, contradictory, ...makeJobSeekers(3, 1)],
    households: [household],
    records: [makeUnitRecord('工作计划', '2016-02-01')],
    reviewerMismatchFlags: [{ id: 424242, date: '2016-10-01', note: '花名册与台账不符' }],
  });
}

function evidenceIdsOf(unit: UnitFacts): Map<string, Set<number>> {
  const ids = new Map<string, Set<number>>([
    ['person', new Set(unit.persons.map((p) => p.id))],
    ['household', new Set(unit.households.map((h) => h.id))],
    ['record', new Set(unit.persons.flatMap((p) => p.services.map((s) => s.id)))],
    ['unitRecord', new Set(unit.records.map((r) => r.id))],
    ['vacancy', new Set(unit.vacancies.map((v) => v.id))],
    ['reviewerFlag', new Set(unit.reviewerMismatchFlags.map((f) => f.id))],
  ]);
  return ids;
}

/** Deductions for something that does not exist have nothing to point at; all others must. */
const ABSENCE_CODES = new Set([
  'item1.noLeadingGroup',
  'item1.noWorkSystem',
  'item1.missingPlanElement',
  'item5.missingLedger',
  'item7.noInfoBoard',
  'item7.missingActivity',
  'item8.missingService',
]);

describe('assessUnit', () => {
  it('scores a full, well-run unit 100 and passes it', () => {
    const result = assessUnit(makeExemplaryUnit(), makeOptions());
    expect(result).toMatchObject({
      unit: '350505100201',
      name: '柳厝村',
      year: 2016,
      asOf: '2016-12-10',
      profile: 'quangang-2016',
      profileVersion: getProfile().version,
      total: 100,
      passed: true,
    });
    expect(result.items.map((i) => [i.no, i.score, i.max])).toEqual([
      [1, 15, 15],
      [2, 20, 20],
      [3, 20, 20],
      [4, 10, 10],
      [5, 10, 10],
      [6, 7, 7],
      [7, 10, 10],
      [8, 8, 8],
    ]);
    expect(result.items.flatMap((i) => i.deductions)).toEqual([]);
    expect(result.outcomes.map((o) => [o.no, o.met])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
    ]);
  });

  it('gives a different verdict on the same facts under the Fujian star-community profile', () => {
    const unit = makeExemplaryUnit();
    const quangang = assessUnit(unit, makeOptions());
    const fujian = assessUnit(unit, makeOptions({ profile: getProfile('fujian-star-community') }));
    expect(quangang.passed).toBe(true);
    expect(fujian.passed).toBe(false);
    expect(fujian.profile).toBe('fujian-star-community');
    expect(fujian.total).toBe(80);
    expect(fujian.outcomes.map((o) => [o.no, o.met])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, true],
      [5, true],
      [6, false],
    ]);
  });

  it('lists the evidence ids behind every deduction, each pointing at a real fact', () => {
    const unit = makeNeglectedUnit();
    const result = assessUnit(unit, makeOptions());
    const ids = evidenceIdsOf(unit);
    const deductions = result.items.flatMap((i) => i.deductions);
    expect(new Set(deductions.map((d) => d.code))).toEqual(
      new Set([
        'item1.noLeadingGroup',
        'item1.noWorkSystem',
        'item1.missingPlanElement',
        'item2.rateBelowThreshold',
        'item3.notEliminatedInTime',
        'item4.requestNotFulfilled',
        'item4.notInPreparation',
        'item5.missingLedger',
        'item5.ledgerMismatch',
        'item6.visitRateShort',
        'item6.difficultyNotContacted',
        'item7.noInfoBoard',
        'item7.missingActivity',
        'item8.missingService',
        'item8.longUnemployedTarget',
      ]),
    );
    for (const d of deductions) {
      expect(Number.isInteger(d.points) && d.points > 0).toBe(true);
      expect(d.reason).not.toBe('');
      if (ABSENCE_CODES.has(d.code)) continue;
      expect(d.evidence.length, d.code).toBeGreaterThan(0);
      for (const e of d.evidence)
        expect(ids.get(e.kind)?.has(e.id), `${d.code} → ${e.kind} ${e.id}`).toBe(true);
    }
  });

  it('keeps every item score within 0 … max and the total their sum', () => {
    const result = assessUnit(makeNeglectedUnit(), makeOptions());
    for (const item of result.items) {
      expect(item.score).toBeGreaterThanOrEqual(0);
      expect(item.score).toBeLessThanOrEqual(item.max);
    }
    expect(result.total).toBe(result.items.reduce((s, i) => s + i.score, 0));
    expect(result.passed).toBe(false);
  });

  it('fails a unit at 85 points or more when an outcome is unmet, and passes it when outcomes are not required', () => {
    const unit = makeExemplaryUnit();
    // An urban registrant unemployed for a year breaks outcome 2; four more placements keep the rate above 80 %.
    unit.persons.push(
      ...makeJobSeekers(4, 4),
      withServices(
        makePerson({ hukou: '非农业', registrations: [makeRegistration('2015-12-01')] }),
        makeService('走访', '2016-03-01'),
        makeService('职业指导', '2016-03-01'),
        makeService('推荐就业', '2016-04-01'),
        makeService('推荐就业', '2016-05-01'),
      ),
    );
    const strict = assessUnit(unit, makeOptions());
    expect(strict.outcomes[1]?.met).toBe(false);
    expect(strict.total).toBe(100);
    expect(strict.passed).toBe(false);
    const lenient = assessUnit(unit, makeOptions({ profile: profileWith({ outcomesRequired: false }) }));
    expect(lenient.passed).toBe(true);
  });

  it('passes at exactly the pass score and fails one point below', () => {
    const unit = makeExemplaryUnit();
    unit.records = unit.records.filter(
      (r) => r.type !== '领导小组' && r.type !== '工作制度' && r.type !== '工作计划',
    );
    expect(assessUnit(unit, makeOptions()).total).toBe(88);
    expect(assessUnit(unit, makeOptions({ profile: profileWith({ passScore: 88 }) })).passed).toBe(true);
    expect(assessUnit(unit, makeOptions({ profile: profileWith({ passScore: 89 }) })).passed).toBe(false);
  });

  it('gives the same result for a unit repeated 100 times (linear, no cross-person effects)', () => {
    const result = assessUnit(makeExemplaryUnit(2016, 100), makeOptions());
    expect(result.total).toBe(100);
    expect(result.items[1]?.inputs).toMatchObject({ R: 600, N: 500 });
  });

  it('refuses an as-of date outside the creation year', () => {
    expect(() => assessUnit(makeUnit(), makeOptions({ asOf: '2017-01-05' }))).toThrow(RangeError);
  });
});

describe('defaultAsOf', () => {
  it('is 12-10 of the year, or today when that is earlier', () => {
    expect(defaultAsOf(2016, '2017-03-01')).toBe('2016-12-10');
    expect(defaultAsOf(2016, '2016-12-11')).toBe('2016-12-10');
    expect(defaultAsOf(2016, '2016-06-30')).toBe('2016-06-30');
    expect(defaultAsOf(2016, '2015-12-31')).toBe('2016-01-01');
  });
});

describe('unitIndicators', () => {
  it('reads the dashboard rates from an assessment', () => {
    const indicators = unitIndicators(assessUnit(makeExemplaryUnit(), makeOptions()));
    expect(indicators.employmentRate).toEqual({ numerator: 5, denominator: 6, rate: 5 / 6 });
    expect(indicators.visitRate).toEqual({ numerator: 6, denominator: 6, rate: 1 });
    expect(indicators.quarterlyContactRate).toEqual({ numerator: 4, denominator: 4, rate: 1 });
    expect(indicators.requestsMetInTime).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(indicators.zeroEmploymentEliminated).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(indicators.recommendationCoverage).toEqual({ numerator: 1, denominator: 1, rate: 1 });
  });

  it('reports a null rate when there is nobody to count', () => {
    expect(unitIndicators(assessUnit(makeUnit(), makeOptions())).employmentRate).toEqual({
      numerator: 0,
      denominator: 0,
      rate: null,
    });
  });
});
