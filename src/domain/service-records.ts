/**
 * 服务记录 and 村级工作 (DOMAIN.md §3): what each kind of record carries, the defaults of the field form, and the
 * checks a record must pass whether it comes from the form or the API. Pure: "today" is a parameter.
 */

import type {
  EmploymentForm,
  IsoDate,
  RequestItem,
  ServiceMode,
  ServiceType,
  UnitRecordType,
} from './facts.ts';

/** 方式 */
export const SERVICE_MODES: readonly ServiceMode[] = ['上门', '电话', '到站', '线上'];

/** 服务申请事项 — what a person may ask for (附件 item 4: 职业培训、职业指导等就业准备). */
export const REQUEST_ITEMS: readonly RequestItem[] = ['职业培训', '职业指导', '招聘会', '创业服务'];

/** 推荐就业 结果. 已录用 means the person took the job: it becomes an employment spell. */
export const RECOMMENDATION_RESULTS = ['待反馈', '已录用', '未录用', '本人放弃'] as const;
export const RECOMMENDATION_ACCEPTED = '已录用';

/** 职业培训 结果 */
export const TRAINING_RESULTS = ['在训', '结业', '合格', '不合格', '中途退出'] as const;

/** 政策补贴 status */
export const SUBSIDY_STATUSES = ['已申请', '审核中', '已发放', '未通过'] as const;

/** 六到位 (三(一)): 人员、经费、场地、机构、制度和工作 — recorded as unit records of type 六到位 with this subtype. */
export const SIX_IN_PLACE = ['人员', '经费', '场地', '机构', '制度', '工作'] as const;
export type SixInPlace = (typeof SIX_IN_PLACE)[number];

/** 村级工作 types: the scored ones (DOMAIN.md §3) and 六到位, which the annex does not score. */
export type UnitWorkType = UnitRecordType | '六到位';
export const UNIT_WORK_TYPES: readonly UnitWorkType[] = [
  '领导小组',
  '工作制度',
  '工作计划',
  '工作目标',
  '工作措施',
  '六到位',
  '信息发布栏',
  '岗位信息',
  '培训动员',
  '招聘会动员',
  '创业鼓励',
  '援助活动',
  '无此类人员声明',
];

/** Ledger classes a 无此类人员声明 may name (附件 item 5; the 劳动力 ledger cannot be empty in a real unit). */
export const DECLARABLE_LEDGER_CLASSES = ['失业人员', '就业困难人员', '精准扶贫劳动力'] as const;

