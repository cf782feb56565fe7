import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  personSearchResult,
  ServiceRecordInputBody,
  ServiceRecordView,
  serviceRecordList,
  workQueueResponse,
} from '../../api/services.ts';
import type { activity, activityList, unitRecord, unitRecordList } from '../../api/unit-work.ts';
import type { board, seekerMatches, vacancy, vacancyMatches } from '../../api/vacancies.ts';
import { api, upload, type QueryValue } from './client.ts';

/** Hooks of services and follow-up (issue 4): service records, work queues, the job board, unit-level work. */

export type PersonSearchResult = z.infer<typeof personSearchResult>;
export type PersonHit = PersonSearchResult['items'][number];
export type ServiceList = z.infer<typeof serviceRecordList>;
export type { ServiceRecordView };
export type ServiceInput = ServiceRecordInputBody;
export type ServiceUpdate = Omit<ServiceRecordInputBody, 'type' | 'employment'> & { version: number };
export type WorkQueues = z.infer<typeof workQueueResponse>;
export type WorkQueueEntry = WorkQueues['items'][number];
export type Vacancy = z.infer<typeof vacancy>;
export type VacancyInput = Omit<Vacancy, 'id' | 'unitName' | 'open' | 'version' | 'collectedOn'> & {
  collectedOn?: string | null;
};
export type Board = z.infer<typeof board>;
export type VacancyMatches = z.infer<typeof vacancyMatches>;
export type SeekerMatches = z.infer<typeof seekerMatches>;
export type UnitRecord = z.infer<typeof unitRecord>;
export type UnitRecordList = z.infer<typeof unitRecordList>;
export type Activity = z.infer<typeof activity>;
export type ActivityList = z.infer<typeof activityList>;
export interface EvidenceFile {
  id: number;
  filename: string;
  mime: string;
  size: number;
}

export const serviceKeys = {
  search: (q: string, unit: string | null) => ['person-search', q, unit] as const,
  services: (personId: number) => ['services', personId] as const,
  queues: (unit: string | null, date: string) => ['work-queues', unit, date] as const,
  board: (unit: string | null, date: string) => ['board', unit, date] as const,
  vacancies: (q: Record<string, QueryValue>) => ['vacancies', q] as const,
  seekers: (vacancyId: number) => ['vacancy-seekers', vacancyId] as const,
  vacancyMatches: (personId: number) => ['vacancy-matches', personId] as const,
  unitRecords: (unit: string | null, year: number) => ['unit-records', unit, year] as const,
  activities: (unit: string | null, year: number) => ['activities', unit, year] as const,
};

/** The field form's quick search: name, pinyin initials or ID number, top matches in scope. */
export function usePersonSearch(q: string, unit: string | null = null) {
  const term = q.trim();
  return useQuery({
    queryKey: serviceKeys.search(term, unit),
    queryFn: () => api.get<PersonSearchResult>('/api/persons/search', { q: term, unit, limit: 8 }),
    enabled: term.length > 0,
    staleTime: 30_000,
    placeholderData: (prev) => prev,
  });
}

export function usePersonServices(personId: number) {
  return useQuery({
    queryKey: serviceKeys.services(personId),
    queryFn: () => api.get<ServiceList>(`/api/persons/${personId}/services`),
    enabled: Number.isInteger(personId) && personId > 0,
  });
}

/**
 * Anything that records a service changes the person (timeline, an employment), the queues, the ledgers and
 * the matches. Refresh them all: the queue must shrink as soon as the work is saved.
 */
export function useServicesChanged() {
  const qc = useQueryClient();
  return (personId?: number) => {
    if (personId) {
      void qc.invalidateQueries({ queryKey: serviceKeys.services(personId) });
      void qc.invalidateQueries({ queryKey: ['person', personId] });
      void qc.invalidateQueries({ queryKey: serviceKeys.vacancyMatches(personId) });
    }
    void qc.invalidateQueries({ queryKey: ['work-queues'] });
    void qc.invalidateQueries({ queryKey: ['ledger'] });
    void qc.invalidateQueries({ queryKey: ['findings'] });
    void qc.invalidateQueries({ queryKey: ['vacancy-seekers'] });
  };
}

