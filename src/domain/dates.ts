/**
 * Pure calendar helpers for ISO `YYYY-MM-DD` dates (proleptic Gregorian, years 0000–9999).
 *
 * Dates stay strings everywhere in the domain: ISO dates compare correctly as text, are what the database
 * stores, and cannot carry a time zone by accident. Arithmetic goes through a day number (days since
 * 1970-01-01) computed with integer formulas, so nothing here depends on `Date`, the host time zone or a clock.
 *
 * Month and year arithmetic clamps to the end of the month when the target month is shorter: 2016-02-29
 * plus one year is **2017-02-28**, 2016-01-31 plus one month is 2016-02-29. This follows 民法典 第二百零三条
 * ("按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日"), so a period of
 * "one year" from 02-29 never spills into March, and a 02-29 birthday is reached on 02-28 in common years.
 */

import type { IsoDate } from './facts.ts';

/** Calendar parts of an ISO date (month 1–12). */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Gregorian leap year: divisible by 4, except centuries not divisible by 400. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written in `s` from `from` to `to` (exclusive) in ASCII digits; -1 when any is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The parts of `value` when it is a real calendar date written `YYYY-MM-DD`; null otherwise. Read character by
 * character: every ledger line and every assessment reads dates, many times over.
 */
function partsOf(value: string): DateParts | null {
  if (
    typeof value !== 'string' ||
    value.length !== 10 ||
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45
  )
    return null;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** True when `value` is a real calendar date written `YYYY-MM-DD` (2017-02-29 and 2016-13-01 are not). */
export function isIsoDate(value: string): boolean {
  return partsOf(value) !== null;
}

/** Splits a valid ISO date into numbers; throws on anything that is not a real date (a programming error). */
export function toParts(date: IsoDate): DateParts {
  const parts = partsOf(date);
  if (!parts) throw new RangeError(`Not an ISO date: ${JSON.stringify(date)}`);
  return parts;
}

/** Formats calendar parts as `YYYY-MM-DD`. */
export function fromParts(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before). Integer-only civil-calendar formula (H. Hinnant, days_from_civil). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = toParts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link toDayNumber}. */
export function fromDayNumber(dayNumber: number): IsoDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return fromParts(year, month, day);
}

/** `date` plus `days` (may be negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** `date` plus `months`, clamped to the last day of a shorter target month (2016-01-31 + 1 → 2016-02-29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = toParts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return fromParts(y, m, Math.min(day, daysInMonth(y, m)));
}

/** `date` plus `years`; 02-29 becomes 02-28 in a common year (see the module comment). */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** -1, 0 or 1, for sorting. ISO dates order as text. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** True when `start ≤ date ≤ end` (both ends included). */
export function isWithin(date: IsoDate, start: IsoDate, end: IsoDate): boolean {
  return date >= start && date <= end;
}

/** The calendar year of a date. */
export function yearOf(date: IsoDate): number {
  return toParts(date).year;
}

/** Calendar quarter 1–4 (Jan–Mar = 1). */
export function quarterOf(date: IsoDate): 1 | 2 | 3 | 4 {
  return (Math.floor((toParts(date).month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
}

/** First day of quarter `quarter` (1–4) of `year`. */
export function quarterStart(year: number, quarter: number): IsoDate {
  return fromParts(year, (quarter - 1) * 3 + 1, 1);
}

/** Last day of quarter `quarter` (1–4) of `year`. */
export function quarterEnd(year: number, quarter: number): IsoDate {
  const month = quarter * 3;
  return fromParts(year, month, daysInMonth(year, month));
}

/** Last day of the quarter that contains `date`. */
export function endOfQuarter(date: IsoDate): IsoDate {
  return quarterEnd(yearOf(date), quarterOf(date));
}

/** `YYYY-01-01`. */
export function startOfYear(year: number): IsoDate {
  return fromParts(year, 1, 1);
}

/** `YYYY-12-31`. */
export function endOfYear(year: number): IsoDate {
  return fromParts(year, 12, 31);
}

/** Builds `YYYY-MM-DD` from a year and a calendar `MM-DD` (the profile's deadlines). */
export function dateInYear(year: number, monthDay: string): IsoDate {
  const date = `${String(year).padStart(4, '0')}-${monthDay}`;
  if (!isIsoDate(date)) throw new RangeError(`Not a day of ${year}: ${monthDay}`);
  return date;
}

/**
 * Full years from `from` to `to` — an age when `from` is a birth date. The anniversary itself counts
 * (周岁: one is 16 on the 16th birthday); a 02-29 anniversary falls on 02-28 in common years.
 */
export function fullYearsBetween(from: IsoDate, to: IsoDate): number {
  const f = toParts(from);
  const t = toParts(to);
  // The anniversary in `to`'s year (02-29 falls on 02-28 in a common year, as addYears has it) decides whether
  // the last year is complete (negative before birth).
  const day = Math.min(f.day, daysInMonth(t.year, f.month));
  const years = t.year - f.year;
  return f.month > t.month || (f.month === t.month && day > t.day) ? years - 1 : years;
}
