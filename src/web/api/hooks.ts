import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { auditPage, auditVerifyResponse } from '../../api/audit.ts';
import type { MeResponse } from '../../api/auth.ts';
import type { loadUnitsResponse, UnitDetail, UnitView } from '../../api/units.ts';
import type { UserView } from '../../api/users.ts';
import type { Role } from '../../domain/access.ts';
import { api, isApiError, setCsrfToken, type QueryValue } from './client.ts';

export type AuditPage = z.infer<typeof auditPage>;
export type AuditRecord = AuditPage['items'][number];
export type AuditVerify = z.infer<typeof auditVerifyResponse>;
export type LoadUnitsReport = z.infer<typeof loadUnitsResponse>;

/** Query keys in one place, so a mutation knows what to refresh. */
export const keys = {
  me: ['me'] as const,
  units: (q: Record<string, QueryValue> = {}) => ['units', q] as const,
  unit: (code: string) => ['units', 'detail', code] as const,
  users: (kind: 'accounts' | 'roles', q: Record<string, QueryValue>) => ['users', kind, q] as const,
  audit: (q: Record<string, QueryValue>) => ['audit', q] as const,
};

// ---- session ----

/** The signed-in user, or null when nobody is signed in (a 401 is an answer here, not an error). */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async (): Promise<MeResponse | null> => {
      try {
        const me = await api.get<MeResponse>('/api/auth/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (e) {
        if (isApiError(e) && e.code === 'UNAUTHENTICATED') {
          setCsrfToken(null);
          return null;
        }
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
    meta: { silent: true },
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      api.post<MeResponse>('/api/auth/login', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      // Whatever the previous user could see must not linger in the cache.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      qc.setQueryData(keys.me, me);
    },
    meta: { silent: true },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(keys.me, null);
    },
  });
}

/** The second step of sign-in: a TOTP code or a recovery code. */
export function useVerifyMfa() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { code?: string; recoveryCode?: string }) =>
      api.post<MeResponse>('/api/auth/mfa/verify', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      qc.setQueryData(keys.me, me);
    },
    meta: { silent: true },
  });
}

export function useMfaSetup() {
  return useMutation({
    mutationFn: () => api.post<{ secret: string; otpauthUrl: string; qrSvg: string }>('/api/auth/mfa/setup'),
  });
}

export function useMfaEnable() {
  return useMutation({
    mutationFn: (body: { code: string }) =>
      api.post<{ recoveryCodes: string[] }>('/api/auth/mfa/enable', body),
    meta: { silent: true },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post<{ ok: true }>('/api/auth/password', body),
    onSuccess: () => {
      // Lift the block at once, so the guard lets the next page open before /me is fetched again.
      qc.setQueryData<MeResponse | null>(keys.me, (old) =>
        old ? { ...old, mustChangePassword: false } : old,
      );
      return qc.invalidateQueries({ queryKey: keys.me });
    },
    meta: { silent: true },
  });
}

// ---- units ----

export function useUnits(
  q: { parentCode?: string; kind?: UnitView['kind']; includeInactive?: boolean } = {},
  enabled = true,
) {
  const query = {
    parentCode: q.parentCode,
    kind: q.kind,
    includeInactive: q.includeInactive ? 'true' : undefined,
  };
  return useQuery({
    queryKey: keys.units(query),
    queryFn: () => api.get<UnitView[]>('/api/units', query),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** One unit with its history. A 404 (absent or outside the user's scope) is left to the page to show. */
export function useUnit(code: string) {
  return useQuery({
    queryKey: keys.unit(code),
    queryFn: () => api.get<UnitDetail>(`/api/units/${encodeURIComponent(code)}`),
    retry: false,
    meta: { silent: true },
  });
}

export function useLoadUnits() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) => api.post<LoadUnitsReport>('/api/admin/units/load', { csv }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['units'] }),
  });
}

export function useRenameUnit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...body }: { code: string; officialName: string; version: number; note?: string }) =>
      api.post<UnitDetail>(`/api/admin/units/${code}/rename`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['units'] }),
  });
}

export function useMergeUnit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...body }: { code: string; into: string; version: number; note?: string }) =>
      api.post<UnitDetail>(`/api/admin/units/${code}/merge`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['units'] }),
  });
}

// ---- accounts and roles ----

/** Accounts as the system administrator (`accounts`) or the security administrator (`roles`) sees them. */
export function useUsers(kind: 'accounts' | 'roles', q: { role?: Role; search?: string } = {}) {
  const query = { role: q.role, search: q.search };
  return useQuery({
    queryKey: keys.users(kind, query),
    queryFn: () => api.get<UserView[]>(kind === 'accounts' ? '/api/admin/users' : '/api/admin/roles', query),
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; displayName: string; password: string }) =>
      api.post<UserView>('/api/admin/users', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
    meta: { silent: true },
  });
}

export function useSetDisabled() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; disabled: boolean; version: number }) =>
      api.post<UserView>(`/api/admin/users/${id}/disabled`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useResetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, password }: { id: number; password: string }) =>
      api.post<UserView>(`/api/admin/users/${id}/password`, { password }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
    meta: { silent: true },
  });
}

export function useAssignRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: number;
      role: Role | null;
      unitCode: string | null;
      version: number;
    }) => api.post<UserView>(`/api/admin/roles/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
}

// ---- audit ----

export interface AuditFilter {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  from?: string;
  to?: string;
}

/** The audit trail, newest first, one page of `limit` at a time (keyset paging on `seq`). */
export function useAuditLog(filter: AuditFilter, limit = 50) {
  const query: Record<string, QueryValue> = { ...filter, limit };
  return useInfiniteQuery({
    queryKey: keys.audit(query),
    queryFn: ({ pageParam }) => api.get<AuditPage>('/api/audit', { ...query, beforeSeq: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBeforeSeq ?? undefined,
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.get<AuditVerify>('/api/audit/verify') });
}
