/**
 * 劳动力 sheet rows (LEDGER-FORMAT.md) — the same rules for a row typed into a form and a row read from a
 * workbook: required columns, enumerations, dates, and agreement with the ID number (DOMAIN.md §2). A row
 * either yields one normalised entry or the list of what is wrong, column by column, in Chinese.
 */

import { isIsoDate } from './dates.ts';
import {
  DIFFICULTY_CATEGORIES,
  EMPLOYMENT_FORMS,
  REGISTRATION_CLOSE_REASONS,
  type DifficultyCategory,
  type EmploymentForm,
  type Hukou,
  type IsoDate,
  type RegistrationCloseReason,
  type Sex,
  type WorkAbility,
} from './facts.ts';
import { parseIdNumber } from './id-number.ts';

export const LABOUR_COLUMNS = [
  '村（社区）代码',
  '户编号',
  '与户主关系',
  '姓名',
  '身份证号',
  '性别',
  '联系电话',
  '户籍性质',
  '文化程度',
  '劳动能力',
  '就业意愿',
  '人员状态',
  '就业形式',
  '就业单位',
  '就业日期',
  '失业登记日期',
  '失业登记注销日期',
  '注销原因',
  '就业困难人员类别',
  '困难认定日期',
  '困难退出日期',
  '建档立卡贫困劳动力',
  '脱贫状态',
  '低保',
  '残疾证号',
  '备注',
] as const;
export type LabourColumn = (typeof LABOUR_COLUMNS)[number];
export const LABOUR_REQUIRED: readonly LabourColumn[] = ['村（社区）代码', '户编号', '姓名', '身份证号'];

export const RELATIONS = ['户主', '配偶', '子女', '父母', '兄弟姐妹', '其他'] as const;
export const HUKOU_VALUES: readonly Hukou[] = ['农业', '非农业', '居民'];
export const EDUCATION_VALUES = ['小学及以下', '初中', '高中', '中专', '大专', '本科及以上'] as const;
export const ABILITY_VALUES = { 完全: 'full', 部分: 'partial', 丧失: 'none' } as const satisfies Record<
  string,
  WorkAbility
>;
export const PERSON_STATES = ['在校学生', '服役', '领取养老金'] as const;
export const POVERTY_STATUSES = ['未脱贫', '已脱贫'] as const;
export const DIBAO_VALUES = ['城镇', '农村', '否'] as const;

/** A 劳动力 row, normalised. Blank optional cells are null. */
export interface PersonEntry {
  unitCode: string;
  householdNumber: string;
  relation: (typeof RELATIONS)[number] | null;
  name: string;
  idNumber: string;
  sex: Sex;
  birthDate: IsoDate;
  phone: string | null;
  hukou: Hukou | null;
  education: (typeof EDUCATION_VALUES)[number] | null;
  ability: WorkAbility;
  willing: boolean;
  state: (typeof PERSON_STATES)[number] | null;
  employment: { form: EmploymentForm; employer: string | null; start: IsoDate } | null;
  registration: {
    approved: IsoDate;
    closed: IsoDate | null;
    closeReason: RegistrationCloseReason | null;
  } | null;
  difficulty: { categories: DifficultyCategory[]; recognized: IsoDate; exited: IsoDate | null } | null;
  povertyRegister: boolean;
  povertyStatus: (typeof POVERTY_STATUSES)[number] | null;
  dibao: '城镇' | '农村' | null;
  disabilityNo: string | null;
  note: string | null;
}

export interface CellProblem {
  column: string;
  message: string;
}

export type EntryResult =
  { ok: true; entry: PersonEntry; warnings: CellProblem[] } | { ok: false; errors: CellProblem[] };

/** Full-width letters, digits and spaces to their ordinary forms, then trimmed (LEDGER-FORMAT: "normalised"). */
export function normaliseText(value: string): string {
  return value
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
}

