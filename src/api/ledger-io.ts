import { z } from 'zod';
import { text, unitCode } from './common.ts';

/** The ledger workbook over HTTP: import (upload, progress, error workbook), export and the blank template. */

const flag = z.enum(['true', 'false']);

export const importQuery = z.object({
  /** apply the valid rows even when some are rejected (default: all or nothing) */
  partial: flag.optional(),
  /** answer when the import is done (default); `false` answers at once with a job to poll */
  wait: flag.optional(),
});

export const importJobParams = z.object({ id: z.uuid('导入编号无效') });

export const sheetCounts = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
});

export const importReport = z.object({
  applied: z.boolean(),
  partial: z.boolean(),
  filename: z.string(),
  sheets: z.array(z.string()),
  counts: z.record(z.string(), sheetCounts),
  total: sheetCounts,
  /** the first rejected cells (all of them are in the error workbook) */
  rejected: z.array(z.object({ sheet: z.string(), row: z.number(), column: z.string(), reason: z.string() })),
  rejectedRows: z.number(),
  rejectedTruncated: z.boolean(),
  warnings: z.array(
    z.object({
      sheet: z.string().nullable(),
      row: z.number().nullable(),
      column: z.string().nullable(),
      message: z.string(),
    }),
  ),
  /** where to download the original file with its 错误说明 column, when rows were rejected */
  errorWorkbookUrl: z.string().nullable(),
  message: z.string(),
});
export type ImportReportBody = z.infer<typeof importReport>;

export const importJob = z.object({
  id: z.string(),
  filename: z.string(),
  phase: z.enum(['uploading', 'checking', 'reading', 'finishing', 'done']),
  sheet: z.string().nullable(),
  rowsRead: z.number(),
  done: z.boolean(),
  report: importReport.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ImportJobBody = z.infer<typeof importJob>;

export const ledgerKind = z.enum(['labour', 'unemployed', 'difficulty', 'poverty']);

export const exportQuery = z
  .object({
    ledger: ledgerKind,
    /** a village, a town or the district; default: everything the account sees */
    unit: unitCode.optional(),
    /** `false` exports the full numbers (needs the reveal permission and a reason) */
    masked: flag.optional(),
    reason: text(200).optional(),
  })
  .refine((q) => q.masked !== 'false' || (q.reason?.trim().length ?? 0) >= 2, {
    message: '导出完整号码须填写理由',
    path: ['reason'],
  });

/** Rejected cells listed in a response; the error workbook has every one. */
export const MAX_REJECTED_IN_RESPONSE = 1000;