/** New service record. Field errors (VALIDATION) are shown by the form itself. */
export function useCreateService() {
  const changed = useServicesChanged();
  return useMutation({
    mutationFn: ({ personId, body }: { personId: number; body: ServiceInput }) =>
      api.post<ServiceRecordView>(`/api/persons/${personId}/services`, body),
    onSuccess: (s) => changed(s.personId),
    meta: { silent: true },
  });
}

export function useUpdateService() {
  const changed = useServicesChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ServiceUpdate }) =>
      api.post<ServiceRecordView>(`/api/services/${id}`, body),
    onSuccess: (s) => changed(s.personId),
    meta: { silent: true },
  });
}

export function useDeleteService() {
  const changed = useServicesChanged();
  return useMutation({
    mutationFn: ({ record, reason }: { record: ServiceRecordView; reason?: string }) =>
      api.post<{ ok: true }>(`/api/services/${record.id}/delete`, { version: record.version, reason }),
    onSuccess: (_r, v) => changed(v.record.personId),
  });
}

/** 服务申请 联系落实 (default today). Used from the person page and straight from the queue. */
export function useFulfilRequest() {
  const changed = useServicesChanged();
  return useMutation({
    mutationFn: async ({
      id,
      version,
      fulfilledOn,
    }: {
      id: number;
      version?: number;
      fulfilledOn?: string;
    }) => {
      // From the queue only the record id is known: read its version first.
      const v = version ?? (await api.get<ServiceRecordView>(`/api/services/${id}`)).version;
      return api.post<ServiceRecordView>(`/api/services/${id}/fulfil`, { version: v, fulfilledOn });
    },
    onSuccess: (s) => changed(s.personId),
  });
}

/** 推荐就业 已录用: records the employment and closes the registration. */
export function useAcceptRecommendation() {
  const changed = useServicesChanged();
  return useMutation({
    mutationFn: ({ record, form, start }: { record: ServiceRecordView; form: string; start?: string }) =>
      api.post<ServiceRecordView>(`/api/services/${record.id}/accept`, {
        version: record.version,
        form,
        start,
      }),
    onSuccess: (s) => changed(s.personId),
  });
}

/** Evidence upload with progress; `path` is the record's `/files` endpoint. */
export function useUploadEvidence(onProgress: (percent: number) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, file }: { path: string; file: File; personId?: number }) =>
      upload<EvidenceFile>(path, file, onProgress),
    onSuccess: (_f, v) => {
      if (v.personId) void qc.invalidateQueries({ queryKey: serviceKeys.services(v.personId) });
      void qc.invalidateQueries({ queryKey: ['unit-records'] });
      void qc.invalidateQueries({ queryKey: ['activities'] });
    },
  });
}

/** Deletes an evidence file: `/api/files/:id/delete`, or an activity's `/files/delete` with `{fileId}`. */
export function useDeleteEvidence() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ fileId, activityId }: { fileId: number; activityId?: number; personId?: number }) =>
      activityId
        ? api.post<{ ok: true }>(`/api/activities/${activityId}/files/delete`, { fileId })
        : api.post<{ ok: true }>(`/api/files/${fileId}/delete`),
    onSuccess: (_r, v) => {
      if (v.personId) void qc.invalidateQueries({ queryKey: serviceKeys.services(v.personId) });
      void qc.invalidateQueries({ queryKey: ['unit-records'] });
      void qc.invalidateQueries({ queryKey: ['activities'] });
    },
  });
}

// ---- work queues ----

export function useWorkQueues(unit: string | null, date: string, enabled = true) {
  return useQuery({
    queryKey: serviceKeys.queues(unit, date),
    queryFn: () => api.get<WorkQueues>('/api/work-queues', { unit, date }),
    enabled,
    placeholderData: (prev) => prev,
  });
}

// ---- job board and matching ----

export function useBoard(unit: string | null, date: string) {
  return useQuery({
    queryKey: serviceKeys.board(unit, date),
    queryFn: () => api.get<Board>('/api/board', { unit, date }),
    enabled: !!unit,
  });
}

