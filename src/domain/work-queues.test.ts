import { describe, expect, it } from 'vitest';
import { getProfile } from './profile.ts';
import {
  makeCompleteUnitRecords,
  makeHousehold,
  makePerson,
  makeRecognition,
  makeRegistration,
  makeRequest,
  makeService,
  makeSpell,
  makeUnit,
  makeZeroRecognition,
  withServices,
} from './test-factories.ts';
import type { PersonFacts, UnitFacts } from './facts.ts';
import { countByKind, workQueue, type WorkQueueKind } from './work-queues.ts';

const profile = getProfile();
const T = '2026-11-26';

/** A unit whose own records are complete, so only the people's items show. */
function unitWith(persons: PersonFacts[], over: Partial<UnitFacts> = {}): UnitFacts {
  return makeUnit({ persons, records: makeCompleteUnitRecords(2026), ...over });
}
function kinds(unit: UnitFacts, t = T, kind?: WorkQueueKind) {
  return workQueue(unit, t, profile).filter((i) => kind === undefined || i.kind === kind);
}
/** Two recommendations since 2026-03-01, so outcome 4 does not add an item. */
const twoRecommendations = () => [
  makeService('推荐就业', '2026-04-01'),
  makeService('推荐就业', '2026-05-01'),
];

describe('workQueue: visits (item 6)', () => {
  it('lists a registered unemployed person not visited this year, due on the self-assessment date', () => {
    const p = withServices(
      makePerson({ registrations: [makeRegistration('2026-03-01')] }),
      ...twoRecommendations(),
    );
    const [item] = kinds(unitWith([p]), T, 'notVisited');
    expect(item).toMatchObject({
      personId: p.id,
      suggested: '走访',
      due: '2026-12-10',
      daysLeft: 14,
      daysOverdue: null,
    });
  });

  it('drops the person once a visit is recorded while registered, but not for a phone call or a visit before registering', () => {
    const p = withServices(
      makePerson({ registrations: [makeRegistration('2026-03-01')] }),
      ...twoRecommendations(),
      makeService('电话联系', '2026-06-01'),
      makeService('走访', '2026-02-01'),
    );
    expect(kinds(unitWith([p]), T, 'notVisited')).toHaveLength(1);
    p.services.push(makeService('走访', '2026-06-02', { personId: p.id }));
    expect(kinds(unitWith([p]), T, 'notVisited')).toHaveLength(0);
  });

  it('leaves out a person whose registration closed: the visit can no longer count', () => {
    const p = makePerson({
      registrations: [makeRegistration('2026-03-01', '2026-05-01')],
      employment: [makeSpell('2026-05-01')],
    });
    expect(kinds(unitWith([p]), T, 'notVisited')).toEqual([]);
  });
});

describe('workQueue: quarterly contact (item 6)', () => {
  it('lists a 就业困难人员 without a contact this quarter, due at the quarter end', () => {
    const p = withServices(
      makePerson({ difficulty: [makeRecognition('2026-01-10')] }),
      makeService('电话联系', '2026-09-30'),
    );
    expect(kinds(unitWith([p]), T, 'difficultyNotContacted')).toEqual([
      expect.objectContaining({ personId: p.id, due: '2026-12-31', daysLeft: 35, suggested: '电话联系' }),
    ]);
  });

  it('counts any record in the quarter as a contact, from its first day', () => {
    const p = withServices(
      makePerson({ difficulty: [makeRecognition('2026-01-10')] }),
      makeService('政策补贴', '2026-10-01'),
    );
    expect(kinds(unitWith([p]), T, 'difficultyNotContacted')).toEqual([]);
  });

  it('does not ask to contact an employed 就业困难人员', () => {
    const p = makePerson({
      difficulty: [makeRecognition('2026-01-10')],
      employment: [makeSpell('2026-02-01')],
    });
    expect(kinds(unitWith([p]), T, 'difficultyNotContacted')).toEqual([]);
  });
});

describe('workQueue: recommendations (outcome 4)', () => {
  it('asks for the recommendations still missing since the current registration', () => {
    const p = withServices(
      makePerson({ registrations: [makeRegistration('2026-03-01')] }),
      makeService('推荐就业', '2026-02-20'),
      makeService('推荐就业', '2026-04-01'),
      makeService('走访', '2026-04-01'),
    );
    const [item] = kinds(unitWith([p]), T, 'fewRecommendations');
    expect(item).toMatchObject({ personId: p.id, suggested: '推荐就业' });
    expect(item!.detail).toBe('本次登记以来已推荐 1 次，还需 1 次');
    p.services.push(makeService('推荐就业', '2026-11-26', { personId: p.id }));
    expect(kinds(unitWith([p]), T, 'fewRecommendations')).toEqual([]);
  });

  it('leaves out a person unable or unwilling to work', () => {
    const p = makePerson({ registrations: [makeRegistration('2026-03-01')], willing: false });
    expect(kinds(unitWith([p]), T, 'fewRecommendations')).toEqual([]);
  });
});

