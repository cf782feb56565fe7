import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  findingsResponse,
  householdDetail,
  ledgerPage,
  PersonDetail,
  PersonForm,
} from '../../api/persons.ts';
import type { PersonFlagName } from '../../domain/ledgers.ts';
import { api, type QueryValue } from './client.ts';

/** The register's hooks: ledgers, persons, households, findings (issue 3). */

export type LedgerPage = z.infer<typeof ledgerPage>;
export type HouseholdDetail = z.infer<typeof householdDetail>;
export type FindingsResponse = z.infer<typeof findingsResponse>;
export type Finding = FindingsResponse['findings'][number];
export type LedgerName = 'labour' | 'unemployed' | 'difficulty' | 'poverty' | 'all';
export type PersonEdit = Omit<PersonForm, 'idNumber' | 'unitCode'> & { version: number };

export const registerKeys = {
  ledger: (ledger: LedgerName, q: Record<string, QueryValue>) => ['ledger', ledger, q] as const,
  person: (id: number) => ['person', id] as const,
  household: (id: number) => ['household', id] as const,
  findings: (unit: string, date: string) => ['findings', unit, date] as const,
};

export interface LedgerFilter {
  unit?: string | undefined;
  q?: string | undefined;
  flags?: readonly PersonFlagName[];
}

/** One ledger, page by page (keyset: `next` is the cursor of the following page). */
export function useLedger(ledger: LedgerName, filter: LedgerFilter, limit = 20) {
  const query: Record<string, QueryValue> = {
    unit: filter.unit,
    q: filter.q?.trim(),
    flags: filter.flags?.length ? filter.flags.join(',') : undefined,
    limit,
  };
  return useInfiniteQuery({
    queryKey: registerKeys.ledger(ledger, query),
    queryFn: ({ pageParam }) => api.get<LedgerPage>(`/api/ledgers/${ledger}`, { ...query, after: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

/** A person's page. A 404 (absent or outside scope) is shown by the page itself. */
export function usePerson(id: number) {
  return useQuery({
    queryKey: registerKeys.person(id),
    queryFn: () => api.get<PersonDetail>(`/api/persons/${id}`),
    enabled: Number.isInteger(id) && id > 0,
    retry: false,
    meta: { silent: true },
  });
}

/** Anything that changes a person changes the ledgers, the findings and their household too. */
function useRegisterChanged() {
  const qc = useQueryClient();
  return (person?: PersonDetail) => {
    if (person) qc.setQueryData(registerKeys.person(person.id), person);
    void qc.invalidateQueries({ queryKey: ['ledger'] });
    void qc.invalidateQueries({ queryKey: ['findings'] });
    void qc.invalidateQueries({ queryKey: ['household'] });
  };
}

/** New person. Validation and duplicate errors are shown by the form next to the fields. */
export function useCreatePerson() {
  const changed = useRegisterChanged();
  return useMutation({
    mutationFn: (form: PersonForm) => api.post<PersonDetail>('/api/persons', form),
    onSuccess: (p) => changed(p),
    meta: { silent: true },
  });
}

export function useUpdatePerson(id: number) {
  const changed = useRegisterChanged();
  return useMutation({
    mutationFn: (form: PersonEdit) => api.post<PersonDetail>(`/api/persons/${id}`, form),
    onSuccess: (p) => changed(p),
    meta: { silent: true },
  });
}

export function useTransferIn() {
  const changed = useRegisterChanged();
  return useMutation({
    mutationFn: (body: { idNumber: string; toUnit: string; date: string; householdNumber: string }) =>
      api.post<PersonDetail>('/api/persons/transfer-in', body),
    onSuccess: (p) => changed(p),
  });
}

/** The dated history actions of a person's page; each answers with the updated person. */
export type HistoryAction =
  | 'employment'
  | 'employment/end'
  | 'registrations'
  | 'registrations/close'
  | 'difficulty'
  | 'difficulty/exit';

export function useHistoryAction(id: number) {
  const changed = useRegisterChanged();
  return useMutation({
    mutationFn: ({ action, body }: { action: HistoryAction; body: Record<string, unknown> }) =>
      api.post<PersonDetail>(`/api/persons/${id}/${action}`, body),
    onSuccess: (p) => changed(p),
    meta: { silent: true },
  });
}

export function useReveal(id: number) {
  return useMutation({
    mutationFn: (body: { field: 'idNumber' | 'phone' | 'disabilityNo'; reason: string }) =>
      api.post<{ value: string }>(`/api/persons/${id}/reveal`, body),
    meta: { silent: true },
  });
}

export function useHousehold(id: number) {
  return useQuery({
    queryKey: registerKeys.household(id),
    queryFn: () => api.get<HouseholdDetail>(`/api/households/${id}`),
    enabled: Number.isInteger(id) && id > 0,
    retry: false,
    meta: { silent: true },
  });
}

export function useRecogniseZeroEmployment(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { recognized: string; note?: string }) =>
      api.post<HouseholdDetail>(`/api/households/${id}/zero-employment`, body),
    onSuccess: (h) => {
      qc.setQueryData(registerKeys.household(id), h);
      void qc.invalidateQueries({ queryKey: ['ledger'] });
      void qc.invalidateQueries({ queryKey: ['findings'] });
      void qc.invalidateQueries({ queryKey: ['person'] });
    },
    meta: { silent: true },
  });
}

export function useFindings(unit: string | null, date: string) {
  return useQuery({
    queryKey: registerKeys.findings(unit ?? '', date),
    queryFn: () => api.get<FindingsResponse>('/api/findings', { unit, date }),
    enabled: !!unit,
  });
}
