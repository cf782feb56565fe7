import { describe, expect, it } from 'vitest';
import { makeIdNumber } from './id-number.ts';
import { canonicalHeader, parseDateText, validateLabourRow } from './ledger-entry.ts';

const TODAY = '2026-11-26';
const ID = makeIdNumber('350505', '1980-05-17', 123); // odd sequence: male

function row(over: Record<string, string> = {}) {
  return { '村（社区）代码': '350505100201', 户编号: '001', 姓名: '张三', 身份证号: ID, ...over };
}

describe('validateLabourRow', () => {
  it('accepts the four required columns and derives sex and birth date from the ID number', () => {
    const r = validateLabourRow(row(), TODAY);
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.entry).toMatchObject({
        sex: 'M',
        birthDate: '1980-05-17',
        ability: 'full',
        willing: true,
        employment: null,
      });
  });

  it('names every missing required column', () => {
    const r = validateLabourRow({}, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.column)).toEqual(['村（社区）代码', '户编号', '姓名', '身份证号']);
  });

  it('refuses a typed sex that disagrees with the ID number', () => {
    const r = validateLabourRow(row({ 性别: '女' }), TODAY);
    expect(r).toEqual({
      ok: false,
      errors: [{ column: '性别', message: '与身份证号不符：身份证号显示为男' }],
    });
  });

  it('refuses a wrong check digit with the expected one', () => {
    const bad = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    const r = validateLabourRow(row({ 身份证号: bad }), TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/校验位错误/);
  });

  it('requires the start date with an employment form, and the reason with a close date', () => {
    const r = validateLabourRow(
      row({ 就业形式: '灵活就业', 失业登记日期: '2026-01-05', 失业登记注销日期: '2026-03-01' }),
      TODAY,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.column)).toEqual(['就业日期', '注销原因']);
  });

  it('reads the three date spellings and refuses dates after today', () => {
    expect(parseDateText('2026/3/1')).toBe('2026-03-01');
    expect(parseDateText('2026年3月1日')).toBe('2026-03-01');
    expect(parseDateText('２０２６－０３－０１')).toBe('2026-03-01');
    expect(parseDateText('2026-02-30')).toBeNull();
    const r = validateLabourRow(row({ 失业登记日期: '2026-11-27' }), TODAY);
    expect(r.ok).toBe(false);
  });

  it('lists the allowed values when an enumerated cell is wrong', () => {
    const r = validateLabourRow(row({ 就业形式: '打零工', 就业日期: '2026-01-01' }), TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toEqual({
        column: '就业形式',
        message: '"打零工" 不是可选值（单位就业 / 灵活就业 / 自主创业 / 公益性岗位 / 务农 / 外出务工）',
      });
  });

  it('splits difficulty categories on 、 and commas', () => {
    const r = validateLabourRow(
      row({ 就业困难人员类别: '4050、残疾,零就业家庭成员', 困难认定日期: '2026-02-01' }),
      TODAY,
    );
    expect(r.ok && r.entry.difficulty?.categories).toEqual(['4050', '残疾', '零就业家庭成员']);
  });

  it('converts a 15-digit number with a warning', () => {
    const r = validateLabourRow(row({ 身份证号: '350505800517123' }), TODAY);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.entry.idNumber).toHaveLength(18);
      expect(r.warnings[0]!.message).toMatch(/15 位号码已转换/);
    }
  });
});

describe('canonicalHeader', () => {
  it('matches headers typed with ASCII brackets or spaces', () => {
    expect(canonicalHeader(' 村(社区)代码 ')).toBe('村（社区）代码');
    expect(canonicalHeader('身份证号')).toBe('身份证号');
  });
});
