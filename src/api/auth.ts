import { z } from 'zod';
import { ROLES, PERMISSIONS } from '../domain/access.ts';
import { password, text } from './common.ts';

export const loginRequest = z.object({
  username: text(64).pipe(z.string().min(1, '请输入用户名')),
  password,
});

export const meResponse = z.object({
  user: z.object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES).nullable(),
    roleLabel: z.string().nullable(),
    unitCode: z.string().nullable(),
    unitName: z.string().nullable(),
  }),
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string(),
  mustChangePassword: z.boolean(),
  /** the password was right; enter the TOTP code next (POST /api/auth/mfa/verify) */
  mfaPending: z.boolean(),
  /** this role must enrol a second factor before anything else (POST /api/auth/mfa/setup, then /enable) */
  mfaEnrolmentRequired: z.boolean(),
});
export type MeResponse = z.infer<typeof meResponse>;

export const changePasswordRequest = z.object({
  currentPassword: password,
  newPassword: password,
});

export const mfaSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export const mfaEnableRequest = z.object({ code: z.string().regex(/^\d{6}$/, '请输入 6 位数字验证码') });
export const mfaEnableResponse = z.object({ recoveryCodes: z.array(z.string()) });
export const mfaVerifyRequest = z
  .object({
    code: z
      .string()
      .regex(/^\d{6}$/, '请输入 6 位数字验证码')
      .optional(),
    recoveryCode: z
      .string()
      .max(20)
      .regex(/^[\s-]*(?:[0-9A-Fa-f][\s-]*){10}$/, '恢复码应为 10 位字母数字（如 3F2A9-0C7B1）')
      .optional(),
  })
  .refine((v) => !!v.code !== !!v.recoveryCode, '请输入动态验证码或一个恢复码');
