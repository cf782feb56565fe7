import { z } from 'zod';
import { ROLES, PERMISSIONS } from '../domain/access.ts';
import { text } from './common.ts';

export const loginRequest = z.object({
  username: text(64).pipe(z.string().min(1, '请输入用户名')),
  password: z.string().min(1, '请输入密码').max(128, '密码过长'),
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
});
export type MeResponse = z.infer<typeof meResponse>;

export const changePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});
