import { z } from 'zod';
import { text } from './common.ts';

export const auditQuery = z.object({
  actor: text(64).optional(),
  action: text(64).optional(),
  objectType: text(32).optional(),
  objectId: text(64).optional(),
  from: z
    .string()
    .datetime({ offset: true })
    .or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
    .optional(),
  to: z
    .string()
    .datetime({ offset: true })
    .or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
    .optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditRecord = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  role: z.string().nullable(),
  scope: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  result: z.string(),
  requestId: z.string().nullable(),
  detail: z.string().nullable(),
});

export const auditPage = z.object({ items: z.array(auditRecord), nextBeforeSeq: z.number().nullable() });
export const auditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number(),
  firstBroken: z.object({ seq: z.number(), problem: z.string() }).nullable(),
});
