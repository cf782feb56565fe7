import { z } from 'zod';
import {
  ACTIVITY_KINDS,
  DECLARABLE_LEDGER_CLASSES,
  PUBLICITY_CHANNELS,
  SIX_IN_PLACE,
  UNIT_WORK_TYPES,
} from '../domain/service-records.ts';
import { isoDate, recordIdParam, recordRef, text, unitCode, version } from './common.ts';
import { evidenceFile } from './services.ts';

const enumOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);
const count = z.number().int().min(0).max(1_000_000);

/** 村级工作: one dated record of a village or community; 六到位 names its element, a declaration its class. */
export const unitRecordInput = z.object({
  unitCode,
  type: enumOf(UNIT_WORK_TYPES),
  date: isoDate,
  subtype: enumOf(SIX_IN_PLACE).optional(),
  ledgerClass: enumOf(DECLARABLE_LEDGER_CLASSES).optional(),
  year: z.number().int().min(2000).max(2100).optional(),
  participants: count.optional(),
  title: text(100).optional(),
  note: text(2000).optional(),
});
export const unitRecordUpdate = unitRecordInput.omit({ unitCode: true, type: true }).extend({ version });
export const recordDelete = z.object({ version, reason: text(200).optional() });
export const recordIdParams = z.object({ id: recordIdParam });
export const unitRecordQuery = z.object({
  unit: unitCode,
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  type: enumOf(UNIT_WORK_TYPES).optional(),
});

export const unitRecord = z.object({
  id: z.number(),
  unitCode: z.string(),
  type: z.string(),
  subtype: z.string().nullable(),
  date: z.string(),
  ledgerClass: z.string().nullable(),
  year: z.number(),
  participants: z.number().nullable(),
  title: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
  version: z.number(),
  files: z.array(evidenceFile),
});
export const unitRecordList = z.object({
  unitCode: z.string(),
  year: z.number(),
  items: z.array(unitRecord),
  /** which of the six 到位 have a record dated up to the end of the year */
  sixInPlace: z.array(z.object({ element: z.string(), done: z.boolean() })),
});

/** 宣传动员 / 业务培训 of a town or the district. */
export const activityInput = z.object({
  /** the town or district holding it; default: the actor's own unit (the district for district staff) */
  unitCode: unitCode.optional(),
  kind: enumOf(ACTIVITY_KINDS),
  channel: enumOf(PUBLICITY_CHANNELS).optional(),
  title: text(100).pipe(z.string().min(1, '请填写名称')),
  date: isoDate,
  organiser: text(100).optional(),
  participants: count.optional(),
  audience: text(200).optional(),
  note: text(2000).optional(),
});
export const activityUpdate = activityInput.omit({ unitCode: true, kind: true }).extend({ version });
export const activityQuery = z.object({
  unit: unitCode.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const activity = z.object({
  id: z.number(),
  unitCode: z.string(),
  unitName: z.string(),
  kind: z.string(),
  channel: z.string().nullable(),
  title: z.string(),
  date: z.string(),
  organiser: z.string().nullable(),
  participants: z.number().nullable(),
  audience: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  version: z.number(),
  files: z.array(evidenceFile),
});
export const activityList = z.object({ year: z.number(), items: z.array(activity) });
export const fileIdBody = z.object({ fileId: recordRef });
