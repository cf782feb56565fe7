import type { Dayjs } from 'dayjs';
import {
  EMPLOYMENT_FORMS,
  SERVICE_TYPES,
  type EmploymentForm,
  type RequestItem,
  type ServiceMode,
  type ServiceType,
} from '../../domain/facts.ts';
import { RECOMMENDATION_ACCEPTED, defaultMode } from '../../domain/service-records.ts';
import type { ServiceInput, ServiceRecordView, ServiceUpdate } from '../api/services-hooks.ts';

/** The types on the field form, most frequent first (a visit and a phone call are most of the work). */
export const FIELD_TYPES: readonly ServiceType[] = SERVICE_TYPES;

/** Types whose record needs more than a date: their details open by themselves. */
export const TYPES_WITH_REQUIRED_DETAILS: readonly ServiceType[] = [
  '推荐就业',
  '职业培训',
  '政策补贴',
  '服务申请',
];

export const TYPE_COLORS: Partial<Record<ServiceType, string>> = {
  走访: 'blue',
  电话联系: 'cyan',
  推荐就业: 'green',
  职业培训: 'purple',
  服务申请: 'orange',
  政策补贴: 'gold',
  公益性岗位安置: 'magenta',
};

/** What the details part of the form holds (antd Form values; dates as dayjs). */
export interface ServiceFormValues {
  date?: Dayjs | null;
  mode?: ServiceMode;
  staff?: string;
  content?: string;
  employer?: string;
  post?: string;
  result?: string;
  employmentForm?: EmploymentForm;
  employmentStart?: Dayjs | null;
  course?: string;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  certificate?: string;
  policy?: string;
  /** yuan, as typed; sent in fen */
  amountYuan?: number | null;
  subsidyStatus?: string;
  requestItem?: RequestItem;
  fulfilledOn?: Dayjs | null;
}

const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
const str = (s: string | undefined | null) => {
  const t = s?.trim();
  return t ? t : undefined;
};

/** Yuan as typed → fen, never through a float sum (¥12.34 → 1234). */
export function yuanToFen(yuan: number | null | undefined): number | undefined {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return undefined;
  return Math.round(yuan * 100);
}

export function fenToYuan(fen: number | null): number | null {
  return fen === null ? null : fen / 100;
}

/**
 * The body of a new record. Only what was filled is sent: the server fills the date (today), the 方式 (by
 * type) and the staff member (the person signed in). An accepted recommendation carries its employment.
 */
export function toServiceBody(type: ServiceType, v: ServiceFormValues, today?: string): ServiceInput {
  const body: ServiceInput = { type };
  const set = <K extends keyof ServiceInput>(k: K, value: ServiceInput[K] | undefined) => {
    if (value !== undefined) body[k] = value;
  };
  set('date', iso(v.date));
  if (v.mode && v.mode !== defaultMode(type)) set('mode', v.mode);
  set('staff', str(v.staff));
  set('content', str(v.content));
  if (type === '推荐就业' || type === '公益性岗位安置') {
    set('employer', str(v.employer));
    set('post', str(v.post));
  }
  if (type === '推荐就业') {
    set('result', str(v.result));
    if (v.result === RECOMMENDATION_ACCEPTED) {
      // The job starts on the day given, else the day of the recommendation, else today — sent with the
      // record's own date so that the two agree whatever the server's clock says.
      const start = iso(v.employmentStart) ?? iso(v.date) ?? today;
      if (start) {
        if (!body.date && today) body.date = start < today ? start : today;
        set('employment', { form: v.employmentForm ?? '单位就业', start });
      }
    }
  }
  if (type === '职业培训') {
    set('course', str(v.course));
    set('startDate', iso(v.startDate));
    set('endDate', iso(v.endDate));
    set('result', str(v.result));
    set('certificate', str(v.certificate));
  }
  if (type === '政策补贴') {
    set('policy', str(v.policy));
    set('amountFen', yuanToFen(v.amountYuan));
    set('subsidyStatus', str(v.subsidyStatus));
  }
  if (type === '服务申请') {
    set('requestItem', v.requestItem);
    set('fulfilledOn', iso(v.fulfilledOn));
  }
  return body;
}

/** An edit sends every field of the record again (blank ones included), with the version it was read at. */
export function toServiceUpdate(record: ServiceRecordView, v: ServiceFormValues): ServiceUpdate {
  const {
    type: _type,
    employment: _employment,
    ...rest
  } = toServiceBody(record.type as ServiceType, {
    ...v,
    // an edit never records employment: that is the accept action
    result:
      v.result === RECOMMENDATION_ACCEPTED && record.type === '推荐就业'
        ? (record.result ?? undefined)
        : v.result,
  });
  return {
    ...rest,
    mode: v.mode ?? (record.mode as ServiceMode | null) ?? undefined,
    version: record.version,
  };
}

/** A stored record back into form values, for editing. */
export function recordToValues(r: ServiceRecordView, day: (s: string) => Dayjs): ServiceFormValues {
  const d = (s: string | null) => (s ? day(s) : null);
  const u = (s: string | null) => s ?? undefined;
  return {
    date: day(r.date),
    mode: (r.mode as ServiceMode | null) ?? undefined,
    staff: u(r.staff),
    content: u(r.content),
    employer: u(r.employer),
    post: u(r.post),
    result: u(r.result),
    course: u(r.course),
    startDate: d(r.startDate),
    endDate: d(r.endDate),
    certificate: u(r.certificate),
    policy: u(r.policy),
    amountYuan: fenToYuan(r.amountFen),
    subsidyStatus: u(r.subsidyStatus),
    requestItem: (r.requestItem as RequestItem | null) ?? undefined,
    fulfilledOn: d(r.fulfilledOn),
  };
}

/** One line about a record for lists: 单位·岗位·结果, 课程, 政策·金额, 申请事项·落实. */
export function describeRecord(r: ServiceRecordView): string {
  const parts: string[] = [];
  if (r.employer || r.post) parts.push([r.employer, r.post].filter(Boolean).join(' · '));
  if (r.course) parts.push(`课程：${r.course}`);
  if (r.startDate || r.endDate) parts.push(`${r.startDate ?? ''} 至 ${r.endDate ?? ''}`);
  if (r.certificate) parts.push(`证书：${r.certificate}`);
  if (r.policy) parts.push(`政策：${r.policy}`);
  if (r.amountFen !== null) parts.push(`金额 ${(r.amountFen / 100).toFixed(2)} 元`);
  if (r.subsidyStatus) parts.push(r.subsidyStatus);
  if (r.requestItem) parts.push(`申请：${r.requestItem}`);
  if (r.result) parts.push(`结果：${r.result}`);
  return parts.join('；');
}

export const EMPLOYMENT_FORM_OPTIONS = EMPLOYMENT_FORMS.map((f) => ({ value: f, label: f }));

/** 1234567 bytes → “1.2 MB”. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The evidence kinds the server accepts (it tells the kind by the bytes; this only filters the picker). */
export const EVIDENCE_ACCEPT = '.jpg,.jpeg,.png,.gif,.webp,.heic,.pdf,.doc,.docx,.xls,.xlsx,image/*';
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;
