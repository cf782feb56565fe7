/**
 * 居民身份证号 — GB 11643-1999 公民身份号码 (DOMAIN.md §2 "Person identity").
 *
 * 18 characters: 6-digit 地址码 (area, GB/T 2260), 8-digit 出生日期码 (a real date), 3-digit 顺序码 (odd =
 * male, even = female) and a 校验码 computed with ISO 7064 MOD 11-2 (`X` stands for 10). 15-digit numbers
 * issued before 1999 (6 area + YYMMDD + 3 sequence, all born in the 1900s) are converted to 18 digits.
 */

import { isIsoDate } from './dates.ts';
import type { IsoDate, Sex } from './facts.ts';

/** A parsed, normalised 18-digit number with what it encodes. */
export interface ValidIdNumber {
  ok: true;
  /** normalised: 18 characters, an upper-case `X` as check character */
  idNumber: string;
  birthDate: IsoDate;
  sex: Sex;
  /** 地址码, the first 6 digits */
  areaCode: string;
  /** true when the input was a 15-digit legacy number */
  converted: boolean;
}

/** Why a number was refused, in Chinese for the person typing it. */
export interface InvalidIdNumber {
  ok: false;
  reason: string;
}

export type IdNumberResult = ValidIdNumber | InvalidIdNumber;

/** MOD 11-2 weights 2^(17−i) mod 11 for positions 1–17. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for (Σ weight·digit) mod 11 = 0…10. */
const CHECK_CHARS = '10X98765432';

/**
 * GB/T 2260 province-level codes (first two digits of the area code), including 81/82/83 used by
 * 港澳台居民居住证. A number outside these cannot have been issued.
 */
const PROVINCE_CODES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

/** Earliest plausible birth date; anything before is a typing error rather than a living resident. */
const EARLIEST_BIRTH = '1900-01-01';

/**
 * 校验码 — ISO 7064 MOD 11-2 check character for the first 17 digits of an 18-digit number.
 * Throws when `first17` is not 17 digits (a programming error, not user input).
 */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idCheckCharacter needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

function birthDateOf(digits8: string): IsoDate | null {
  const date = `${digits8.slice(0, 4)}-${digits8.slice(4, 6)}-${digits8.slice(6, 8)}`;
  return isIsoDate(date) && date >= EARLIEST_BIRTH ? date : null;
}

/**
 * Parses and validates a 居民身份证号 (18 digits, or a 15-digit legacy number converted to 18). Leading and
 * trailing spaces are ignored and a lower-case `x` is accepted and normalised to `X`. The birth date is only
 * checked to be a real date from 1900 on: whether it lies in the future depends on a date this pure function
 * does not know (the data-quality check reports that).
 */
export function parseIdNumber(input: string): IdNumberResult {
  const value = input.trim().toUpperCase();
  if (value === '') return { ok: false, reason: '身份证号不能为空' };
  if (value.length === 15) return parseLegacy(value);
  if (value.length !== 18) return { ok: false, reason: `长度应为 18 位（当前 ${value.length} 位）` };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, reason: '身份证号应为 17 位数字加 1 位数字或 X' };
  const areaCode = value.slice(0, 6);
  if (!PROVINCE_CODES.has(areaCode.slice(0, 2))) return { ok: false, reason: `地区码 ${areaCode} 无效` };
  const birthDate = birthDateOf(value.slice(6, 14));
  if (birthDate === null) return { ok: false, reason: '出生日期无效' };
  const expected = idCheckCharacter(value.slice(0, 17));
  if (value[17] !== expected) return { ok: false, reason: `身份证号校验位错误，应为 ${expected}` };
  return {
    ok: true,
    idNumber: value,
    birthDate,
    sex: sexOfSequence(value.slice(14, 17)),
    areaCode,
    converted: false,
  };
}

function parseLegacy(value: string): IdNumberResult {
  if (!/^\d{15}$/.test(value)) return { ok: false, reason: '15 位旧身份证号应全部为数字' };
  // Legacy numbers carry a 2-digit year; they were issued only to people born in the 1900s.
  const body = `${value.slice(0, 6)}19${value.slice(6)}`;
  const converted = body + idCheckCharacter(body);
  const result = parseIdNumber(converted);
  return result.ok ? { ...result, converted: true } : result;
}

function sexOfSequence(sequence: string): Sex {
  return Number(sequence) % 2 === 1 ? 'M' : 'F';
}

/** True when `input` is a valid 居民身份证号 (see {@link parseIdNumber}). */
export function isValidIdNumber(input: string): boolean {
  return parseIdNumber(input).ok;
}

/**
 * 脱敏 — 前6后4: `350505********1234`. Lists and exports show only this (QUALITY.md "masking"); a value too
 * short to keep 10 characters visible is masked whole.
 */
export function maskIdNumber(idNumber: string): string {
  const value = idNumber.trim();
  if (value.length <= 10) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

/** 脱敏 — 手机号前3后4: `138****1234`; a value of 7 characters or fewer is masked whole. */
export function maskPhone(phone: string): string {
  const value = phone.trim();
  if (value.length <= 7) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

/**
 * Test-data helper: a valid 18-digit number for `areaCode` (6 digits), `birthDate` (ISO) and sequence
 * number `sequence` (0–999; odd = male). Throws on arguments that cannot form a number.
 */
export function makeIdNumber(areaCode: string, birthDate: IsoDate, sequence: number): string {
  if (!/^\d{6}$/.test(areaCode)) throw new RangeError('areaCode must be 6 digits');
  if (!isIsoDate(birthDate)) throw new RangeError('birthDate must be an ISO date');
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999)
    throw new RangeError('sequence must be 0–999');
  const body = areaCode + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
  return body + idCheckCharacter(body);
}

/**
 * Disagreements between a typed birth date / sex and what the ID number encodes (DOMAIN.md §2: "Birth date and
 * sex come from the number; a typed value that disagrees is an error"). Empty when they agree or the number
 * itself is invalid (that error is reported by {@link parseIdNumber}).
 */
export function identityMismatches(
  idNumber: string,
  typed: { birthDate?: IsoDate | null; sex?: Sex | null },
): string[] {
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) return [];
  const errors: string[] = [];
  if (typed.birthDate && typed.birthDate !== parsed.birthDate) {
    errors.push(`出生日期 ${typed.birthDate} 与身份证号不一致（身份证号为 ${parsed.birthDate}）`);
  }
  if (typed.sex && typed.sex !== parsed.sex) {
    errors.push(`性别与身份证号不一致（身份证号为${parsed.sex === 'M' ? '男' : '女'}）`);
  }
  return errors;
}
