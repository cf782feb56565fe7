import { z } from 'zod';
import { SERVICE_MODES } from '../domain/service-records.ts';
import { EDUCATION_VALUES } from '../domain/ledger-entry.ts';
import { isoDate, recordIdParam, recordRef, text, unitCode, version } from './common.ts';
import { personListItem } from './persons.ts';

const enumOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);
const fen = z.number().int().min(0).max(1_000_000_000);
const age = z.number().int().min(16).max(70);

/** 岗位信息 as entered by a village, community or town. Pay in fen; trades a list of 工种. */
export const vacancyInput = z.object({
  unitCode,
  employer: text(100).pipe(z.string().min(1, '请填写用工单位')),
  post: text(100).pipe(z.string().min(1, '请填写岗位')),
  headcount: z.number().int().min(1).max(100_000).default(1),
  payText: text(100).optional(),
  payMinFen: fen.optional(),
  payMaxFen: fen.optional(),
  place: text(100).optional(),
  requirements: text(500).optional(),
  trades: z.array(text(20)).max(20).default([]),
  ageMin: age.optional(),
  ageMax: age.optional(),
  sex: z.enum(['M', 'F']).optional(),
  education: enumOf(EDUCATION_VALUES).optional(),
  contact: text(100).optional(),
  source: text(100).optional(),
  collectedOn: isoDate.optional(),
  validUntil: isoDate.optional(),
  closedOn: isoDate.optional(),
});
export const vacancyUpdate = vacancyInput.omit({ unitCode: true }).extend({ version });
export const vacancyIdParams = z.object({ id: recordIdParam });
export const vacancyQuery = z.object({
  unit: unitCode.optional(),
  /** only vacancies open on this date (default: all, newest first) */
  openOn: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const boardQuery = z.object({ unit: unitCode, date: isoDate.optional() });

export const vacancy = z.object({
  id: z.number(),
  unitCode: z.string(),
  unitName: z.string(),
  employer: z.string(),
  post: z.string(),
  headcount: z.number(),
  payText: z.string().nullable(),
  payMinFen: z.number().nullable(),
  payMaxFen: z.number().nullable(),
  place: z.string().nullable(),
  requirements: z.string().nullable(),
  trades: z.array(z.string()),
  ageMin: z.number().nullable(),
  ageMax: z.number().nullable(),
  sex: z.enum(['M', 'F']).nullable(),
  education: z.string().nullable(),
  contact: z.string().nullable(),
  source: z.string().nullable(),
  collectedOn: z.string(),
  validUntil: z.string().nullable(),
  closedOn: z.string().nullable(),
  open: z.boolean(),
  version: z.number(),
});
export const vacancyList = z.object({ items: z.array(vacancy) });
export const board = z.object({
  unit: z.object({ code: z.string(), name: z.string() }),
  date: z.string(),
  items: z.array(vacancy),
});

const match = z.object({
  score: z.number(),
  place: z.enum(['unit', 'town', 'district']),
  reasons: z.array(z.string()),
});
export const vacancyMatches = z.object({
  personId: z.number(),
  date: z.string(),
  items: z.array(z.object({ vacancy, match })),
});
export const seekerMatches = z.object({
  vacancyId: z.number(),
  date: z.string(),
  items: z.array(z.object({ person: personListItem, match })),
});
export const recommendInput = z.object({
  personId: recordRef,
  date: isoDate.optional(),
  mode: enumOf(SERVICE_MODES).optional(),
  staff: text(50).optional(),
  content: text(2000).optional(),
});
