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
import type { UnitAcceptance } from '../../domain/coverage.ts';
import { getProfile, type StandardProfile } from '../../domain/profile.ts';
import type { UnitResultRow, UnitRow } from '../db/database.ts';
import {
  findAcceptances,
  findAwardTotals,
  findUnitResults,
  findUnitResultsBetween,
} from '../repositories/unit-result.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { isAssessedUnit } from './assessment.service.ts';
import { AppError, requireActor, today, type ServiceContext } from './context.ts';
import { ensureYearResults, NEXT_LEVEL_PROFILE_ID, refreshAllUnitResults } from './unit-result.service.ts';

/**
 * 总览、排行、晋级准备、走势与年度报表 (issue 6). Everything here reads the precomputed `unit_result` rows and
 * the assessments' states — never the register — so a district answers in milliseconds and a province in well
 * under a second. Scope: district roles see every town (or one, with `town`); town staff see their town only;
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
  units: UnitRow[];
  /** towns in scope, in code order */
  towns: UnitRow[];
  /** null: every unit (no filter in queries) */
  codes: string[] | null;
  names: Map<string, string>;
}

async function resolveScope(ctx: ServiceContext, town: string | undefined): Promise<Scope> {
  const actor = requireActor(ctx);
  const all = await findUnits(ctx.db, {});
  const names = new Map(all.map((u) => [u.code, u.name]));
  const visible = actor.scopeUnits === 'all' ? all : all.filter((u) => actor.scopeUnits.includes(u.code));
  let chosen: UnitRow | undefined;
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

async function freshRows(ctx: ServiceContext, year: number, scope: Scope): Promise<UnitResultRow[]> {
  await ensureYearResults(ctx.db, year, { today: today(ctx), now: ctx.now });
  const rows = await findUnitResults(ctx.db, year, scope.codes);
  const inScope = new Set(scope.units.map((u) => u.code));
  return rows.filter((r) => inScope.has(r.unit_code));
}

/** unit → years accepted (up to `year`), for the units in scope. */
async function acceptanceOf(ctx: ServiceContext, year: number, scope: Scope): Promise<Map<string, number[]>> {
  const map = new Map<string, number[]>(scope.units.map((u) => [u.code, []]));
  for (const a of await findAcceptances(ctx.db, year)) map.get(a.unit_code)?.push(a.year);
  return map;
}

function acceptances(units: readonly UnitRow[], accepted: Map<string, number[]>): UnitAcceptance[] {
  return units.map((u) => ({
    kind: u.kind === 'community' || u.kind === 'village' ? u.kind : 'other',
    acceptedYears: accepted.get(u.code) ?? [],
  }));
}

function projectionText(p: TargetProjection, kind: '社区' | '村'): string {
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

const parseScores = (r: UnitResultRow): number[] => JSON.parse(r.item_scores) as number[];

function indicatorCols(key: IndicatorKey): [keyof UnitResultRow, keyof UnitResultRow] {
  const prefix = {
    employmentRate: 'employment',
    visitRate: 'visit',
    quarterlyContactRate: 'contact',
    requestsMetInTime: 'request',
    zeroEmploymentEliminated: 'zero',
    recommendationCoverage: 'recommend',
  }[key];
  return [`${prefix}_num` as keyof UnitResultRow, `${prefix}_den` as keyof UnitResultRow];
}

function sumIndicators(rows: readonly UnitResultRow[]) {
  const out = {} as Record<IndicatorKey, { numerator: number; denominator: number; rate: number | null }>;
  for (const key of INDICATOR_KEYS) {
    const [n, d] = indicatorCols(key);
    let numerator = 0;
    let denominator = 0;
    for (const r of rows) {
      numerator += r[n] as number;
      denominator += r[d] as number;
    }
    out[key] = { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
  }
  return out;
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

function itemShortfall(rows: readonly UnitResultRow[], profile: StandardProfile, names: Map<string, string>) {
  const scores = rows.map((r) => ({
    r,
    s: parseScores(r),
    d: JSON.parse(r.deductions) as { no: number; code: string }[],
  }));
  return profile.items.map((def, i) => {
    const losing = scores
      .map(({ r, s }) => ({ code: r.unit_code, lost: def.max - (s[i] ?? def.max) }))
      .filter((x) => x.lost > 0);
    const causes = new Map<string, Set<string>>();
    for (const { r, d } of scores)
      for (const x of d)
        if (x.no === def.no)
          (causes.get(x.code) ?? causes.set(x.code, new Set()).get(x.code)!).add(r.unit_code);
    const lostTotal = losing.reduce((s, x) => s + x.lost, 0);
    return {
      no: def.no,
      title: def.title,
      max: def.max,
      averageLost: rows.length ? Math.round((lostTotal / rows.length) * 100) / 100 : 0,
      unitsLosing: losing.length,
      causes: [...causes.entries()]
        .map(([code, set]) => ({ code, label: CAUSE_LABELS[code] ?? code, units: set.size }))
        .sort((a, b) => b.units - a.units),
      worst: losing
        .sort((a, b) => b.lost - a.lost || a.code.localeCompare(b.code))
        .slice(0, 10)
        .map((x) => ({ code: x.code, name: names.get(x.code) ?? x.code, lost: x.lost })),
    };
  });
}

/** 总览 — coverage against both targets, projection, towns, distribution, item shortfall, heat map. */
export async function getOverview(
  ctx: ServiceContext,
  query: { year?: number | undefined; town?: string | undefined },
): Promise<OverviewView> {
  const year = resolveYear(ctx, query.year);
  const scope = await resolveScope(ctx, query.town);
  const profile = getProfile();
  const [rows, accepted, awards] = await Promise.all([
    freshRows(ctx, year, scope),
    acceptanceOf(ctx, year, scope),
    findAwardTotals(ctx.db),
  ]);
  const series = coverageSeries(acceptances(scope.units, accepted), FIRST_YEAR, year, profile);
  const targetYear = Math.min(...Object.keys(profile.coverageTargets).map(Number));
  const inScope = new Set(scope.units.map((u) => u.code));
  const yearAwards = awards.filter((a) => a.year === year && inScope.has(a.unit_code));
  const byTown = new Map<string, UnitResultRow[]>();
  for (const r of rows)
    (byTown.get(r.town_code ?? '') ?? byTown.set(r.town_code ?? '', []).get(r.town_code ?? '')!).push(r);

  const towns = scope.towns.map((t) => {
    const units = scope.units.filter((u) => u.parent_code === t.code);
    const cov = coverageSeries(acceptances(units, accepted), year, year, profile)[0]!;
    const trs = byTown.get(t.code) ?? [];
    const lostByItem = profile.items.map((def, i) =>
      trs.reduce((s, r) => s + (def.max - (parseScores(r)[i] ?? def.max)), 0),
    );
    const worst = Math.max(...lostByItem);
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
      weakestItem: worst > 0 ? profile.items[lostByItem.indexOf(worst)]!.no : null,
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
  return {
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
    acceptedThisYear: [...accepted.values()].filter((ys) => ys.includes(year)).length,
    awards: {
      count: yearAwards.filter((a) => a.approved_by !== null).length,
      amountYuan:
        yearAwards.filter((a) => a.approved_by !== null).reduce((s, a) => s + a.amount_fen, 0) / 100,
      pending: yearAwards.filter((a) => a.approved_by === null).length,
    },
    towns,
    weakestTown: scope.level === 'district' && ranked.length > 1 ? ranked[0]!.code : null,
    distribution: BUCKETS.map(([label, from, to]) => ({
      label,
      from,
      to,
      units: rows.filter((r) => r.total >= from && r.total <= to).length,
    })),
    items: itemShortfall(rows, profile, scope.names),
    heatmap: {
      towns: heatTowns.map((t) => ({ code: t.code, name: t.name })),
      items: profile.items.map((d) => d.no),
      lostShare: heatTowns.map((t) => {
        const trs = byTown.get(t.code) ?? [];
        return profile.items.map((def, i) =>
          trs.length
            ? Math.round(
                (trs.reduce((s, r) => s + (def.max - (parseScores(r)[i] ?? def.max)), 0) /
                  (trs.length * def.max)) *
                  1000,
              ) / 1000
            : 0,
        );
      }),
    },
    indicators: sumIndicators(rows),
    computedAt: rows.reduce<string | null>(
      (min, r) => (min === null || r.computed_at < min ? r.computed_at : min),
      null,
    ),
  };
}

/** 排行 — every unit of the scope with its scores, workflow state, pass/fail and indicators. */
export async function getLeague(
  ctx: ServiceContext,
  query: { year?: number | undefined; town?: string | undefined },
): Promise<LeagueView> {
  const year = resolveYear(ctx, query.year);
  const scope = await resolveScope(ctx, query.town);
  const profile = getProfile();
  const [rows, accepted] = await Promise.all([freshRows(ctx, year, scope), acceptanceOf(ctx, year, scope)]);
  const units = new Map(scope.units.map((u) => [u.code, u]));
  return {
    year,
    items: profile.items.map((d) => ({ no: d.no, title: d.title, max: d.max })),
    rows: rows
      .map((r) => {
        const u = units.get(r.unit_code)!;
        const years = accepted.get(r.unit_code) ?? [];
        const ind = sumIndicators([r]);
        return {
          unit: r.unit_code,
          name: u.name,
          townCode: u.parent_code,
          townName: scope.names.get(u.parent_code ?? '') ?? '',
          kind: u.kind,
          total: r.total,
          passed: r.passed === 1,
          source: r.source,
          selfTotal: r.self_total,
          townTotal: r.town_total,
          districtTotal: r.district_total,
          state: r.state,
          stateLabel: r.state ? ASSESSMENT_STATE_LABELS[r.state] : '未申报',
          acceptedYear: years.length ? Math.min(...years) : null,
          itemScores: parseScores(r),
          indicators: ind,
        };
      })
      .sort((a, b) => b.total - a.total || a.unit.localeCompare(b.unit)),
  };
}

/** 晋级准备 — accepted units scored under the provincial star profile: what they would still miss. */
export async function getReadiness(
  ctx: ServiceContext,
  query: { year?: number | undefined; town?: string | undefined },
): Promise<ReadinessView> {
  const year = resolveYear(ctx, query.year);
  const scope = await resolveScope(ctx, query.town);
  const star = getProfile(NEXT_LEVEL_PROFILE_ID);
  const [rows, accepted] = await Promise.all([freshRows(ctx, year, scope), acceptanceOf(ctx, year, scope)]);
  const units = new Map(scope.units.map((u) => [u.code, u]));
  return {
    year,
    profile: { id: star.id, name: star.name },
    rows: rows
      .filter((r) => (accepted.get(r.unit_code) ?? []).length > 0)
      .map((r) => {
        const u = units.get(r.unit_code)!;
        return {
          unit: r.unit_code,
          name: u.name,
          townName: scope.names.get(u.parent_code ?? '') ?? '',
          acceptedYear: Math.min(...accepted.get(r.unit_code)!),
          starTotal: r.star_total,
          starPassed: r.star_passed === null ? null : r.star_passed === 1,
          missing: r.star_missing ? (JSON.parse(r.star_missing) as string[]) : [],
        };
      })
      .sort((a, b) => (b.starTotal ?? -1) - (a.starTotal ?? -1) || a.unit.localeCompare(b.unit)),
  };
}

/** 走势 — each indicator, the average score and the units passing, year by year since 2016. */
export async function getTrends(
  ctx: ServiceContext,
  query: { town?: string | undefined },
): Promise<TrendsView> {
  const scope = await resolveScope(ctx, query.town);
  const last = currentYear(ctx);
  for (let y = FIRST_YEAR; y <= last; y++)
    await ensureYearResults(ctx.db, y, { today: today(ctx), now: ctx.now });
  const inScope = new Set(scope.units.map((u) => u.code));
  const rows = (await findUnitResultsBetween(ctx.db, FIRST_YEAR, last, scope.codes)).filter((r) =>
    inScope.has(r.unit_code),
  );
  const years = Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
  const byYear = years.map((y) => rows.filter((r) => r.year === y));
  const sums = byYear.map(sumIndicators);
  return {
    years,
    averageScore: byYear.map((rs) =>
      rs.length ? Math.round((rs.reduce((s, r) => s + r.total, 0) / rs.length) * 10) / 10 : null,
    ),
    passed: byYear.map((rs) => rs.filter((r) => r.passed === 1).length),
    indicators: Object.fromEntries(
      INDICATOR_KEYS.map((k) => [k, sums.map((s) => s[k].rate)]),
    ) as TrendsView['indicators'],
  };
}

/** 年度报表 — the district's (or a town's) annual summary: aggregates only, never a personal number. */
export async function getAnnualReport(
  ctx: ServiceContext,
  query: { year?: number | undefined; town?: string | undefined },
): Promise<ReportView> {
  const overview = await getOverview(ctx, query);
  const year = overview.year;
  const scope = await resolveScope(ctx, query.town);
  const [rows, accepted, awards] = await Promise.all([
    findUnitResults(ctx.db, year, scope.codes),
    acceptanceOf(ctx, year, scope),
    findAwardTotals(ctx.db),
  ]);
  const paid = new Set(awards.filter((a) => a.approved_by !== null).map((a) => a.unit_code));
  const byCode = new Map(rows.map((r) => [r.unit_code, r]));
  const units = scope.units.filter((u) => (accepted.get(u.code) ?? []).includes(year));
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
        indicators: sumIndicators(rows.filter((r) => r.town_code === t.code)),
      }))
      .filter((t) => scope.units.some((u) => u.parent_code === t.code)),
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
