import { ASSESSMENT_STATE_LABELS } from '../../api/assessment.ts';
import {
  INDICATOR_KEYS,
  type IndicatorKey,
  type LeagueView,
  type OverviewView,
  type ReadinessView,
  type ReportView,
  type TrendsView,
} from '../../api/dashboard.ts';
import { coverageSeries, projectTarget, type TargetProjection } from '../../domain/coverage-trend.ts';
import { isAcceptedIn, type UnitAcceptance } from '../../domain/coverage.ts';
import { getProfile, type StandardProfile } from '../../domain/profile.ts';
import type { UnitRow } from '../db/database.ts';
import { findAssessments } from '../repositories/assessment.repository.ts';

/** What a dashboard knows of a unit. */
type Unit = Pick<UnitRow, 'code' | 'name' | 'kind' | 'parent_code' | 'level'>;
import {
  findAssessmentOutcomes,
  findAwardTotals,
  findResultScores,
  findResultSummaries,
  findStarResultsOfAccepted,
  sumResultsByTown,
  sumResultsByYear,
  type IndicatorTotals,
  type UnitResultSummary,
} from '../repositories/unit-result.repository.ts';
import { findUnitDirectory } from '../repositories/unit.repository.ts';
import { isAssessedUnit } from './assessment.service.ts';
import { AppError, requireActor, today, type ServiceContext } from './context.ts';
import { ensureYearResults, NEXT_LEVEL_PROFILE_ID, refreshAllUnitResults } from './unit-result.service.ts';

/**
 * 总览、排行、晋级准备、走势与年度报表 (issue 6). Everything here reads the precomputed `unit_result` rows and
 * the assessments' states — never the register — so a district answers in milliseconds and a province in well
 * under a second (`npm run bench -- dashboard`): one indexed range of the year's rows with only the columns
 * needed, each row's JSON parsed once, trends summed by the database. Rows marked 未考核 (a past year without
 * register data) are left out of every score, rate and distribution. Scope: district roles see every town (or one, with `town`); town staff see their town only;
 * village staff their unit. Coverage counts acceptances (验收合格 or 已奖补) up to the year, persisting
 * (DOMAIN.md §1); units of kind 其他 are shown apart and never counted in a target.
 */

/** 一、工作目标: the programme starts in 2016. */
export const FIRST_YEAR = 2016;

const CAUSE_LABELS: Record<string, string> = {
  'item1.missingPlanElement': '缺工作计划/目标/措施',
  'item1.noLeadingGroup': '未成立领导小组',
  'item1.noWorkSystem': '无工作制度',
  'item2.rateBelowThreshold': '登记失业人员就业率低于80%',
  'item3.notEliminatedInTime': '零就业家庭未按期消除',
  'item4.notInPreparation': '失业人员未被组织就业准备',
  'item4.requestNotFulfilled': '服务申请未按时落实',
  'item5.ledgerMismatch': '台账与实际不符',
  'item5.missingLedger': '缺少台账',
  'item6.difficultyNotContacted': '困难人员季度未联系',
  'item6.visitRateShort': '走访率不足',
  'item7.missingActivity': '缺岗位或动员活动',
  'item7.noInfoBoard': '无信息发布栏',
  'item8.longUnemployedTarget': '援助对象连续失业一年以上',
  'item8.missingService': '援助行动缺项',
};

interface Scope {
  level: 'district' | 'town';
  code: string | null;
  name: string;
  /** village-level units in scope */
  units: Unit[];
  /** towns in scope, in code order */
  towns: Unit[];
  /** null: every unit (no filter in queries) */
  codes: string[] | null;
  names: Map<string, string>;
}

