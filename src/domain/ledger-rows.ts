/**
 * 台账导入模板 — the five sheets of the ledger workbook (LEDGER-FORMAT.md): their names, columns, which columns
 * are required or enumerated, and the row rules of the four sheets other than 劳动力 (whose rules live in
 * ledger-entry.ts). The same specification drives the reader (which columns hold dates), the blank template
 * (header notes and drop-down lists) and the export, so a file can go out and come back.
 */

import { isIsoDate } from './dates.ts';
import {
  DIFFICULTY_CATEGORIES,
  EMPLOYMENT_FORMS,
  REGISTRATION_CLOSE_REASONS,
  SERVICE_TYPES,
  type EmploymentForm,
  type IsoDate,
  type LedgerClass,
  type RegistrationCloseReason,
  type RequestItem,
  type ServiceMode,
  type ServiceType,
  type UnitRecordType,
} from './facts.ts';
import { parseIdNumber } from './id-number.ts';
import {
  ABILITY_VALUES,
  DIBAO_VALUES,
  EDUCATION_VALUES,
  HUKOU_VALUES,
  LABOUR_COLUMNS,
  LABOUR_REQUIRED,
  PERSON_STATES,
  POVERTY_STATUSES,
  RELATIONS,
  normaliseText,
  parseDateText,
  type CellProblem,
  type PersonEntry,
} from './ledger-entry.ts';

/** The sheets, in the order the template and the export write them (and the importer prefers). */
export const LEDGER_SHEETS = ['劳动力', '就业失业记录', '服务记录', '零就业家庭', '村级工作'] as const;
export type LedgerSheet = (typeof LEDGER_SHEETS)[number];

/** A sheet of instructions the template carries; the importer passes over it silently. */
export const INSTRUCTIONS_SHEET = '填写说明';
/** The column the error workbook adds; the importer ignores it, so a corrected error workbook re-imports. */
export const ERROR_COLUMN = '错误说明';

/** 就业失业记录 events. */
export const HISTORY_EVENTS = ['就业', '离职', '失业登记', '注销失业登记'] as const;
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];
export const SERVICE_MODES: readonly ServiceMode[] = ['上门', '电话', '到站', '线上'];
export const REQUEST_ITEMS: readonly RequestItem[] = ['职业培训', '职业指导', '招聘会', '创业服务'];
export const UNIT_RECORD_TYPES: readonly UnitRecordType[] = [
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
  '援助活动',
  '无此类人员声明',
];
export const LEDGER_CLASSES: readonly LedgerClass[] = ['失业人员', '就业困难人员', '精准扶贫劳动力'];

/**
 * How a column's cells are read and written: `id` and `code` are digit strings that must never become
 * numbers; `date` cells may be Excel dates; `enum` takes one listed value, `multi` several separated by 、.
 */
export type ColumnKind = 'text' | 'code' | 'id' | 'date' | 'integer' | 'enum' | 'multi';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  required: boolean;
  values?: readonly string[];
  /** the rule in a sentence, shown as the header's note in the template */
  note: string;
}

const col = (name: string, kind: ColumnKind, note: string, values?: readonly string[]): ColumnSpec => ({
  name,
  kind,
  required: false,
  note,
  ...(values ? { values } : {}),
});
const req = (spec: ColumnSpec): ColumnSpec => ({ ...spec, required: true, note: `必填。${spec.note}` });

const UNIT_CODE = req(col('村（社区）代码', 'code', '12 位统计用区划代码'));
const ID_NUMBER = req(col('身份证号', 'id', '18 位（15 位自动转换为 18 位），校验位须正确；本列为文本格式'));