describe('workQueue: service requests (item 4)', () => {
  it('counts the days left before the 30-day limit, the 30th day included', () => {
    const p = withServices(makePerson(), makeRequest('职业培训', '2026-11-01', null));
    const [item] = kinds(unitWith([p]), T, 'openRequest');
    expect(item).toMatchObject({
      due: '2026-12-01',
      daysLeft: 5,
      action: 'fulfilRequest',
      suggested: '职业培训',
      recordId: p.services[0]!.id,
    });
    expect(kinds(unitWith([p]), '2026-12-01', 'openRequest')[0]).toMatchObject({ daysLeft: 0 });
    expect(kinds(unitWith([p]), '2026-12-02', 'openRequest')[0]).toMatchObject({
      daysLeft: null,
      daysOverdue: 1,
    });
  });

  it('drops a request once fulfilled', () => {
    const p = withServices(makePerson(), makeRequest('职业指导', '2026-11-01', '2026-11-20'));
    expect(kinds(unitWith([p]), T, 'openRequest')).toEqual([]);
  });
});

describe('workQueue: continuous unemployment (outcome 2, item 8)', () => {
  const registeredOn = (approved: string) =>
    withServices(
      makePerson({ registrations: [makeRegistration(approved)] }),
      ...twoRecommendations(),
      makeService('走访', '2026-06-01'),
    );

  it('warns 60 days ahead, not 61', () => {
    expect(kinds(unitWith([registeredOn('2025-12-01')]), '2026-10-02', 'nearLongUnemployment')).toEqual([
      expect.objectContaining({ due: '2026-12-01', daysLeft: 60 }),
    ]);
    expect(kinds(unitWith([registeredOn('2025-12-01')]), '2026-10-01', 'nearLongUnemployment')).toEqual([]);
  });

  it('lists a person past a year on the anniversary itself, with the days since', () => {
    expect(kinds(unitWith([registeredOn('2025-11-26')]), T, 'longUnemployed')).toEqual([
      expect.objectContaining({ due: '2026-11-26', daysLeft: 0 }),
    ]);
    expect(kinds(unitWith([registeredOn('2025-10-26')]), T, 'longUnemployed')).toEqual([
      expect.objectContaining({ due: '2026-10-26', daysOverdue: 31 }),
    ]);
  });
});

describe('workQueue: zero-employment families (item 3)', () => {
  it('lists a recognised family not yet eliminated with the end of its quarter, and drops it once a member works', () => {
    const h = makeHousehold({ zeroEmployment: [makeZeroRecognition('2026-10-10')] });
    const p = makePerson({ householdId: h.id, name: '庄国强' });
    const unit = unitWith([p], { households: [h] });
    expect(kinds(unit, T, 'zeroEmploymentFamily')).toEqual([
      expect.objectContaining({
        householdId: h.id,
        personId: p.id,
        name: '庄国强',
        due: '2026-12-31',
        daysLeft: 35,
      }),
    ]);
    p.employment.push(makeSpell('2026-11-20'));
    expect(kinds(unit, T, 'zeroEmploymentFamily')).toEqual([]);
  });
});

describe('workQueue: unit records (items 1 and 7)', () => {
  it('lists every missing organisation record, the board and each mobilisation without evidence', () => {
    const items = kinds(makeUnit(), T, 'unitGap');
    expect(items.map((i) => i.suggested)).toEqual([
      '领导小组',
      '工作制度',
      '工作计划',
      '工作目标',
      '工作措施',
      '信息发布栏',
      '岗位信息',
      '培训动员',
      '招聘会动员',
      '创业鼓励',
    ]);
  });

  it("takes a resident's 招聘会 record as evidence of job-fair mobilisation, as item 7 does", () => {
    const p = withServices(makePerson(), makeService('招聘会', '2026-05-01'));
    const suggested = kinds(makeUnit({ persons: [p] }), T, 'unitGap').map((i) => i.suggested);
    expect(suggested).not.toContain('招聘会动员');
    expect(suggested).toContain('培训动员');
  });

  it('has nothing to ask of a unit that keeps all its records', () => {
    expect(kinds(unitWith([]))).toEqual([]);
  });
});

describe('countByKind', () => {
  it('names every kind, with zero where there is nothing', () => {
    const counts = countByKind(workQueue(makeUnit(), T, profile));
    expect(counts.unitGap).toBe(10);
    expect(counts.notVisited).toBe(0);
  });
});