async function resolveScope(ctx: ServiceContext, town: string | undefined): Promise<Scope> {
  const actor = requireActor(ctx);
  const all = await findUnitDirectory(ctx.db);
  const names = new Map(all.map((u) => [u.code, u.name]));
  const visible = actor.scopeUnits === 'all' ? all : all.filter((u) => actor.scopeUnits.includes(u.code));
  let chosen: Unit | undefined;
  if (town !== undefined) {
    chosen = visible.find((u) => u.code === town && u.level === 2);
    if (!chosen) throw new AppError('NOT_FOUND', '未找到该镇（街道），或无权查看');
  } else if (actor.scopeUnits !== 'all') {
    // town staff: their own town; village staff: their unit's town row is not theirs, so the unit alone
    chosen = visible.find((u) => u.level === 2);
  }
  const units = visible.filter((u) => isAssessedUnit(u) && (!chosen || u.parent_code === chosen.code));
  const towns = chosen ? [chosen] : visible.filter((u) => u.level === 2);
  const whole = actor.scopeUnits === 'all' && !chosen;
  const district = all.find((u) => u.level === 1);
  return {
    level: whole ? 'district' : 'town',
    code: chosen?.code ?? null,
    name: chosen?.name ?? (whole ? (district?.name ?? '全区') : (units[0]?.name ?? '')),
    units,
    towns,
    codes: whole ? null : units.map((u) => u.code),
    names,
  };
}

function currentYear(ctx: ServiceContext): number {
  return Number(today(ctx).slice(0, 4));
}

function resolveYear(ctx: ServiceContext, year: number | undefined): number {
  const now = currentYear(ctx);
  const y = year ?? now;
  if (y < FIRST_YEAR || y > now)
    throw new AppError('VALIDATION', `年度应在 ${FIRST_YEAR}—${now} 之间`, [
      { path: 'year', message: '年度超出范围' },
    ]);
  return y;
}

/** Brings the year's rows of the scope up to date (usually one indexed query, or nothing: see ensureYearResults). */
function ensureFresh(ctx: ServiceContext, year: number, scope: Scope): Promise<number> {
  return ensureYearResults(ctx.db, year, {
    today: today(ctx),
    now: ctx.now,
    units: scope.codes ?? undefined,
  });
}

/** What the overview reads of a result: item scores parsed, and the rules that cost it points. */
interface ScoredRow {
  unit_code: string;
  town_code: string | null;
  total: number;
  passed: number;
  scores: number[];
  /** the distinct (item, rule) pairs that cost it points, as `6|item6.visitRateShort` */
  causes: string[];
}

/**
 * The distinct `no|code` pairs of a stored deductions list (`[{"no":6,"code":"…","points":3},…]`, as
 * `resultRow` writes it), read without building its objects: at province scale the overview reads 17,498.
 */
function deductionCauses(json: string): string[] {
  const out: string[] = [];
  for (const m of json.matchAll(/"no":(\d+),"code":"([^"]*)"/g)) {
    const key = `${m[1]}|${m[2]}`;
    if (!out.includes(key)) out.push(key);
  }
  return out;
}

/** The year's assessed rows of the scope, narrow: totals, item scores and deductions. */
async function scoredRows(ctx: ServiceContext, year: number, scope: Scope): Promise<ScoredRow[]> {
  const rows = await findResultScores(ctx.db, year, scope.codes);
  const inScope = new Set(scope.units.map((u) => u.code));
  const out: ScoredRow[] = [];
  // the fetched objects are ours: completed in place rather than copied (17,498 of them at province scale)
  for (const r of rows) {
    if (!inScope.has(r.unit_code)) continue;
    const row = r as typeof r & ScoredRow;
    row.scores = JSON.parse(r.item_scores) as number[];
    row.causes = deductionCauses(r.deductions);
    out.push(row);
  }
  return out;
}

/** The year's assessed rows of the scope with everything the league shows. */
async function leagueRows(ctx: ServiceContext, year: number, scope: Scope) {
  const rows = await findResultSummaries(ctx.db, year, scope.codes);
  const inScope = new Set(scope.units.map((u) => u.code));
  return rows.filter((r) => inScope.has(r.unit_code));
}