const LABOUR_SPECS: Record<string, ColumnSpec> = {
  '村（社区）代码': UNIT_CODE,
  户编号: req(col('户编号', 'code', '户的编号，本村（社区）内唯一')),
  与户主关系: col('与户主关系', 'enum', '', RELATIONS),
  姓名: req(col('姓名', 'text', '')),
  身份证号: ID_NUMBER,
  性别: col('性别', 'enum', '可不填；填写时须与身份证号一致', ['男', '女']),
  联系电话: col('联系电话', 'code', ''),
  户籍性质: col('户籍性质', 'enum', '', HUKOU_VALUES),
  文化程度: col('文化程度', 'enum', '', EDUCATION_VALUES),
  劳动能力: col('劳动能力', 'enum', '空白视为“完全”', Object.keys(ABILITY_VALUES)),
  就业意愿: col('就业意愿', 'enum', '空白视为“有”', ['有', '无']),
  人员状态: col('人员状态', 'enum', '空白表示不属于这几种情况', PERSON_STATES),
  就业形式: col('就业形式', 'enum', '当前的就业；空白表示未就业', EMPLOYMENT_FORMS),
  就业单位: col('就业单位', 'text', ''),
  就业日期: col('就业日期', 'date', '填写就业形式时必填：本次就业的开始日期'),
  失业登记日期: col('失业登记日期', 'date', '最近一次失业登记的审核通过日期'),
  失业登记注销日期: col('失业登记注销日期', 'date', ''),
  注销原因: col('注销原因', 'enum', '填写注销日期时必填', REGISTRATION_CLOSE_REASONS),
  就业困难人员类别: col('就业困难人员类别', 'multi', '可填多个，用“、”分隔', DIFFICULTY_CATEGORIES),
  困难认定日期: col('困难认定日期', 'date', '填写类别时必填：认定（审批）日期'),
  困难退出日期: col('困难退出日期', 'date', ''),
  建档立卡贫困劳动力: col('建档立卡贫困劳动力', 'enum', '也可填 Y/N、1/0', ['是', '否']),
  脱贫状态: col('脱贫状态', 'enum', '', POVERTY_STATUSES),
  低保: col('低保', 'enum', '', DIBAO_VALUES),
  残疾证号: col('残疾证号', 'code', ''),
  备注: col('备注', 'text', ''),
};

/** Every sheet's columns, in the template's order. */
export const SHEET_COLUMNS: Record<LedgerSheet, readonly ColumnSpec[]> = {
  劳动力: LABOUR_COLUMNS.map((c) =>
    LABOUR_REQUIRED.includes(c) ? { ...LABOUR_SPECS[c]!, required: true } : LABOUR_SPECS[c]!,
  ),
  就业失业记录: [
    ID_NUMBER,
    req(col('日期', 'date', '事件发生（审核通过）的日期')),
    req(col('事件', 'enum', '就业、离职、失业登记、注销失业登记', HISTORY_EVENTS)),
    col('就业形式', 'enum', '事件为“就业”时必填', EMPLOYMENT_FORMS),
    col('就业单位', 'text', '事件为“就业”时填写'),
    col('注销原因', 'enum', '事件为“注销失业登记”时必填', REGISTRATION_CLOSE_REASONS),
  ],
  服务记录: [
    { ...ID_NUMBER, note: `${ID_NUMBER.note}；人员须已在系统中或在本工作簿的劳动力表中` },
    req(col('服务类型', 'enum', '', SERVICE_TYPES)),
    req(col('服务日期', 'date', '')),
    col('方式', 'enum', '', SERVICE_MODES),
    col('申请事项', 'enum', '服务类型为“服务申请”时必填', REQUEST_ITEMS),
    col('落实日期', 'date', '服务申请联系落实的日期'),
    col('单位岗位', 'text', '推荐就业时填写用人单位和岗位'),
    col('结果', 'text', ''),
    col('经办人', 'text', ''),
    col('内容', 'text', ''),
  ],
  零就业家庭: [
    UNIT_CODE,
    req(col('户编号', 'code', '须为劳动力表中的户')),
    req(col('认定日期', 'date', '')),
    col('备注', 'text', ''),
  ],
  村级工作: [
    UNIT_CODE,
    req(col('类型', 'enum', '', UNIT_RECORD_TYPES)),
    req(col('日期', 'date', '')),
    col('子类', 'enum', '类型为“无此类人员声明”时必填', LEDGER_CLASSES),
    col('参与人数', 'integer', '整数'),
    col('说明', 'text', ''),
  ],
};

/** A sheet name as written by hand → the sheet it is (`劳动力台账`, `劳动力表` and ` 劳动力 ` are 劳动力). */
export function matchSheetName(name: string): LedgerSheet | null {
  const v = normaliseText(name).replace(/\s+/g, '');
  for (const s of LEDGER_SHEETS) {
    if (v === s || v === `${s}台账` || v === `${s}表` || v === `${s}登记表`) return s;
  }
  return null;
}