/** A header as written by hand → its canonical name (full-width and ASCII brackets alike, spaces dropped). */
export function canonicalHeader(value: string): string {
  return normaliseText(value).replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

/** `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日` → ISO; null when it is none of these or not a real day. */
export function parseDateText(value: string): IsoDate | null {
  const v = normaliseText(value);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** 是/否 columns also accept Y/N and 1/0. */
export function parseYesNo(value: string): boolean | null {
  const v = normaliseText(value).toUpperCase();
  if (['是', 'Y', 'YES', '1'].includes(v)) return true;
  if (['否', 'N', 'NO', '0'].includes(v)) return false;
  return null;
}

/**
 * Validates one 劳动力 row given as column → cell text (dates already ISO when they came from date cells).
 * `today` bounds dates: nothing may happen after it.
 */
export function validateLabourRow(
  raw: Partial<Record<string, string | null | undefined>>,
  today: IsoDate,
): EntryResult {
  const errors: CellProblem[] = [];
  const warnings: CellProblem[] = [];
  const cell = (c: LabourColumn): string => normaliseText(raw[c] ?? '');
  const err = (column: LabourColumn, message: string) => errors.push({ column, message });

  for (const c of LABOUR_REQUIRED) if (cell(c) === '') err(c, '必填，不能为空');

  const oneOf = <T extends string>(c: LabourColumn, values: readonly T[]): T | null => {
    const v = cell(c);
    if (v === '') return null;
    if (!(values as readonly string[]).includes(v)) {
      err(c, `"${v}" 不是可选值（${values.join(' / ')}）`);
      return null;
    }
    return v as T;
  };
  const date = (c: LabourColumn): IsoDate | null => {
    const v = cell(c);
    if (v === '') return null;
    const d = isIsoDate(v) ? v : parseDateText(v);
    if (d === null) {
      err(c, `"${v}" 不是有效日期（应为 YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日）`);
      return null;
    }
    if (d > today) err(c, `日期 ${d} 晚于今天`);
    return d;
  };

  const unitCode = cell('村（社区）代码');
  if (unitCode !== '' && !/^\d{12}$/.test(unitCode)) err('村（社区）代码', '应为 12 位统计用区划代码');
  const householdNumber = cell('户编号');
  if (householdNumber.length > 40) err('户编号', '不能超过 40 个字符');
  const name = cell('姓名');
  if (name.length > 50) err('姓名', '不能超过 50 个字符');

  let idNumber = '';
  let sex: Sex = 'M';
  let birthDate = '';
  if (cell('身份证号') !== '') {
    const parsed = parseIdNumber(cell('身份证号'));
    if (!parsed.ok) err('身份证号', parsed.reason);
    else {
      idNumber = parsed.idNumber;
      sex = parsed.sex;
      birthDate = parsed.birthDate;
      if (parsed.converted)
        warnings.push({ column: '身份证号', message: `15 位号码已转换为 18 位：${parsed.idNumber}` });
      if (birthDate > today) err('身份证号', '出生日期晚于今天');
    }
  }
  const typedSex = oneOf('性别', ['男', '女'] as const);
  if (typedSex && idNumber && (typedSex === '男' ? 'M' : 'F') !== sex) {
    err('性别', `与身份证号不符：身份证号显示为${sex === 'M' ? '男' : '女'}`);
  }
  const phone = cell('联系电话');
  if (phone !== '' && !/^[0-9+\-() ]{5,20}$/.test(phone)) err('联系电话', '应为 5–20 位数字');

  const relation = oneOf('与户主关系', RELATIONS);
  const hukou = oneOf('户籍性质', HUKOU_VALUES);
  const education = oneOf('文化程度', EDUCATION_VALUES);
  const abilityText = oneOf('劳动能力', Object.keys(ABILITY_VALUES) as (keyof typeof ABILITY_VALUES)[]);
  const willingText = oneOf('就业意愿', ['有', '无'] as const);
  const state = oneOf('人员状态', PERSON_STATES);

  const form = oneOf('就业形式', EMPLOYMENT_FORMS);
  const employmentStart = date('就业日期');
  const employer = cell('就业单位') || null;
  if (form && !employmentStart && cell('就业日期') === '') err('就业日期', '填写了就业形式时必填');
  if (!form && (employmentStart || employer)) err('就业形式', '填写了就业单位或就业日期时必填');

  const approved = date('失业登记日期');
  const closed = date('失业登记注销日期');
  const closeReason = oneOf('注销原因', REGISTRATION_CLOSE_REASONS);
  if (closed && !approved) err('失业登记日期', '填写了注销日期时必填');
  if (closed && !closeReason && cell('注销原因') === '') err('注销原因', '填写了注销日期时必填');
  if (closeReason && !closed && cell('失业登记注销日期') === '')
    err('失业登记注销日期', '填写了注销原因时必填');
  if (approved && closed && closed < approved) err('失业登记注销日期', '早于失业登记日期');

  const categoriesText = cell('就业困难人员类别');
  const categories: DifficultyCategory[] = [];
  if (categoriesText !== '') {
    for (const part of categoriesText
      .split(/[、,，;；/]/)
      .map((s) =>
        s
          .trim()
          .replace(/[（）()]/g, '')
          .replace('/', ''),
      )
      .filter(Boolean)) {
      const normalised =
        part === '农村独生子女户/二女户' || part === '农村独生子女户二女户' ? '农村独生子女户二女户' : part;
      if ((DIFFICULTY_CATEGORIES as readonly string[]).includes(normalised))
        categories.push(normalised as DifficultyCategory);
      else err('就业困难人员类别', `"${part}" 不是就业困难人员类别（${DIFFICULTY_CATEGORIES.join('、')}）`);
    }
  }
  const recognized = date('困难认定日期');
  const exited = date('困难退出日期');
  if (categoriesText !== '' && !recognized && cell('困难认定日期') === '')
    err('困难认定日期', '填写了就业困难人员类别时必填');
  if (!categoriesText && (recognized || exited)) err('就业困难人员类别', '填写了认定日期时必填');
  if (recognized && exited && exited < recognized) err('困难退出日期', '早于认定日期');

  const povertyText = cell('建档立卡贫困劳动力');
  const povertyRegister = povertyText === '' ? false : parseYesNo(povertyText);
  if (povertyRegister === null) err('建档立卡贫困劳动力', `"${povertyText}" 应为 是/否`);
  const povertyStatus = oneOf('脱贫状态', POVERTY_STATUSES);
  if (povertyStatus && !povertyRegister)
    warnings.push({ column: '脱贫状态', message: '非建档立卡人员填写了脱贫状态' });
  const dibao = oneOf('低保', DIBAO_VALUES);
  const disabilityNo = cell('残疾证号') || null;
  if (disabilityNo && disabilityNo.length > 30) err('残疾证号', '不能超过 30 个字符');
  const note = cell('备注') || null;
  if (note && note.length > 500) err('备注', '不能超过 500 个字符');

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    warnings,
    entry: {
      unitCode,
      householdNumber,
      relation,
      name,
      idNumber,
      sex,
      birthDate,
      phone: phone || null,
      hukou,
      education,
      ability: abilityText ? ABILITY_VALUES[abilityText] : 'full',
      willing: willingText !== '无',
      state,
      employment: form && employmentStart ? { form, employer, start: employmentStart } : null,
      registration: approved ? { approved, closed, closeReason } : null,
      difficulty: categories.length && recognized ? { categories, recognized, exited } : null,
      povertyRegister: povertyRegister ?? false,
      povertyStatus,
      dibao: dibao === '否' ? null : dibao,
      disabilityNo,
      note,
    },
  };
}
