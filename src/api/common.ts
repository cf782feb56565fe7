import { z } from 'zod';
import { isIsoDate } from '../domain/dates.ts';

// Validation messages in Chinese wherever a schema gives none of its own.
z.config(z.locales.zhCN());

/** Control characters other than TAB, LF and CR, and the bidi overrides that make text read other than it is. */
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

/** Free text from a form: trimmed, bounded, and free of control and bidi-override characters. */
export const text = (max: number) =>
  z
    .string()
    .max(max, `不能超过 ${max} 个字符`)
    .refine((s) => !FORBIDDEN_CHARACTERS.test(s), '含有不允许的控制字符')
    .transform((s) => s.trim());

/**
 * A password as typed: not trimmed, at most 128 characters, none of them a control or bidi-override
 * character (no keyboard types one; a password holding one could not be typed again).
 */
export const password = z
  .string()
  .min(1, '请输入密码')
  .max(128, '密码过长')
  .refine((s) => !FORBIDDEN_CHARACTERS.test(s), '密码含有不允许的控制字符');

export const unitCode = z.string().regex(/^\d{12}$/, '应为 12 位统计用区划代码');
/** A calendar day written YYYY-MM-DD: 2026-02-30 or 2026-13-01 are refused here, not deep in a service. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isIsoDate, '没有这一天，请检查日期');

/** Record numbers and versions are 32-bit integers in the database: a larger one refers to nothing. */
export const MAX_RECORD_NUMBER = 2_147_483_647;

export const version = z.number().int().nonnegative().max(MAX_RECORD_NUMBER, '版本号无效');

/** A record number in a JSON body (a person, a vacancy, a file…). */
export const recordRef = z.number().int().positive().max(MAX_RECORD_NUMBER, '编号无效');

/**
 * A record number in a path, exactly as the app writes it: decimal digits, no sign, no leading zero, no
 * spaces — `0x1`, `1e0`, ` 1` or `01` name no record, rather than record 1.
 */
export const recordIdParam = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, '编号应为正整数')
  .transform(Number)
  .pipe(z.number().max(MAX_RECORD_NUMBER, '编号无效'));

/** A year in a path: four digits. */
export const yearParam = z
  .string()
  .regex(/^\d{4}$/, '年度应为四位数字')
  .transform(Number)
  .pipe(z.number().min(2000, '年度无效').max(2100, '年度无效'));

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});

/**
 * The body of a write that takes none (sign out, delete a file…): nothing (the framework passes null), or an
 * empty object, as the web client sends. Anything else is refused rather than ignored, so a malformed request
 * never acts.
 */
export const noBody = z.strictObject({}).nullish();

export const okBody = z.object({ ok: z.literal(true) });