/** The column spec of `sheet` named `header` (already canonical), or undefined for an unknown column. */
export function columnSpec(sheet: LedgerSheet, header: string): ColumnSpec | undefined {
  return SHEET_COLUMNS[sheet].find((c) => c.name === header);
}

export type RowResult<T> =
  { ok: true; entry: T; warnings: CellProblem[] } | { ok: false; errors: CellProblem[] };
type Raw = Partial<Record<string, string | null | undefined>>;

/** Reads one row's cells against a sheet's rules, collecting every problem before giving up. */
function rowReader(sheet: LedgerSheet, raw: Raw, today: IsoDate) {
  const errors: CellProblem[] = [];
  const warnings: CellProblem[] = [];
  const cell = (c: string): string => normaliseText(raw[c] ?? '');
  const err = (column: string, message: string) => errors.push({ column, message });
  for (const c of SHEET_COLUMNS[sheet]) if (c.required && cell(c.name) === '') err(c.name, '必填，不能为空');
  return {
    errors,
    warnings,
    cell,
    err,
    text(c: string, max: number): string | null {
      const v = cell(c);
      if (v.length > max) err(c, `不能超过 ${max} 个字符`);
      return v === '' ? null : v;
    },
    oneOf<T extends string>(c: string, values: readonly T[]): T | null {
      const v = cell(c);
      if (v === '') return null;
      if (!(values as readonly string[]).includes(v)) {
        err(c, `"${v}" 不是可选值（${values.join(' / ')}）`);
        return null;
      }
      return v as T;
    },
    date(c: string): IsoDate | null {
      const v = cell(c);
      if (v === '') return null;
      const d = isIsoDate(v) ? v : parseDateText(v);
      if (d === null) {
        err(c, `"${v}" 不是有效日期（应为 YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日）`);
        return null;
      }
      if (d > today) err(c, `日期 ${d} 晚于今天`);
      return d;
    },
    idNumber(c: string): string {
      const v = cell(c);
      if (v === '') return '';
      const parsed = parseIdNumber(v);
      if (!parsed.ok) {
        err(c, parsed.reason);
        return '';
      }
      return parsed.idNumber;
    },
    unitCode(c: string): string {
      const v = cell(c);
      if (v !== '' && !/^\d{12}$/.test(v)) err(c, '应为 12 位统计用区划代码');
      return v;
    },
  };
}

function result<T>(r: { errors: CellProblem[]; warnings: CellProblem[] }, entry: () => T): RowResult<T> {
  return r.errors.length
    ? { ok: false, errors: r.errors }
    : { ok: true, entry: entry(), warnings: r.warnings };
}

/** A 就业失业记录 row: one dated event in a person's history. */
export interface HistoryEntry {
  idNumber: string;
  date: IsoDate;
  event: HistoryEvent;
  form: EmploymentForm | null;
  employer: string | null;
  closeReason: RegistrationCloseReason | null;
}

export function validateHistoryRow(raw: Raw, today: IsoDate): RowResult<HistoryEntry> {
  const r = rowReader('就业失业记录', raw, today);
  const idNumber = r.idNumber('身份证号');
  const date = r.date('日期');
  const event = r.oneOf('事件', HISTORY_EVENTS);
  const form = r.oneOf('就业形式', EMPLOYMENT_FORMS);
  const employer = r.text('就业单位', 100);
  const closeReason = r.oneOf('注销原因', REGISTRATION_CLOSE_REASONS);
  if (event === '就业' && !form && r.cell('就业形式') === '') r.err('就业形式', '事件为“就业”时必填');
  if (event === '注销失业登记' && !closeReason && r.cell('注销原因') === '')
    r.err('注销原因', '事件为“注销失业登记”时必填');
  if (event && event !== '就业' && (form || employer))
    r.err(event === '离职' ? '就业形式' : '就业形式', '只有事件为“就业”时才填写就业形式和就业单位');
  if (event && event !== '注销失业登记' && closeReason)
    r.err('注销原因', '只有事件为“注销失业登记”时才填写注销原因');
  return result(r, () => ({ idNumber, date: date!, event: event!, form, employer, closeReason }));
}

/** A 服务记录 row: one service to one person. */
export interface ServiceEntry {
  idNumber: string;
  type: ServiceType;
  date: IsoDate;
  mode: ServiceMode | null;
  requestItem: RequestItem | null;
  fulfilled: IsoDate | null;
  employerPost: string | null;
  result: string | null;
  staff: string | null;
  content: string | null;
}

