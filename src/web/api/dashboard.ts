import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LeagueView, OverviewView, ReadinessView, ReportView, TrendsView } from '../../api/dashboard.ts';
import { api } from './client.ts';

/** 看板的查询：年度与（可选）镇（街道）。 */
export interface DashboardParams {
  year?: number | undefined;
  town?: string | undefined;
}

const q = (p: DashboardParams) => ({ year: p.year, town: p.town });

export function useOverview(p: DashboardParams) {
  return useQuery({
    queryKey: ['dashboard', 'overview', p],
    queryFn: () => api.get<OverviewView>('/api/dashboard/overview', q(p)),
  });
}
export function useLeague(p: DashboardParams) {
  return useQuery({
    queryKey: ['dashboard', 'league', p],
    queryFn: () => api.get<LeagueView>('/api/dashboard/league', q(p)),
  });
}
export function useReadiness(p: DashboardParams) {
  return useQuery({
    queryKey: ['dashboard', 'readiness', p],
    queryFn: () => api.get<ReadinessView>('/api/dashboard/readiness', q(p)),
  });
}
export function useTrends(p: DashboardParams) {
  return useQuery({
    queryKey: ['dashboard', 'trends', p.town],
    queryFn: () => api.get<TrendsView>('/api/dashboard/trends', { town: p.town }),
  });
}
export function useAnnualReport(p: DashboardParams) {
  return useQuery({
    queryKey: ['dashboard', 'report', p],
    queryFn: () => api.get<ReportView>('/api/dashboard/report', q(p)),
  });
}

/** 重新计算: the year's stored results of every unit in scope, computed again from the register now. */
export function useRefreshResults() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (year: number) => api.post<{ units: number }>('/api/dashboard/refresh', { year }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['dashboard'] }),
        qc.invalidateQueries({ queryKey: ['assessments'] }),
      ]),
  });
}
