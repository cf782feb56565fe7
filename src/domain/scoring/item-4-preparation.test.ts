import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../facts.ts';
import {
  makeContext,
  makePerson,
  makeRegistration,
  makeRequest,
  makeService,
  makeSpell,
  makeUnit,
  withServices,
} from '../test-factories.ts';
import { requestVerdict, scoreItem4 } from './item-4-preparation.ts';

/** An unregistered resident who asked for training on 2016-03-01. */
function asker(fulfilled: IsoDate | null, extra: Parameters<typeof makePerson>[0] = {}) {
  return withServices(makePerson(extra), makeRequest('职业培训', '2016-03-01', fulfilled));
}

describe('scoreItem4', () => {
  it('accepts a request fulfilled on day 30', () => {
    expect(scoreItem4(makeContext(makeUnit({ persons: [asker('2016-03-31')] }))).score).toBe(10);
  });

  it('fails a request fulfilled on day 31, naming the request', () => {
    const p = asker('2016-04-01');
    const result = scoreItem4(makeContext(makeUnit({ persons: [p] })));
    expect(result.score).toBe(0);
    expect(result.deductions[0]?.evidence).toEqual([
      expect.objectContaining({ kind: 'record', id: p.services[0]?.id }),
    ]);
  });

  it('does not yet fail an open request younger than 30 days on the as-of date', () => {
    const unit = makeUnit({ persons: [asker(null)] });
    expect(scoreItem4(makeContext(unit, { asOf: '2016-03-31' })).score).toBe(10);
    expect(scoreItem4(makeContext(unit, { asOf: '2016-03-31' })).inputs.requestsNotYetDue).toBe(1);
    expect(scoreItem4(makeContext(unit, { asOf: '2016-04-01' })).score).toBe(0);
  });

  it('ignores requests by people who were employed on the day they asked', () => {
    const p = asker(null, { employment: [makeSpell('2015-01-01')] });
    expect(scoreItem4(makeContext(makeUnit({ persons: [p] }))).score).toBe(10);
  });

  it('fails when an able and willing registered unemployed person had no preparation activity in the year', () => {
    const idle = makePerson({ registrations: [makeRegistration('2016-02-01')] });
    const result = scoreItem4(makeContext(makeUnit({ persons: [idle] })));
    expect(result.score).toBe(0);
    expect(result.deductions.map((d) => d.code)).toEqual(['item4.notInPreparation']);
    expect(result.deductions[0]?.evidence.map((e) => e.id)).toEqual([idle.id]);
  });

  it('accepts one 职业指导 in the year as preparation, and ignores the unwilling and the employed', () => {
    const guided = withServices(
      makePerson({ registrations: [makeRegistration('2016-02-01')] }),
      makeService('职业指导', '2016-05-01'),
    );
    const unwilling = makePerson({ willing: false, registrations: [makeRegistration('2016-02-01')] });
    const placed = makePerson({
      registrations: [makeRegistration('2016-02-01', '2016-06-01')],
      employment: [makeSpell('2016-06-01')],
    });
    const result = scoreItem4(makeContext(makeUnit({ persons: [guided, unwilling, placed] })));
    expect(result.score).toBe(10);
    expect(result.inputs).toMatchObject({ needPreparation: 1, prepared: 1 });
  });
});

describe('requestVerdict', () => {
  it('treats a fulfilment recorded after the as-of date as still open', () => {
    const request = makeRequest('职业指导', '2016-11-20', '2016-12-15');
    expect(requestVerdict(request, '2016-12-10', 30)).toBe('notYetDue');
    expect(requestVerdict(makeRequest('职业指导', '2016-10-01', '2016-12-15'), '2016-12-10', 30)).toBe(
      'late',
    );
  });
});
