import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  dateInYear,
  daysBetween,
  endOfQuarter,
  fromDayNumber,
  fullYearsBetween,
  isIsoDate,
  quarterEnd,
  quarterOf,
  quarterStart,
  toDayNumber,
} from './dates.ts';

describe('isIsoDate', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2016-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2017-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2016-13-01')).toBe(false);
    expect(isIsoDate('2016-04-31')).toBe(false);
    expect(isIsoDate('2016-4-3')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});

describe('toDayNumber / fromDayNumber', () => {
  it('counts days from 1970-01-01 and round-trips every day of 1899–2101', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2000-03-01')).toBe(11017);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    for (let n = toDayNumber('1899-01-01'); n <= toDayNumber('2101-12-31'); n++) {
      expect(toDayNumber(fromDayNumber(n))).toBe(n);
    }
  });
});

describe('addDays', () => {
  it('crosses month, leap-day and year ends', () => {
    expect(addDays('2016-02-28', 1)).toBe('2016-02-29');
    expect(addDays('2017-02-28', 1)).toBe('2017-03-01');
    expect(addDays('2016-12-31', 1)).toBe('2017-01-01');
    expect(addDays('2016-03-01', 30)).toBe('2016-03-31');
    expect(addDays('2016-01-01', -1)).toBe('2015-12-31');
  });
});

describe('addYears', () => {
  it('maps 02-29 to 02-28 in a common year (month-end rule of 民法典 第二百零三条)', () => {
    expect(addYears('2016-02-29', 1)).toBe('2017-02-28');
    expect(addYears('2016-02-29', 4)).toBe('2020-02-29');
    expect(addYears('2015-03-01', 1)).toBe('2016-03-01');
  });
});

describe('addMonths', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2016-01-31', 1)).toBe('2016-02-29');
    expect(addMonths('2016-03-31', 1)).toBe('2016-04-30');
    expect(addMonths('2016-11-15', 2)).toBe('2017-01-15');
    expect(addMonths('2016-01-15', -1)).toBe('2015-12-15');
  });
});

describe('daysBetween', () => {
  it('is negative when the second date is earlier', () => {
    expect(daysBetween('2016-03-01', '2016-03-31')).toBe(30);
    expect(daysBetween('2016-03-31', '2016-03-01')).toBe(-30);
  });
});

describe('quarterOf', () => {
  it('puts the first and last day of each quarter in that quarter', () => {
    expect(quarterOf('2016-01-01')).toBe(1);
    expect(quarterOf('2016-03-31')).toBe(1);
    expect(quarterOf('2016-04-01')).toBe(2);
    expect(quarterOf('2016-09-30')).toBe(3);
    expect(quarterOf('2016-12-31')).toBe(4);
    expect(quarterStart(2016, 3)).toBe('2016-07-01');
    expect(quarterEnd(2016, 1)).toBe('2016-03-31');
    expect(quarterEnd(2016, 2)).toBe('2016-06-30');
    expect(endOfQuarter('2016-11-20')).toBe('2016-12-31');
  });
});

describe('fullYearsBetween', () => {
  it('counts the birthday itself as a completed year', () => {
    expect(fullYearsBetween('2000-06-15', '2016-06-14')).toBe(15);
    expect(fullYearsBetween('2000-06-15', '2016-06-15')).toBe(16);
  });

  it('gives a 02-29 birthday on 02-28 of a common year', () => {
    expect(fullYearsBetween('2000-02-29', '2017-02-27')).toBe(16);
    expect(fullYearsBetween('2000-02-29', '2017-02-28')).toBe(17);
    expect(fullYearsBetween('2000-02-29', '2016-02-28')).toBe(15);
    expect(fullYearsBetween('2000-02-29', '2016-02-29')).toBe(16);
  });

  it('agrees with its definition, the last anniversary (addYears) on or before the end, over every day of 1999–2001', () => {
    const from = toDayNumber('1999-01-01');
    const ends = ['2016-02-28', '2016-02-29', '2017-02-28', '2016-12-31', '2000-06-15', '1998-03-01'];
    for (let d = from; d <= toDayNumber('2001-12-31'); d++) {
      const birth = fromDayNumber(d);
      for (const end of ends) {
        const years = Number(end.slice(0, 4)) - Number(birth.slice(0, 4));
        const expected = addYears(birth, years) > end ? years - 1 : years;
        expect(fullYearsBetween(birth, end)).toBe(expected);
      }
    }
  });

  it('refuses what is not a date', () => {
    expect(() => fullYearsBetween('2000-02-30', '2016-01-01')).toThrow(RangeError);
    expect(() => fullYearsBetween('2000-02-01', '2016-1-01')).toThrow(RangeError);
  });
});

describe('dateInYear', () => {
  it('builds a deadline from MM-DD and refuses impossible ones', () => {
    expect(dateInYear(2016, '12-10')).toBe('2016-12-10');
    expect(() => dateInYear(2017, '02-29')).toThrow(RangeError);
  });
});