/** Every vacancy a unit collected (open and closed), newest first. */
export function useVacancies(unit: string | null) {
  const q = { unit, limit: 200 };
  return useQuery({
    queryKey: serviceKeys.vacancies(q),
    queryFn: () => api.get<{ items: Vacancy[] }>('/api/vacancies', q),
    enabled: !!unit,
  });
}

function useVacanciesChanged() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['board'] });
    void qc.invalidateQueries({ queryKey: ['vacancies'] });
    void qc.invalidateQueries({ queryKey: ['vacancy-matches'] });
    void qc.invalidateQueries({ queryKey: ['work-queues'] });
  };
}

export function useSaveVacancy() {
  const changed = useVacanciesChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) =>
      api.post<Vacancy>(id ? `/api/vacancies/${id}` : '/api/vacancies', body),
    onSuccess: () => changed(),
    meta: { silent: true },
  });
}

export function useDeleteVacancy() {
  const changed = useVacanciesChanged();
  return useMutation({
    mutationFn: (v: Vacancy) =>
      api.post<{ ok: true }>(`/api/vacancies/${v.id}/delete`, { version: v.version }),
    onSuccess: () => changed(),
  });
}

export function useSeekers(vacancyId: number | null) {
  return useQuery({
    queryKey: serviceKeys.seekers(vacancyId ?? 0),
    queryFn: () => api.get<SeekerMatches>(`/api/vacancies/${vacancyId}/matches`),
    enabled: !!vacancyId,
  });
}

export function useVacancyMatches(personId: number) {
  return useQuery({
    queryKey: serviceKeys.vacancyMatches(personId),
    queryFn: () => api.get<VacancyMatches>(`/api/persons/${personId}/vacancy-matches`),
    enabled: Number.isInteger(personId) && personId > 0,
  });
}

/** One click: a 推荐就业 record of this vacancy for this person. */
export function useRecommend() {
  const changed = useServicesChanged();
  return useMutation({
    mutationFn: ({ vacancyId, personId }: { vacancyId: number; personId: number }) =>
      api.post<ServiceRecordView>(`/api/vacancies/${vacancyId}/recommend`, { personId }),
    onSuccess: (s) => changed(s.personId),
  });
}

// ---- 村级工作 and town/district activities ----

export function useUnitRecords(unit: string | null, year: number) {
  return useQuery({
    queryKey: serviceKeys.unitRecords(unit, year),
    queryFn: () => api.get<UnitRecordList>('/api/unit-records', { unit, year }),
    enabled: !!unit,
  });
}

function useUnitWorkChanged() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['unit-records'] });
    void qc.invalidateQueries({ queryKey: ['activities'] });
    void qc.invalidateQueries({ queryKey: ['work-queues'] });
  };
}

export function useSaveUnitRecord() {
  const changed = useUnitWorkChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) =>
      api.post<UnitRecord>(id ? `/api/unit-records/${id}` : '/api/unit-records', body),
    onSuccess: () => changed(),
    meta: { silent: true },
  });
}

export function useDeleteUnitRecord() {
  const changed = useUnitWorkChanged();
  return useMutation({
    mutationFn: (r: UnitRecord) =>
      api.post<{ ok: true }>(`/api/unit-records/${r.id}/delete`, { version: r.version }),
    onSuccess: () => changed(),
  });
}

export function useActivities(unit: string | null, year: number) {
  return useQuery({
    queryKey: serviceKeys.activities(unit, year),
    queryFn: () => api.get<ActivityList>('/api/activities', { unit, year }),
  });
}

export function useSaveActivity() {
  const changed = useUnitWorkChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) =>
      api.post<Activity>(id ? `/api/activities/${id}` : '/api/activities', body),
    onSuccess: () => changed(),
    meta: { silent: true },
  });
}

export function useDeleteActivity() {
  const changed = useUnitWorkChanged();
  return useMutation({
    mutationFn: (a: Activity) =>
      api.post<{ ok: true }>(`/api/activities/${a.id}/delete`, { version: a.version }),
    onSuccess: () => changed(),
  });
}
