import { z } from 'zod';

// Validation messages in Chinese wherever a schema gives none of its own.
z.config(z.locales.zhCN());

/** Free text from a form: trimmed, bounded, and free of control and bidi-override characters. */
export const text = (max: number) =>
  z
    .string()
    .max(max, `不能超过 ${max} 个字符`)
    .refine(
      // eslint-disable-next-line no-control-regex -- the point is to refuse control characters
      (s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(s),
      '含有不允许的控制字符',
    )
    .transform((s) => s.trim());

export const unitCode = z.string().regex(/^\d{12}$/, '应为 12 位统计用区划代码');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const version = z.number().int().nonnegative();

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});

export const okBody = z.object({ ok: z.literal(true) });
