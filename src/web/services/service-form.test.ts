import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { describeRecord, toServiceBody, yuanToFen } from './service-form.ts';

describe('toServiceBody', () => {
  it('sends only the type for a visit with nothing filled: the server fills date, 方式 and staff', () => {
    expect(toServiceBody('走访', {})).toEqual({ type: '走访' });
    // the default 方式 of the type is not sent either
    expect(toServiceBody('电话联系', { mode: '电话' })).toEqual({ type: '电话联系' });
    expect(toServiceBody('走访', { mode: '到站' })).toEqual({ type: '走访', mode: '到站' });
  });

  it('drops the fields of other types and blank text', () => {
    expect(toServiceBody('走访', { course: '电工', employer: '某厂', content: '  ' })).toEqual({
      type: '走访',
    });
  });

  it('turns an accepted recommendation into its employment, dated with the record', () => {
    expect(
      toServiceBody('推荐就业', { employer: '某厂', post: '普工', result: '已录用' }, '2026-11-27'),
    ).toEqual({
      type: '推荐就业',
      date: '2026-11-27',
      employer: '某厂',
      post: '普工',
      result: '已录用',
      employment: { form: '单位就业', start: '2026-11-27' },
    });
    const body = toServiceBody('推荐就业', {
      employer: '某厂',
      post: '普工',
      result: '已录用',
      date: dayjs('2026-11-20'),
      employmentForm: '灵活就业',
    });
    expect(body.employment).toEqual({ form: '灵活就业', start: '2026-11-20' });
  });

  it('sends money in fen', () => {
    expect(yuanToFen(12.34)).toBe(1234);
    expect(toServiceBody('政策补贴', { policy: '社保补贴', amountYuan: 1500 })).toMatchObject({
      amountFen: 150000,
    });
  });
});

describe('describeRecord', () => {
  it('names employer, post and result in one line', () => {
    const line = describeRecord({
      employer: '某厂',
      post: '普工',
      result: '待反馈',
      course: null,
      startDate: null,
      endDate: null,
      certificate: null,
      policy: null,
      amountFen: null,
      subsidyStatus: null,
      requestItem: null,
    } as Parameters<typeof describeRecord>[0]);
    expect(line).toBe('某厂 · 普工；结果：待反馈');
  });
});
