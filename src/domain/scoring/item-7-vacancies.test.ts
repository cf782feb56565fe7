import { describe, expect, it } from 'vitest';
import {
  makeCompleteUnitRecords,
  makeContext,
  makePerson,
  makeService,
  makeUnit,
  makeUnitRecord,
  makeVacancy,
  withServices,
} from '../test-factories.ts';
import { scoreItem7 } from './item-7-vacancies.ts';

describe('scoreItem7', () => {
  it('gives 10 with a board and every activity recorded', () => {
    expect(scoreItem7(makeContext(makeUnit({ records: makeCompleteUnitRecords(2016) }))).score).toBe(10);
  });

  it('gives 0 with nothing: −2 for the board and −2 for each of the four activities', () => {
    const result = scoreItem7(makeContext(makeUnit()));
    expect(result.score).toBe(0);
    expect(result.deductions.map((d) => d.points)).toEqual([2, 2, 2, 2, 2]);
  });

  it('accepts a collected vacancy and residents’ training, job-fair and start-up records as the activities', () => {
    const p = withServices(
      makePerson(),
      makeService('职业培训', '2016-04-01'),
      makeService('招聘会', '2016-05-01'),
      makeService('创业服务', '2016-06-01'),
    );
    const unit = makeUnit({
      persons: [p],
      vacancies: [makeVacancy('2016-03-01')],
      records: [makeUnitRecord('信息发布栏', '2014-01-01')],
    });
    expect(scoreItem7(makeContext(unit)).score).toBe(10);
  });

  it('does not accept activities from last year or a board set up after the as-of date', () => {
    const unit = makeUnit({
      vacancies: [makeVacancy('2015-12-31')],
      records: [
        makeUnitRecord('信息发布栏', '2016-12-11'),
        ...makeCompleteUnitRecords(2016).filter((r) => r.type !== '岗位信息' && r.type !== '信息发布栏'),
      ],
    });
    const result = scoreItem7(makeContext(unit));
    expect(result.score).toBe(6);
    expect(result.deductions.map((d) => d.code)).toEqual(['item7.noInfoBoard', 'item7.missingActivity']);
  });
});