/** 镇（街道）、区 activities of 四(三) 广泛宣传 and 四(四) 组织培训. */
export const ACTIVITY_KINDS = ['宣传动员', '业务培训'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
/** 四(三): 召开动员大会、新闻媒体、网络平台、设立宣传专栏 */
export const PUBLICITY_CHANNELS = ['动员大会', '新闻媒体', '网络平台', '宣传专栏'] as const;

/** The field form's default 方式 for a type: a phone contact is by phone, everything else a home visit. */
export function defaultMode(type: ServiceType): ServiceMode {
  return type === '电话联系' ? '电话' : '上门';
}

/** A service record as entered, before defaults. */
export interface ServiceRecordInput {
  type: ServiceType;
  date?: IsoDate | undefined;
  mode?: ServiceMode | undefined;
  staff?: string | undefined;
  content?: string | undefined;
  employer?: string | undefined;
  post?: string | undefined;
  result?: string | undefined;
  vacancyId?: number | undefined;
  /** 推荐就业 accepted: the job it became */
  employment?: { form: EmploymentForm; start: IsoDate } | undefined;
  course?: string | undefined;
  startDate?: IsoDate | undefined;
  endDate?: IsoDate | undefined;
  certificate?: string | undefined;
  policy?: string | undefined;
  amountFen?: number | undefined;
  subsidyStatus?: string | undefined;
  requestItem?: RequestItem | undefined;
  fulfilledOn?: IsoDate | undefined;
}

/** The stored shape: defaults applied, fields of other types dropped. */
export interface ServiceRecordValues {
  type: ServiceType;
  date: IsoDate;
  mode: ServiceMode;
  staff: string;
  content: string | null;
  employer: string | null;
  post: string | null;
  result: string | null;
  vacancyId: number | null;
  employment: { form: EmploymentForm; start: IsoDate } | null;
  course: string | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  certificate: string | null;
  policy: string | null;
  amountFen: number | null;
  subsidyStatus: string | null;
  requestItem: RequestItem | null;
  fulfilledOn: IsoDate | null;
}

export interface FieldProblem {
  path: string;
  message: string;
}

const blank = (s: string | undefined): string | null =>
  s === undefined || s.trim() === '' ? null : s.trim();

/**
 * Applies the field form's defaults (date today, 方式 by type, staff = the person recording) and checks the
 * record: dates not after today, the fields each type needs, and an accepted recommendation's job. Fields that
 * belong to another type are dropped, so a record never carries a stray 课程 on a 走访.
 */
export function prepareServiceRecord(
  input: ServiceRecordInput,
  defaults: { today: IsoDate; staff: string },
): { ok: true; values: ServiceRecordValues } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const t = input.type;
  const date = input.date ?? defaults.today;
  if (date > defaults.today) problems.push({ path: 'date', message: '服务日期不能晚于今天' });
  const is = (...types: ServiceType[]) => types.includes(t);
  const values: ServiceRecordValues = {
    type: t,
    date,
    mode: input.mode ?? defaultMode(t),
    staff: blank(input.staff) ?? defaults.staff,
    content: blank(input.content),
    employer: is('推荐就业', '公益性岗位安置') ? blank(input.employer) : null,
    post: is('推荐就业', '公益性岗位安置') ? blank(input.post) : null,
    result: is('推荐就业', '职业培训', '招聘会', '创业服务', '职业指导', '就业咨询', '公益性岗位安置')
      ? blank(input.result)
      : null,
    vacancyId: is('推荐就业') ? (input.vacancyId ?? null) : null,
    employment: is('推荐就业') ? (input.employment ?? null) : null,
    course: is('职业培训') ? blank(input.course) : null,
    startDate: is('职业培训') ? (input.startDate ?? null) : null,
    endDate: is('职业培训') ? (input.endDate ?? null) : null,
    certificate: is('职业培训') ? blank(input.certificate) : null,
    policy: is('政策补贴') ? blank(input.policy) : null,
    amountFen: is('政策补贴') ? (input.amountFen ?? null) : null,
    subsidyStatus: is('政策补贴') ? blank(input.subsidyStatus) : null,
    requestItem: is('服务申请') ? (input.requestItem ?? null) : null,
    fulfilledOn: is('服务申请') ? (input.fulfilledOn ?? null) : null,
  };

  if (t === '推荐就业') {
    if (!values.employer) problems.push({ path: 'employer', message: '请填写推荐的用人单位' });
    if (!values.post) problems.push({ path: 'post', message: '请填写推荐的岗位' });
    if (values.result !== null && !(RECOMMENDATION_RESULTS as readonly string[]).includes(values.result)) {
      problems.push({ path: 'result', message: `结果应为 ${RECOMMENDATION_RESULTS.join('/')}` });
    }
    if (values.employment) {
      if (values.result !== RECOMMENDATION_ACCEPTED)
        problems.push({ path: 'employment', message: '只有结果为“已录用”时才登记就业' });
      if (values.employment.start > defaults.today)
        problems.push({ path: 'employment.start', message: '就业日期不能晚于今天' });
      if (values.employment.start < date)
        problems.push({ path: 'employment.start', message: '就业日期不能早于推荐日期' });
    }
  }
  if (t === '职业培训') {
    if (!values.course) problems.push({ path: 'course', message: '请填写培训课程（工种）' });
    if (values.startDate && values.endDate && values.endDate < values.startDate)
      problems.push({ path: 'endDate', message: '结束日期不能早于开始日期' });
    if (values.result !== null && !(TRAINING_RESULTS as readonly string[]).includes(values.result)) {
      problems.push({ path: 'result', message: `结果应为 ${TRAINING_RESULTS.join('/')}` });
    }
  }
  if (t === '政策补贴') {
    if (!values.policy) problems.push({ path: 'policy', message: '请填写补贴政策' });
    if (
      values.subsidyStatus !== null &&
      !(SUBSIDY_STATUSES as readonly string[]).includes(values.subsidyStatus)
    ) {
      problems.push({ path: 'subsidyStatus', message: `状态应为 ${SUBSIDY_STATUSES.join('/')}` });
    }
  }
  if (t === '服务申请') {
    if (!values.requestItem) problems.push({ path: 'requestItem', message: '请选择申请事项' });
    if (values.fulfilledOn !== null)
      problems.push(...fulfilmentProblems(date, values.fulfilledOn, defaults.today));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

/** 联系落实 of a 服务申请: on or after the request, not after today. */
export function fulfilmentProblems(
  requestDate: IsoDate,
  fulfilledOn: IsoDate,
  today: IsoDate,
): FieldProblem[] {
  if (fulfilledOn < requestDate) return [{ path: 'fulfilledOn', message: '落实日期不能早于申请日期' }];
  if (fulfilledOn > today) return [{ path: 'fulfilledOn', message: '落实日期不能晚于今天' }];
  return [];
}

/** A 村级工作 record as entered. */
export interface UnitWorkInput {
  type: UnitWorkType;
  date: IsoDate;
  subtype?: string | undefined;
  ledgerClass?: string | undefined;
  /** for 无此类人员声明: the year it speaks for (must be the year of its date, which is what item 5 reads) */
  year?: number | undefined;
  participants?: number | undefined;
  title?: string | undefined;
  note?: string | undefined;
}

/** Checks a unit-level record: date not after today, 六到位 names its element, a declaration its class and year. */
export function unitWorkProblems(input: UnitWorkInput, today: IsoDate): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.date > today) problems.push({ path: 'date', message: '日期不能晚于今天' });
  if (input.type === '六到位' && !(SIX_IN_PLACE as readonly string[]).includes(input.subtype ?? '')) {
    problems.push({ path: 'subtype', message: `请选择到位事项：${SIX_IN_PLACE.join('/')}` });
  }
  if (input.type === '无此类人员声明') {
    if (!(DECLARABLE_LEDGER_CLASSES as readonly string[]).includes(input.ledgerClass ?? '')) {
      problems.push({
        path: 'ledgerClass',
        message: `请选择声明的台账类别：${DECLARABLE_LEDGER_CLASSES.join('/')}`,
      });
    }
    if (input.year !== undefined && String(input.year) !== input.date.slice(0, 4)) {
      problems.push({ path: 'year', message: '声明年度应与声明日期所在年度一致' });
    }
  }
  return problems;
}
