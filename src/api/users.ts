import { z } from 'zod';
import { ROLES } from '../domain/access.ts';
import { password, recordIdParam, text, unitCode, version } from './common.ts';

export const userView = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES).nullable(),
  roleLabel: z.string().nullable(),
  unitCode: z.string().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  version: z.number(),
});
export type UserView = z.infer<typeof userView>;

export const userListQuery = z.object({ role: z.enum(ROLES).optional(), search: text(64).optional() });
export const userIdParams = z.object({ id: recordIdParam });

export const createUserRequest = z.object({
  username: text(32).pipe(z.string().min(3, '用户名至少 3 位')),
  displayName: text(64),
  password,
});
export const resetPasswordRequest = z.object({ password });
export const setDisabledRequest = z.object({ disabled: z.boolean(), version: version.optional() });
export const assignRoleRequest = z.object({
  role: z.enum(ROLES).nullable(),
  unitCode: unitCode.nullable(),
  version: version.optional(),
});
