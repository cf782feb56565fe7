import { describe, expect, it } from 'vitest';
import { addDays } from './dates.ts';
import {
  idCheckCharacter,
  identityMismatches,
  makeIdNumber,
  maskIdNumber,
  maskPhone,
  parseIdNumber,
} from './id-number.ts';
import { makeRandom } from './test-factories.ts';

const AREAS = ['350505', '350502', '110101', '440305', '310115', '510107', '650102', '820000'];

/** 10,000 valid numbers from a fixed seed: random area, birth date 1920–2015, sequence. */
function validNumbers(count: number, seed: number): string[] {
  const random = makeRandom(seed);
  const numbers: string[] = [];
  for (let i = 0; i < count; i++) {
    const area = AREAS[Math.floor(random() * AREAS.length)] as string;
    const birth = addDays('1920-01-01', Math.floor(random() * 35_000));
    numbers.push(makeIdNumber(area, birth, Math.floor(random() * 1000)));
  }
  return numbers;
}

describe('idCheckCharacter', () => {
  it('computes the MOD 11-2 check of the GB 11643 example 11010519491231002X', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idCheckCharacter('44052418800101001')).toBe('4');
  });
});

describe('parseIdNumber', () => {
  it('reads birth date, sex and area code from a valid number', () => {
    const id = makeIdNumber('350505', '1985-07-21', 123);
    expect(parseIdNumber(id)).toEqual({
      ok: true,
      idNumber: id,
      birthDate: '1985-07-21',
      sex: 'M',
      areaCode: '350505',
      converted: false,
    });
    expect(parseIdNumber(makeIdNumber('350505', '1985-07-21', 124))).toMatchObject({ ok: true, sex: 'F' });
  });

  it('accepts a lower-case x and normalises it to X', () => {
    const result = parseIdNumber('11010519491231002x');
    expect(result).toMatchObject({
      ok: true,
      idNumber: '11010519491231002X',
      sex: 'F',
      birthDate: '1949-12-31',
    });
  });

  it('ignores surrounding spaces', () => {
    expect(parseIdNumber(' 11010519491231002X ').ok).toBe(true);
  });

  it('converts a 15-digit legacy number to 18 digits born in the 1900s', () => {
    const result = parseIdNumber('350505800101123');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.idNumber).toBe(makeIdNumber('350505', '1980-01-01', 123));
    expect(result.birthDate).toBe('1980-01-01');
    expect(result.sex).toBe('M');
    expect(result.converted).toBe(true);
  });

  it('names the expected check digit when it is wrong', () => {
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, reason: '身份证号校验位错误，应为 X' });
  });

  it('refuses wrong lengths, empty input and stray characters', () => {
    expect(parseIdNumber('')).toEqual({ ok: false, reason: '身份证号不能为空' });
    expect(parseIdNumber('35050519850721123')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('长度应为 18 位'),
    });
    expect(parseIdNumber('3505051985072112X4').ok).toBe(false);
    expect(parseIdNumber('35050580010112X').ok).toBe(false);
  });

  it('refuses impossible birth dates, including 02-29 of a common year', () => {
    const bad = '35050520170229123';
    expect(parseIdNumber(bad + idCheckCharacter(bad))).toEqual({ ok: false, reason: '出生日期无效' });
    const month13 = '35050519851321123';
    expect(parseIdNumber(month13 + idCheckCharacter(month13))).toEqual({ ok: false, reason: '出生日期无效' });
    const leap = '35050520160229123';
    expect(parseIdNumber(leap + idCheckCharacter(leap)).ok).toBe(true);
  });

  it('refuses an area code outside the GB/T 2260 provinces', () => {
    const body = '99050519850721123';
    expect(parseIdNumber(body + idCheckCharacter(body))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('地区码'),
    });
  });

  it('accepts 10,000 generated valid numbers', () => {
    const numbers = validNumbers(10_000, 20161210);
    const refused = numbers.filter((n) => !parseIdNumber(n).ok);
    expect(refused).toEqual([]);
  });

  it('rejects all 10,000 one-character mutants, because a single substitution always breaks MOD 11-2', () => {
    const random = makeRandom(151);
    const numbers = validNumbers(10_000, 2016151);
    let checked = 0;
    for (const original of numbers) {
      const position = Math.floor(random() * 18);
      const alphabet = position === 17 ? '0123456789X' : '0123456789';
      const current = original[position] as string;
      const choices = [...alphabet].filter((c) => c !== current);
      const replacement = choices[Math.floor(random() * choices.length)] as string;
      const mutant = original.slice(0, position) + replacement + original.slice(position + 1);
      // The arithmetic fact: weights are non-zero mod 11 and a digit changes by 1–9, so the sum changes mod 11.
      expect(idCheckCharacter(mutant.slice(0, 17))).not.toBe(mutant[17]);
      expect(parseIdNumber(mutant).ok).toBe(false);
      checked++;
    }
    expect(checked).toBe(10_000);
  });
});

describe('maskIdNumber', () => {
  it('shows the first 6 and last 4 characters (前6后4)', () => {
    expect(maskIdNumber('350505198507211234')).toBe('350505********1234');
    expect(maskIdNumber('350505800101123')).toBe('350505*****1123');
  });

  it('masks a too-short value whole', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
  });
});

describe('maskPhone', () => {
  it('shows the first 3 and last 4 digits (前3后4)', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });

  it('masks a too-short value whole', () => {
    expect(maskPhone('12345')).toBe('*****');
  });
});

describe('makeIdNumber', () => {
  it('refuses arguments that cannot form a number', () => {
    expect(() => makeIdNumber('3505', '1985-01-01', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('350505', '1985-02-30', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('350505', '1985-01-01', 1000)).toThrow(RangeError);
  });
});

describe('identityMismatches', () => {
  it('reports a typed birth date or sex that disagrees with the number', () => {
    const id = makeIdNumber('350505', '1985-07-21', 123);
    expect(identityMismatches(id, { birthDate: '1985-07-21', sex: 'M' })).toEqual([]);
    expect(identityMismatches(id, { birthDate: '1985-07-12', sex: 'F' })).toEqual([
      '出生日期 1985-07-12 与身份证号不一致（身份证号为 1985-07-21）',
      '性别与身份证号不一致（身份证号为男）',
    ]);
  });
});