export function validateServiceRow(raw: Raw, today: IsoDate): RowResult<ServiceEntry> {
  const r = rowReader('服务记录', raw, today);
  const idNumber = r.idNumber('身份证号');
  const type = r.oneOf('服务类型', SERVICE_TYPES);
  const date = r.date('服务日期');
  const mode = r.oneOf('方式', SERVICE_MODES);
  const requestItem = r.oneOf('申请事项', REQUEST_ITEMS);
  const fulfilled = r.date('落实日期');
  if (type === '服务申请' && !requestItem && r.cell('申请事项') === '')
    r.err('申请事项', '服务类型为“服务申请”时必填');
  if (type && type !== '服务申请' && (requestItem || fulfilled)) {
    r.err(requestItem ? '申请事项' : '落实日期', '只有服务类型为“服务申请”时才填写申请事项和落实日期');
  }
  if (date && fulfilled && fulfilled < date) r.err('落实日期', '早于服务日期');
  const employerPost = r.text('单位岗位', 200);
  const outcome = r.text('结果', 200);
  const staff = r.text('经办人', 50);
  const content = r.text('内容', 1000);
  return result(r, () => ({
    idNumber,
    type: type!,
    date: date!,
    mode,
    requestItem,
    fulfilled,
    employerPost,
    result: outcome,
    staff,
    content,
  }));
}

/** A 零就业家庭 row: one recognition (认定) of a household. */
export interface ZeroEmploymentEntry {
  unitCode: string;
  householdNumber: string;
  recognized: IsoDate;
  note: string | null;
}

export function validateZeroEmploymentRow(raw: Raw, today: IsoDate): RowResult<ZeroEmploymentEntry> {
  const r = rowReader('零就业家庭', raw, today);
  const unitCode = r.unitCode('村（社区）代码');
  const householdNumber = r.text('户编号', 40) ?? '';
  const recognized = r.date('认定日期');
  const note = r.text('备注', 500);
  return result(r, () => ({ unitCode, householdNumber, recognized: recognized!, note }));
}

/** A 村级工作 row: one unit-level record (organisation, information board, mobilisation, declaration…). */
export interface UnitRecordEntry {
  unitCode: string;
  type: UnitRecordType;
  date: IsoDate;
  ledgerClass: LedgerClass | null;
  participants: number | null;
  note: string | null;
}

export function validateUnitRecordRow(raw: Raw, today: IsoDate): RowResult<UnitRecordEntry> {
  const r = rowReader('村级工作', raw, today);
  const unitCode = r.unitCode('村（社区）代码');
  const type = r.oneOf('类型', UNIT_RECORD_TYPES);
  const date = r.date('日期');
  const ledgerClass = r.oneOf('子类', LEDGER_CLASSES);
  if (type === '无此类人员声明' && !ledgerClass && r.cell('子类') === '')
    r.err('子类', '类型为“无此类人员声明”时必填');
  if (type && type !== '无此类人员声明' && ledgerClass)
    r.err('子类', '只有类型为“无此类人员声明”时才填写子类');
  const count = r.cell('参与人数');
  let participants: number | null = null;
  if (count !== '') {
    if (!/^\d{1,6}$/.test(count)) r.err('参与人数', `"${count}" 应为不超过 999999 的整数`);
    else participants = Number(count);
  }
  const note = r.text('说明', 500);
  return result(r, () => ({ unitCode, type: type!, date: date!, ledgerClass, participants, note }));
}

/**
 * A 劳动力 entry that is valid but contradicts itself as the rules read it (LEDGER-FORMAT "Bad rows": imported
 * with a warning; it will show up as a data-quality finding and can cost annex item 5 its points).
 */
export function entryConsistencyWarnings(e: PersonEntry, today: IsoDate): CellProblem[] {
  const open = e.registration !== null && (e.registration.closed === null || e.registration.closed > today);
  const warnings: CellProblem[] = [];
  if (open && e.employment)
    warnings.push({ column: '失业登记注销日期', message: '已就业但失业登记未注销：台账将与实际不符' });
  if (open && e.state === '领取养老金')
    warnings.push({ column: '失业登记注销日期', message: '领取养老金但失业登记未注销：台账将与实际不符' });
  return warnings;
}
