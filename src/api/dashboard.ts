import { z } from 'zod';
import { assessmentState, assessmentYear } from './assessment.ts';
import { unitCode } from './common.ts';

/**
 * The HTTP contract of the dashboards (issue 6): 总览 (coverage against the 2020 targets, projection, towns,
 * score distribution, item shortfall, town × item heat map), 排行 (league table with indicators), 晋级准备
 * (accepted units under the provincial star profile), indicator trends and the annual report. Aggregates only:
 * no personal number appears anywhere in these answers.
 */

export const dashboardQuery = z.object({ year: assessmentYear.optional(), town: unitCode.optional() });
export type DashboardQuery = z.infer<typeof dashboardQuery>;
export const refreshRequest = z.object({ year: assessmentYear });

const rate = z.number().nullable();
export const kindCoverageView = z.object({
  accepted: z.number(),
  total: z.number(),
  rate,
  target: z.number().nullable(),
  met: z.boolean(),
});
export const coveragePointView = z.object({
  year: z.number(),
  community: kindCoverageView,
  village: kindCoverageView,
  other: z.object({ accepted: z.number(), total: z.number() }),
});
export const projectionView = z.object({
  status: z.enum(['met', 'projected', 'stalled', 'none']),
  year: z.number().nullable(),
  target: z.number().nullable(),
  needed: z.number().nullable(),
  perYear: z.number().nullable(),
  /** Chinese: 已达标（2020年） / 按近三年进度预计 2027 年达标 / … */
  text: z.string(),
});
export const indicatorView = z.object({ numerator: z.number(), denominator: z.number(), rate });
export const INDICATOR_KEYS = [
  'employmentRate',
  'visitRate',
  'quarterlyContactRate',
  'requestsMetInTime',
  'zeroEmploymentEliminated',
  'recommendationCoverage',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];
export const INDICATOR_LABELS: Record<IndicatorKey, string> = {
  employmentRate: '登记失业人员就业率',
  visitRate: '走访率',
  quarterlyContactRate: '困难人员季度联系率',
  requestsMetInTime: '服务申请按时落实率',
  zeroEmploymentEliminated: '零就业家庭按期消除率',
  recommendationCoverage: '推荐就业两次以上覆盖率',
};
export const indicatorsView = z.object(
  Object.fromEntries(INDICATOR_KEYS.map((k) => [k, indicatorView])) as Record<
    IndicatorKey,
    typeof indicatorView
  >,
);

export const townSummaryView = z.object({
  code: z.string(),
  name: z.string(),
  units: z.number(),
  community: kindCoverageView,
  village: kindCoverageView,
  averageScore: z.number().nullable(),
  passed: z.number(),
  /** the item that costs its units most points on average */
  weakestItem: z.number().nullable(),
});
export const itemShortfallView = z.object({
  no: z.number(),
  title: z.string(),
  max: z.number(),
  /** average points lost per unit */
  averageLost: z.number(),
  /** units that lost points on the item */
  unitsLosing: z.number(),
  /** the rules behind the lost points, most frequent first */
  causes: z.array(z.object({ code: z.string(), label: z.string(), units: z.number() })),
  /** who: the units losing most on the item (at most 10) */
  worst: z.array(z.object({ code: z.string(), name: z.string(), lost: z.number() })),
});
export const overviewView = z.object({
  year: z.number(),
  firstYear: z.number(),
  scope: z.object({ level: z.enum(['district', 'town']), code: z.string().nullable(), name: z.string() }),
  targetYear: z.number(),
  coverage: coveragePointView,
  series: z.array(coveragePointView),
  projection: z.object({ community: projectionView, village: projectionView }),
  acceptedThisYear: z.number(),
  awards: z.object({ count: z.number(), amountYuan: z.number(), pending: z.number() }),
  towns: z.array(townSummaryView),
  weakestTown: z.string().nullable(),
  distribution: z.array(z.object({ label: z.string(), from: z.number(), to: z.number(), units: z.number() })),
  items: z.array(itemShortfallView),
  heatmap: z.object({
    towns: z.array(z.object({ code: z.string(), name: z.string() })),
    items: z.array(z.number()),
    lostShare: z.array(z.array(z.number())),
  }),
  indicators: indicatorsView,
  computedAt: z.string().nullable(),
});
export type OverviewView = z.infer<typeof overviewView>;

export const leagueRowView = z.object({
  unit: z.string(),
  name: z.string(),
  townCode: z.string().nullable(),
  townName: z.string(),
  kind: z.string(),
  total: z.number(),
  passed: z.boolean(),
  source: z.enum(['snapshot', 'live']),
  selfTotal: z.number().nullable(),
  townTotal: z.number().nullable(),
  districtTotal: z.number().nullable(),
  state: assessmentState.nullable(),
  stateLabel: z.string(),
  acceptedYear: z.number().nullable(),
  itemScores: z.array(z.number()),
  indicators: indicatorsView,
});
export const leagueView = z.object({
  year: z.number(),
  items: z.array(z.object({ no: z.number(), title: z.string(), max: z.number() })),
  rows: z.array(leagueRowView),
});
export type LeagueView = z.infer<typeof leagueView>;
export type LeagueRow = z.infer<typeof leagueRowView>;

export const readinessView = z.object({
  year: z.number(),
  profile: z.object({ id: z.string(), name: z.string() }),
  rows: z.array(
    z.object({
      unit: z.string(),
      name: z.string(),
      townName: z.string(),
      acceptedYear: z.number(),
      starTotal: z.number().nullable(),
      starPassed: z.boolean().nullable(),
      missing: z.array(z.string()),
    }),
  ),
});
export type ReadinessView = z.infer<typeof readinessView>;

export const trendsView = z.object({
  years: z.array(z.number()),
  /** units assessed each year (a past year counts only the units with results of their own: DOMAIN-CHOICES) */
  units: z.array(z.number()),
  averageScore: z.array(z.number().nullable()),
  passed: z.array(z.number()),
  indicators: z.object(
    Object.fromEntries(INDICATOR_KEYS.map((k) => [k, z.array(rate)])) as Record<
      IndicatorKey,
      z.ZodArray<typeof rate>
    >,
  ),
});
export type TrendsView = z.infer<typeof trendsView>;

export const reportView = z.object({
  title: z.string(),
  year: z.number(),
  generatedOn: z.string(),
  overview: overviewView,
  accepted: z.array(
    z.object({
      unit: z.string(),
      name: z.string(),
      townName: z.string(),
      kind: z.string(),
      districtTotal: z.number().nullable(),
      awarded: z.boolean(),
    }),
  ),
  townIndicators: z.array(z.object({ code: z.string(), name: z.string(), indicators: indicatorsView })),
});
export type ReportView = z.infer<typeof reportView>;

/** Printed on the annual report and its workbook: what it holds, and that nothing in it identifies a person. */
export const REPORT_NOTE =
  '说明：本表为汇总数据，仅列单位名称与计数、比率，不含任何个人信息；覆盖率按验收合格（含已奖补）计，验收一经通过长期有效。';