/** A unit's outcomes up to a year: the years it was accepted, and those it was found 不合格. */
interface Outcomes {
  acceptedYears: number[];
  rejectedYears: number[];
}
const NO_OUTCOMES: Outcomes = { acceptedYears: [], rejectedYears: [] };

/** unit → its assessments' outcomes (up to `year`), for the units in scope. */
async function acceptanceOf(ctx: ServiceContext, year: number, scope: Scope): Promise<Map<string, Outcomes>> {
  const map = new Map<string, Outcomes>(
    scope.units.map((u) => [u.code, { acceptedYears: [], rejectedYears: [] }]),
  );
  for (const a of await findAssessmentOutcomes(ctx.db, year)) {
    const o = map.get(a.unit_code);
    if (o) (a.state === 'rejected' ? o.rejectedYears : o.acceptedYears).push(a.year);
  }
  return map;
}

function acceptances(units: readonly Unit[], accepted: Map<string, Outcomes>): UnitAcceptance[] {
  return units.map((u) => ({
    kind: u.kind === 'community' || u.kind === 'village' ? u.kind : 'other',
    ...(accepted.get(u.code) ?? NO_OUTCOMES),
  }));
}

/** The projection in words, for the cards, the printed report and its workbook. */
export function projectionText(p: TargetProjection, kind: '社区' | '村'): string {
  switch (p.status) {
    case 'met':
      return `已达标（${p.year}年起）`;
    case 'projected':
      return `按近三年进度（每年约 ${Math.round(p.perYear * 10) / 10} 个），预计 ${p.year} 年达标，尚差 ${p.needed} 个${kind}`;
    case 'stalled':
      return `近三年无新增验收${kind}，按当前进度无法达标（尚差 ${p.needed} 个）`;
    default:
      return `无${kind}，不适用`;
  }
}

function presentProjection(p: TargetProjection, kind: '社区' | '村') {
  return {
    status: p.status,
    year: 'year' in p ? p.year : null,
    target: 'target' in p ? p.target : null,
    needed: 'needed' in p ? p.needed : null,
    perYear: 'perYear' in p ? p.perYear : null,
    text: projectionText(p, kind),
  };
}

const INDICATOR_COLUMNS = {
  employmentRate: 'employment',
  visitRate: 'visit',
  quarterlyContactRate: 'contact',
  requestsMetInTime: 'request',
  zeroEmploymentEliminated: 'zero',
  recommendationCoverage: 'recommend',
} as const satisfies Record<IndicatorKey, string>;

type IndicatorSums = Record<IndicatorKey, { numerator: number; denominator: number; rate: number | null }>;

