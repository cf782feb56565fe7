import { z } from 'zod';
import { EMPLOYMENT_FORMS, SERVICE_TYPES } from '../domain/facts.ts';
import { REQUEST_ITEMS, SERVICE_MODES } from '../domain/service-records.ts';
import { WORK_QUEUE_KINDS } from '../domain/work-queues.ts';
import { isoDate, recordIdParam, recordRef, text, unitCode, version } from './common.ts';
import { personListItem } from './persons.ts';

const enumOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);

/** Money in fen (1 yuan = 100 fen), never a float. */
const fen = z.number().int().min(0).max(1_000_000_000);

/**
 * One service record as the field form sends it. Only `type` is required: the date defaults to today, the 方式
 * to 上门 (电话 for 电话联系), the staff member to the person signed in. Fields of other types are ignored.
 */
export const serviceRecordInput = z.object({
  type: enumOf(SERVICE_TYPES),
  date: isoDate.optional(),
  mode: enumOf(SERVICE_MODES).optional(),
  staff: text(50).optional(),
  content: text(2000).optional(),
  /** 推荐就业 / 公益性岗位安置 */
  employer: text(100).optional(),
  post: text(100).optional(),
  result: text(20).optional(),
  vacancyId: recordRef.optional(),
  /** 推荐就业 with result 已录用: the job, recorded as employment and closing the open registration (就业) */
  employment: z.object({ form: enumOf(EMPLOYMENT_FORMS), start: isoDate }).optional(),
  /** 职业培训 */
  course: text(100).optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  certificate: text(100).optional(),
  /** 政策补贴 */
  policy: text(100).optional(),
  amountFen: fen.optional(),
  subsidyStatus: text(10).optional(),
  /** 服务申请 */
  requestItem: enumOf(REQUEST_ITEMS).optional(),
  fulfilledOn: isoDate.optional(),
});
export type ServiceRecordInputBody = z.infer<typeof serviceRecordInput>;

/** An edit replaces every field but the type and the person; `version` is the one the form was read at. */
export const serviceRecordUpdate = serviceRecordInput
  .omit({ type: true, employment: true })
  .extend({ version });
export const serviceRecordDelete = z.object({ version, reason: text(200).optional() });
export const serviceRequestFulfil = z.object({ version, fulfilledOn: isoDate.optional() });
export const recommendationAccept = z.object({
  version,
  form: enumOf(EMPLOYMENT_FORMS).default('单位就业'),
  start: isoDate.optional(),
});

export const serviceIdParams = z.object({ id: recordIdParam });

export const evidenceFile = z.object({
  id: z.number(),
  filename: z.string(),
  mime: z.string(),
  size: z.number(),
  createdAt: z.string(),
});

export const serviceRecord = z.object({
  id: z.number(),
  personId: z.number(),
  unitCode: z.string(),
  type: z.string(),
  date: z.string(),
  mode: z.string().nullable(),
  staff: z.string().nullable(),
  content: z.string().nullable(),
  employer: z.string().nullable(),
  post: z.string().nullable(),
  result: z.string().nullable(),
  vacancyId: z.number().nullable(),
  employmentSpellId: z.number().nullable(),
  course: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  certificate: z.string().nullable(),
  policy: z.string().nullable(),
  amountFen: z.number().nullable(),
  subsidyStatus: z.string().nullable(),
  requestItem: z.string().nullable(),
  fulfilledOn: z.string().nullable(),
  /** for an open 服务申请: the 30-day limit and the days left (negative: overdue) */
  fulfilDue: z.string().nullable(),
  fulfilDaysLeft: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
  version: z.number(),
  files: z.array(evidenceFile),
});
export type ServiceRecordView = z.infer<typeof serviceRecord>;
export const serviceRecordList = z.object({ personId: z.number(), items: z.array(serviceRecord) });

/** Quick search of the field form. */
export const personSearchQuery = z.object({
  q: text(40).pipe(z.string().min(1, '请输入姓名、拼音首字母或身份证号')),
  unit: unitCode.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export const personSearchResult = z.object({ items: z.array(personListItem), asOf: z.string() });

export const serviceLedgerQuery = z.object({
  unit: unitCode,
  year: z.coerce.number().int().min(2000).max(2100),
});

export const workQueueQuery = z.object({ unit: unitCode.optional(), date: isoDate.optional() });
export const workQueueItem = z.object({
  kind: enumOf(WORK_QUEUE_KINDS),
  title: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  person: z.object({ id: z.number(), name: z.string(), idMasked: z.string() }).nullable(),
  householdId: z.number().nullable(),
  name: z.string(),
  due: z.string().nullable(),
  daysLeft: z.number().nullable(),
  daysOverdue: z.number().nullable(),
  suggested: z.string(),
  action: z.enum(['service', 'fulfilRequest', 'unitRecord']),
  recordId: z.number().nullable(),
  detail: z.string(),
  scored: z.boolean(),
});
const queueCounts = z.record(z.string(), z.number());
export const workQueueResponse = z.object({
  date: z.string(),
  unit: z.object({ code: z.string(), name: z.string(), level: z.number() }),
  counts: queueCounts,
  total: z.number(),
  units: z.array(z.object({ code: z.string(), name: z.string(), counts: queueCounts, total: z.number() })),
  items: z.array(workQueueItem),
});
