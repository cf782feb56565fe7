import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  assessmentList,
  historyView,
  planView,
  profileView,
  rejectRequest,
  returnRequest,
  ReviewRequest,
  ScorecardView,
  SelfAssessRequest,
} from '../../api/assessment.ts';
import { api } from './client.ts';

/** Hooks of 考核验收 (issue 5): the list, the scorecard, the workflow steps, implementation plans. */

export type AssessmentList = z.infer<typeof assessmentList>;
export type History = z.infer<typeof historyView>;
export type Transition = History['transitions'][number];
export type Profile = z.infer<typeof profileView>;
export type Plan = z.infer<typeof planView>;
export type ReturnBody = z.infer<typeof returnRequest>;
export type RejectBody = z.infer<typeof rejectRequest>;
export type { ReviewRequest, ScorecardView, SelfAssessRequest };
export interface AttachmentInput {
  filename: string;
  mime: string;
  contentBase64: string;
}

export const assessmentKeys = {
  all: ['assessments'] as const,
  list: (year: number, town: string | null) => ['assessments', 'list', year, town] as const,
  scorecard: (unit: string, year: number, profile: string | null) =>
    ['assessments', 'scorecard', unit, year, profile] as const,
  history: (unit: string, year: number) => ['assessments', 'history', unit, year] as const,
  profiles: ['assessment-profiles'] as const,
  plans: (year: number) => ['implementation-plans', year] as const,
};

const base = (unit: string, year: number) =>
  `/api/assessments/${encodeURIComponent(unit)}/${encodeURIComponent(String(year))}`;

/** The units in the user's scope with their state and totals for one year (district: optionally one town). */
export function useAssessmentList(year: number, town: string | null) {
  return useQuery({
    queryKey: assessmentKeys.list(year, town),
    queryFn: () => api.get<AssessmentList>('/api/assessments', { year, town }),
    refetchOnWindowFocus: true,
  });
}

/**
 * One unit's scorecard. Refreshed whenever the window regains focus, so a worker who fixed a record in
 * another tab sees the computed score move. `profile` other than the default is a live “what if”.
 */
export function useScorecard(unit: string, year: number, profile: string | null) {
  return useQuery({
    queryKey: assessmentKeys.scorecard(unit, year, profile),
    queryFn: () => api.get<ScorecardView>(`${base(unit, year)}/scorecard`, { profile }),
    refetchOnWindowFocus: true,
    retry: false,
    meta: { silent: true },
  });
}

export function useAssessmentHistory(unit: string, year: number) {
  return useQuery({
    queryKey: assessmentKeys.history(unit, year),
    queryFn: () => api.get<History>(`${base(unit, year)}/history`),
    retry: false,
    meta: { silent: true },
  });
}

export function useProfiles() {
  return useQuery({
    queryKey: assessmentKeys.profiles,
    queryFn: () => api.get<Profile[]>('/api/profiles'),
    staleTime: 30 * 60_000,
  });
}

export type StepName =
  'self-assess' | 'return' | 'forward' | 'accept' | 'reject' | 'award/propose' | 'award/approve';

/** One workflow step. Errors are left to the caller (a dialog keeps them next to the fields). */
export function useAssessmentStep(unit: string, year: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ step, body }: { step: StepName; body: unknown }) =>
      api.post<{ unit: string; year: number; state: string; version: number }>(
        `${base(unit, year)}/${step}`,
        body,
      ),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: assessmentKeys.all }),
        qc.invalidateQueries({ queryKey: ['dashboard'] }),
      ]),
    meta: { silent: true },
  });
}

export function usePlans(year: number) {
  return useQuery({
    queryKey: assessmentKeys.plans(year),
    queryFn: () => api.get<Plan[]>('/api/implementation-plans', { year }),
  });
}

export function useFilePlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      year: number;
      title: string;
      note?: string;
      attachment: AttachmentInput;
      version: number;
    }) => api.post<Plan>('/api/implementation-plans', body),
    onSuccess: (p) => qc.invalidateQueries({ queryKey: assessmentKeys.plans(p.year) }),
    meta: { silent: true },
  });
}

/** A chosen file as the API's JSON attachment (base64 of the bytes). */
export async function readAttachment(file: File): Promise<AttachmentInput> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return { filename: file.name, mime: file.type || 'application/octet-stream', contentBase64: btoa(binary) };
}