function withRates(sums: Record<IndicatorKey, { numerator: number; denominator: number }>): IndicatorSums {
  const out = {} as IndicatorSums;
  for (const key of INDICATOR_KEYS) {
    const { numerator, denominator } = sums[key];
    out[key] = { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
  }
  return out;
}

/** Indicators with their rates from the database's sums (`IndicatorTotals`: by column prefix). */
function indicatorsOf(totals: readonly IndicatorTotals[]): IndicatorSums {
  const sums = {} as Record<IndicatorKey, { numerator: number; denominator: number }>;
  for (const key of INDICATOR_KEYS) {
    const prefix = INDICATOR_COLUMNS[key];
    let numerator = 0;
    let denominator = 0;
    for (const t of totals) {
      numerator += t[prefix].numerator;
      denominator += t[prefix].denominator;
    }
    sums[key] = { numerator, denominator };
  }
  return withRates(sums);
}

/** Points lost on each item of the profile, summed over `rows`. */
function lostByItem(rows: readonly ScoredRow[], profile: StandardProfile): number[] {
  return profile.items.map((def, i) => rows.reduce((s, r) => s + (def.max - (r.scores[i] ?? def.max)), 0));
}

const BUCKETS: [string, number, number][] = [
  ['60分以下', 0, 59],
  ['60–69', 60, 69],
  ['70–79', 70, 79],
  ['80–84', 80, 84],
  ['85–89', 85, 89],
  ['90–94', 90, 94],
  ['95–100', 95, 100],
];

/** The ten units losing most on an item, kept sorted as rows stream by (most lost first, then code). */
function keepWorst(list: { code: string; lost: number }[], code: string, lost: number): void {
  const before = (x: { code: string; lost: number }) => lost > x.lost || (lost === x.lost && code < x.code);
  if (list.length === 10 && !before(list[9]!)) return;
  let i = list.findIndex(before);
  if (i < 0) i = list.length;
  list.splice(i, 0, { code, lost });
  if (list.length > 10) list.pop();
}

/** Per item: average points lost, units losing, the rules behind the losses and the ten units losing most. */
function itemShortfall(rows: readonly ScoredRow[], profile: StandardProfile, names: Map<string, string>) {
  const items = profile.items;
  const lostTotal = items.map(() => 0);
  const losing = items.map(() => 0);
  const worst: { code: string; lost: number }[][] = items.map(() => []);
  /** `no|rule` → units it cost points */
  const causeUnits = new Map<string, number>();
  for (const r of rows) {
    for (let i = 0; i < items.length; i++) {
      const lost = items[i]!.max - (r.scores[i] ?? items[i]!.max);
      if (lost <= 0) continue;
      lostTotal[i]! += lost;
      losing[i]!++;
      keepWorst(worst[i]!, r.unit_code, lost);
    }
    for (const code of r.causes) causeUnits.set(code, (causeUnits.get(code) ?? 0) + 1);
  }
  return items.map((def, i) => ({
    no: def.no,
    title: def.title,
    max: def.max,
    averageLost: rows.length ? Math.round((lostTotal[i]! / rows.length) * 100) / 100 : 0,
    unitsLosing: losing[i]!,
    causes: [...causeUnits.entries()]
      .filter(([key]) => key.startsWith(`${def.no}|`))
      .map(([key, units]) => {
        const code = key.slice(key.indexOf('|') + 1);
        return { code, label: CAUSE_LABELS[code] ?? code, units };
      })
      .sort((a, b) => b.units - a.units),
    worst: worst[i]!.map((x) => ({ code: x.code, name: names.get(x.code) ?? x.code, lost: x.lost })),
  }));
}

/** How many results fall in each score band. */
function distributionOf(rows: readonly ScoredRow[]) {
  const counts = BUCKETS.map(() => 0);
  for (const r of rows) {
    const i = BUCKETS.findIndex(([, from, to]) => r.total >= from && r.total <= to);
    if (i >= 0) counts[i]!++;
  }
  return BUCKETS.map(([label, from, to], i) => ({ label, from, to, units: counts[i]! }));
}

const indicator = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

/** One unit's indicators from its row (spelt out: it runs once per row of a province's league). */
function rowIndicators(r: UnitResultSummary): IndicatorSums {
  return {
    employmentRate: indicator(r.employment_num, r.employment_den),
    visitRate: indicator(r.visit_num, r.visit_den),
    quarterlyContactRate: indicator(r.contact_num, r.contact_den),
    requestsMetInTime: indicator(r.request_num, r.request_den),
    zeroEmploymentEliminated: indicator(r.zero_num, r.zero_den),
    recommendationCoverage: indicator(r.recommend_num, r.recommend_den),
  };
}

/** 总览 — coverage against both targets, projection, towns, distribution, item shortfall, heat map. */
export async function getOverview(
  ctx: ServiceContext,
  query: { year?: number | undefined; town?: string | undefined },
): Promise<OverviewView> {
  const year = resolveYear(ctx, query.year);
  const scope = await resolveScope(ctx, query.town);
  return (await overviewOf(ctx, year, scope)).view;
}

async function overviewOf(
  ctx: ServiceContext,
  year: number,
  scope: Scope,
): Promise<{
  view: OverviewView;
  accepted: Map<string, Outcomes>;
  townTotals: Map<string | null, IndicatorTotals>;
}> {
  const profile = getProfile();
  await ensureFresh(ctx, year, scope);
  const [rows, sums, accepted, awards] = await Promise.all([
    scoredRows(ctx, year, scope),
    sumResultsByTown(ctx.db, year, scope.codes),
    acceptanceOf(ctx, year, scope),
    findAwardTotals(ctx.db),
  ]);
  const series = coverageSeries(acceptances(scope.units, accepted), FIRST_YEAR, year, profile);
  const targetYear = Math.min(...Object.keys(profile.coverageTargets).map(Number));
  const inScope = new Set(scope.units.map((u) => u.code));
  const yearAwards = awards.filter((a) => a.year === year && inScope.has(a.unit_code));
  const rowsByTown = new Map<string, ScoredRow[]>();
  for (const r of rows)
    (rowsByTown.get(r.town_code ?? '') ?? rowsByTown.set(r.town_code ?? '', []).get(r.town_code ?? '')!).push(
      r,
    );
  const unitsByTown = new Map<string, Unit[]>();
  for (const u of scope.units)
    (
      unitsByTown.get(u.parent_code ?? '') ??
      unitsByTown.set(u.parent_code ?? '', []).get(u.parent_code ?? '')!
    ).push(u);

  const lostOf = new Map<string, number[]>();
  const towns = scope.towns.map((t) => {
    const units = unitsByTown.get(t.code) ?? [];
    const cov = coverageSeries(acceptances(units, accepted), year, year, profile)[0]!;
    const trs = rowsByTown.get(t.code) ?? [];
    const lost = lostByItem(trs, profile);
    lostOf.set(t.code, lost);
    const worst = Math.max(...lost);
    return {
      code: t.code,
      name: t.name,
      units: units.length,
      community: cov.community,
      village: cov.village,
      averageScore: trs.length
        ? Math.round((trs.reduce((s, r) => s + r.total, 0) / trs.length) * 10) / 10
        : null,
      passed: trs.filter((r) => r.passed === 1).length,
      weakestItem: worst > 0 ? profile.items[lost.indexOf(worst)]!.no : null,
    };
  });
  const ranked = towns
    .filter((t) => t.units > 0)
    .sort(
      (a, b) =>
        (a.village.rate ?? 2) - (b.village.rate ?? 2) ||
        (a.community.rate ?? 2) - (b.community.rate ?? 2) ||
        (a.averageScore ?? 0) - (b.averageScore ?? 0),
    );
  const heatTowns = towns.filter((t) => t.units > 0);
  const view: OverviewView = {
    year,
    firstYear: FIRST_YEAR,
    scope: { level: scope.level, code: scope.code, name: scope.name },
    targetYear,
    coverage: series[series.length - 1]!,
    series,
    projection: {
      community: presentProjection(projectTarget(series, 'community', profile), '社区'),
      village: presentProjection(projectTarget(series, 'village', profile), '村'),
    },
    acceptedThisYear: [...accepted.values()].filter((o) => o.acceptedYears.includes(year)).length,
    awards: {
      count: yearAwards.filter((a) => a.approved_by !== null).length,
      amountYuan:
        yearAwards.filter((a) => a.approved_by !== null).reduce((s, a) => s + a.amount_fen, 0) / 100,
      pending: yearAwards.filter((a) => a.approved_by === null).length,
    },
    towns,
    weakestTown: scope.level === 'district' && ranked.length > 1 ? ranked[0]!.code : null,
    distribution: distributionOf(rows),
    items: itemShortfall(rows, profile, scope.names),
    heatmap: {
      towns: heatTowns.map((t) => ({ code: t.code, name: t.name })),
      items: profile.items.map((d) => d.no),
      lostShare: heatTowns.map((t) => {
        const n = (rowsByTown.get(t.code) ?? []).length;
        const lost = lostOf.get(t.code)!;
        return profile.items.map((def, i) => (n ? Math.round((lost[i]! / (n * def.max)) * 1000) / 1000 : 0));
      }),
    },
    indicators: indicatorsOf(sums.map((t) => t.indicators)),
    computedAt: sums.reduce<string | null>(
      (min, t) => (t.computedAt !== null && (min === null || t.computedAt < min) ? t.computedAt : min),
      null,
    ),
  };
  return { view, accepted, townTotals: new Map(sums.map((t) => [t.townCode, t.indicators])) };
}

/** 排行 — every unit of the scope with its scores, workflow state, pass/fail and indicators. */
export async function getLeague(
  ctx: ServiceContext,
  query: { year?: number | undefined; town?: string | undefined },
): Promise<LeagueView> {
  const year = resolveYear(ctx, query.year);
  const scope = await resolveScope(ctx, query.town);
  const profile = getProfile();
  await ensureFresh(ctx, year, scope);
  const [rows, accepted] = await Promise.all([leagueRows(ctx, year, scope), acceptanceOf(ctx, year, scope)]);
  const units = new Map(scope.units.map((u) => [u.code, u]));
  return {
    year,
    items: profile.items.map((d) => ({ no: d.no, title: d.title, max: d.max })),
    rows: rows
      .map((r) => {
        const u = units.get(r.unit_code)!;
        const years = (accepted.get(r.unit_code) ?? NO_OUTCOMES).acceptedYears;
        const ind = rowIndicators(r);
        return {
          unit: r.unit_code,
          name: u.name,
          townCode: u.parent_code,
          townName: scope.names.get(u.parent_code ?? '') ?? '',
          kind: u.kind,
          total: r.total,
          passed: r.passed === 1,
          // not-assessed rows never reach here (findResultSummaries leaves them out)
          source: r.source === 'snapshot' ? ('snapshot' as const) : ('live' as const),
          selfTotal: r.self_total,
          townTotal: r.town_total,
          districtTotal: r.district_total,
          state: r.state,
          stateLabel: r.state ? ASSESSMENT_STATE_LABELS[r.state] : '未申报',
          acceptedYear: years.length ? Math.min(...years) : null,
          itemScores: JSON.parse(r.item_scores) as number[],
          indicators: ind,
        };
      })
      .sort((a, b) => b.total - a.total || (a.unit < b.unit ? -1 : 1)),
  };
}

/**
 * 晋级准备 — accepted units scored under the provincial star profile: what they would still miss. Every unit
 * accepted by `year` is listed; one not assessed that year (no register data then) has no star score.
 */
export async function getReadiness(
  ctx: ServiceContext,
  query: { year?: number | undefined; town?: string | undefined },
): Promise<ReadinessView> {
  const year = resolveYear(ctx, query.year);
  const scope = await resolveScope(ctx, query.town);
  const profile = getProfile();
  const star = getProfile(NEXT_LEVEL_PROFILE_ID);
  await ensureFresh(ctx, year, scope);
  const [results, accepted] = await Promise.all([
    findStarResultsOfAccepted(ctx.db, year, scope.codes),
    acceptanceOf(ctx, year, scope),
  ]);
  const starOf = new Map(results.map((r) => [r.unit_code, r]));
  return {
    year,
    profile: { id: star.id, name: star.name },
    rows: scope.units
      .filter((u) => isAcceptedIn(accepted.get(u.code) ?? NO_OUTCOMES, year, profile))
      .map((u) => {
        const r = starOf.get(u.code);
        return {
          unit: u.code,
          name: u.name,
          townName: scope.names.get(u.parent_code ?? '') ?? '',
          acceptedYear: Math.min(...accepted.get(u.code)!.acceptedYears),
          starTotal: r?.star_total ?? null,
          starPassed: r?.star_passed === null || r?.star_passed === undefined ? null : r.star_passed === 1,
          missing: r?.star_missing ? (JSON.parse(r.star_missing) as string[]) : [],
        };
      })
      .sort((a, b) => (b.starTotal ?? -1) - (a.starTotal ?? -1) || (a.unit < b.unit ? -1 : 1)),
  };
}

/**
 * 走势 — each indicator, the average score, the units assessed and passing, year by year since 2016: summed by
 * the database over the assessed rows of the scope.
 */
export async function getTrends(
  ctx: ServiceContext,
  query: { town?: string | undefined },
): Promise<TrendsView> {
  const scope = await resolveScope(ctx, query.town);
  const last = currentYear(ctx);
  for (let y = FIRST_YEAR; y <= last; y++) await ensureFresh(ctx, y, scope);
  const sums = new Map(
    (await sumResultsByYear(ctx.db, FIRST_YEAR, last, scope.codes)).map((s) => [s.year, s]),
  );
  const years = Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
  const rates = years.map((y) => {
    const s = sums.get(y);
    return s
      ? withRates(
          Object.fromEntries(INDICATOR_KEYS.map((k) => [k, s.indicators[INDICATOR_COLUMNS[k]]])) as Record<
            IndicatorKey,
            { numerator: number; denominator: number }
          >,
        )
      : null;
  });
  return {
    years,
    units: years.map((y) => sums.get(y)?.units ?? 0),
    averageScore: years.map((y) => {
      const s = sums.get(y);
      return s && s.units ? Math.round((s.total / s.units) * 10) / 10 : null;
    }),
    passed: years.map((y) => sums.get(y)?.passed ?? 0),
    indicators: Object.fromEntries(
      INDICATOR_KEYS.map((k) => [k, rates.map((r) => r?.[k].rate ?? null)]),
    ) as TrendsView['indicators'],
  };
}

/** 年度报表 — the district's (or a town's) annual summary: aggregates only, never a personal number. */
export async function getAnnualReport(
  ctx: ServiceContext,
  query: { year?: number | undefined; town?: string | undefined },
): Promise<ReportView> {
  const year = resolveYear(ctx, query.year);
  const scope = await resolveScope(ctx, query.town);
  const [{ view: overview, accepted, townTotals }, awards, assessments] = await Promise.all([
    overviewOf(ctx, year, scope),
    findAwardTotals(ctx.db),
    findAssessments(ctx.db, year, scope.codes),
  ]);
  const paid = new Set(awards.filter((a) => a.approved_by !== null).map((a) => a.unit_code));
  const byCode = new Map(assessments.map((a) => [a.unit_code, a]));
  const units = scope.units.filter((u) => (accepted.get(u.code) ?? NO_OUTCOMES).acceptedYears.includes(year));
  const townsWithUnits = new Set(scope.units.map((u) => u.parent_code));
  return {
    title: `${overview.scope.name}${year}年度创建充分就业村（社区）工作汇总`,
    year,
    generatedOn: today(ctx),
    overview,
    accepted: units.map((u) => ({
      unit: u.code,
      name: u.name,
      townName: scope.names.get(u.parent_code ?? '') ?? '',
      kind: u.kind,
      districtTotal: byCode.get(u.code)?.district_total ?? null,
      awarded: paid.has(u.code),
    })),
    townIndicators: scope.towns
      .map((t) => ({
        code: t.code,
        name: t.name,
        indicators: indicatorsOf(townTotals.has(t.code) ? [townTotals.get(t.code)!] : []),
      }))
      .filter((t) => townsWithUnits.has(t.code)),
  };
}

/** Recomputes a year's rows for the scope now (the dashboard's 重新计算 button). */
export async function refreshYear(ctx: ServiceContext, year: number): Promise<{ units: number }> {
  resolveYear(ctx, year);
  const scope = await resolveScope(ctx, undefined);
  return refreshAllUnitResults(ctx.db, year, {
    today: today(ctx),
    now: ctx.now,
    units: scope.units.map((u) => u.code),
  });
}
