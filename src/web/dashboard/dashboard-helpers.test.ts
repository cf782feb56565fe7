import { describe, expect, it } from 'vitest';
import { INDICATOR_KEYS, INDICATOR_LABELS, type OverviewView, type TrendsView } from '../../api/dashboard.ts';
import {
  coverageChart,
  distributionChart,
  heatmapChart,
  pct,
  shortfallChart,
  trendsChart,
} from './charts.ts';
import { beijingTime, coverageText, indicatorText, scoredUnitsNote, targetLabel } from './format.ts';

const kind = (accepted: number, total: number, target: number | null) => ({
  accepted,
  total,
  rate: total ? accepted / total : null,
  target,
  met: target === null || (total > 0 && accepted / total >= target),
});
const point = (year: number, c: number, v: number, target: boolean) => ({
  year,
  community: kind(c, 4, target ? 1 : null),
  village: kind(v, 10, target ? 0.5 : null),
  other: { accepted: 0, total: 1 },
});
const indicators = Object.fromEntries(
  INDICATOR_KEYS.map((k) => [k, { numerator: 0, denominator: 0, rate: null }]),
) as OverviewView['indicators'];

/** An overview of a district of two towns, 2016–2020, as the server sends it. */
function overview(over: Partial<OverviewView> = {}): OverviewView {
  const series = [point(2016, 1, 1, false), point(2019, 3, 4, false), point(2020, 4, 5, true)];
  return {
    year: 2020,
    firstYear: 2016,
    scope: { level: 'district', code: null, name: '泉港区' },
    targetYear: 2020,
    coverage: series[2]!,
    series,
    projection: {
      community: {
        status: 'met',
        year: 2020,
        target: 1,
        needed: null,
        perYear: null,
        text: '已达标（2020年起）',
      },
      village: {
        status: 'met',
        year: 2020,
        target: 0.5,
        needed: null,
        perYear: null,
        text: '已达标（2020年起）',
      },
    },
    acceptedThisYear: 3,
    awards: { count: 2, amountYuan: 40000, pending: 1 },
    towns: [
      {
        code: 'A',
        name: '南埔镇',
        units: 9,
        community: kind(2, 2, 1),
        village: kind(3, 7, 0.5),
        averageScore: 88.5,
        passed: 6,
        weakestItem: 6,
      },
      {
        code: 'B',
        name: '山腰街道',
        units: 6,
        community: kind(2, 2, 1),
        village: kind(2, 4, 0.5),
        averageScore: 91,
        passed: 5,
        weakestItem: null,
      },
    ],
    weakestTown: 'A',
    distribution: [
      { label: '60分以下', from: 0, to: 59, units: 1 },
      { label: '85–89', from: 85, to: 89, units: 4 },
      { label: '95–100', from: 95, to: 100, units: 7 },
    ],
    items: [
      {
        no: 6,
        title: '走访联系就业困难人员',
        max: 10,
        averageLost: 1.25,
        unitsLosing: 5,
        causes: [
          { code: 'item6.visitRateShort', label: '走访率不足', units: 4 },
          { code: 'item6.difficultyNotContacted', label: '困难人员季度未联系', units: 2 },
        ],
        worst: [{ code: '350505100201', name: '柳厝村', lost: 4 }],
      },
      { no: 7, title: '开展活动', max: 5, averageLost: 0, unitsLosing: 0, causes: [], worst: [] },
    ],
    heatmap: {
      towns: [
        { code: 'A', name: '南埔镇' },
        { code: 'B', name: '山腰街道' },
      ],
      items: [6, 7],
      lostShare: [
        [0.125, 0],
        [0.0333, 0.2],
      ],
    },
    indicators,
    computedAt: '2026-11-26T23:30:00.000Z',
    ...over,
  };
}

describe('pct', () => {
  it('shows a rate to one decimal, and — when there is none', () => {
    expect(pct(null)).toBe('—');
    expect(pct(undefined)).toBe('—');
    expect(pct(0)).toBe('0%');
    expect(pct(1)).toBe('100%');
    expect(pct(1 / 3)).toBe('33.3%');
    expect(pct(0.9995)).toBe('100%');
    expect(pct(0.8)).toBe('80%');
  });
});

describe('chart data tables', () => {
  it('coverage: one row per year with both kinds, their rates and the target line from 2020', () => {
    const spec = coverageChart(overview());
    expect(spec.table.columns).toEqual([
      '年度',
      '社区（已验收/总数）',
      '社区覆盖率',
      '村（已验收/总数）',
      '村覆盖率',
      '社区目标',
      '村目标',
    ]);
    expect(spec.table.rows).toEqual([
      [2016, '1/4', '25%', '1/10', '10%', '—', '—'],
      [2019, '3/4', '75%', '4/10', '40%', '—', '—'],
      [2020, '4/4', '100%', '5/10', '50%', '100%', '50%'],
    ]);
    const series = spec.option.series as { name: string; data: (number | null)[] }[];
    expect(series.find((s) => s.name === '村覆盖率')!.data).toEqual([10, 40, 50]);
    expect(series.find((s) => s.name === '村目标')!.data).toEqual([null, null, 50]);
  });

  it('distribution and shortfall: the table holds the numbers the bars draw', () => {
    const dist = distributionChart(overview());
    expect(dist.table.rows).toEqual([
      ['60分以下', 1],
      ['85–89', 4],
      ['95–100', 7],
    ]);
    const bars = (dist.option.series as { data: { value: number }[] }[])[0]!.data.map((d) => d.value);
    expect(bars).toEqual([1, 4, 7]);

    const short = shortfallChart(overview());
    expect(short.table.rows).toEqual([
      ['6.走访联系就业困难人员', 10, 1.25, 5, '走访率不足（4）；困难人员季度未联系（2）'],
      ['7.开展活动', 5, 0, 0, '—'],
    ]);
  });

  it('heat map: towns × items as percentages of the item lost', () => {
    const heat = heatmapChart(overview());
    expect(heat.table.columns).toEqual(['镇（街道）', '第6项', '第7项']);
    expect(heat.table.rows).toEqual([
      ['南埔镇', '12.5%', '0%'],
      ['山腰街道', '3.3%', '20%'],
    ]);
    const data = (heat.option.series as { data: [number, number, number][] }[])[0]!.data;
    expect(data).toContainEqual([1, 1, 20]);
  });

  it('trends: each indicator per year, with the units assessed and — for a year without results', () => {
    const rates = (r: (number | null)[]) =>
      Object.fromEntries(INDICATOR_KEYS.map((k) => [k, r])) as TrendsView['indicators'];
    const t: TrendsView = {
      years: [2016, 2017, 2018],
      units: [17, 0, 105],
      averageScore: [89.5, null, 85.6],
      passed: [13, 0, 67],
      indicators: rates([0.9, null, 0.8125]),
    };
    const spec = trendsChart(t);
    expect(spec.table.columns.slice(0, 4)).toEqual(['年度', '考核单位数', '平均得分', '达标数']);
    expect(spec.table.columns.slice(4)).toEqual(INDICATOR_KEYS.map((k) => INDICATOR_LABELS[k]));
    expect(spec.table.rows[0]!.slice(0, 5)).toEqual([2016, 17, 89.5, 13, '90%']);
    expect(spec.table.rows[1]!.slice(0, 5)).toEqual([2017, 0, '—', 0, '—']);
    expect(spec.table.rows[2]![4]).toBe('81.3%');
    const series = spec.option.series as { name: string; data: (number | null)[] }[];
    expect(series).toHaveLength(INDICATOR_KEYS.length);
    expect(series[0]!.data).toEqual([90, null, 81.3]);
  });
});

describe('dashboard text', () => {
  it('names the target and whether it is met, or the year it starts', () => {
    expect(targetLabel('社区', kind(4, 4, 1), 2020)).toBe('目标 100%：已达到');
    expect(targetLabel('村', kind(4, 10, 0.5), 2020)).toBe('目标 ≥50%：未达到');
    expect(targetLabel('村', kind(5, 10, 0.5), 2020)).toBe('目标 ≥50%：已达到');
    expect(targetLabel('社区', kind(1, 4, null), 2020)).toBe('目标自2020年：100%');
    expect(targetLabel('村', kind(1, 10, null), 2020)).toBe('目标自2020年：≥50%');
  });

  it('writes coverage and indicators as the tables show them', () => {
    expect(coverageText(kind(3, 7, 0.5))).toBe('3/7（42.9%）');
    expect(coverageText({ accepted: 0, total: 0, rate: null })).toBe('0/0（—）');
    expect(indicatorText({ numerator: 0, denominator: 0, rate: null })).toBe('无');
    expect(indicatorText({ numerator: 7, denominator: 8, rate: 0.875 })).toBe('87.5%');
    expect(indicatorText({ numerator: 0, denominator: 3, rate: 0 })).toBe('0%');
  });

  it('gives the computation time in Beijing time', () => {
    expect(beijingTime('2026-11-26T23:30:00.000Z')).toBe('2026-11-27 07:30');
    expect(beijingTime(null)).toBe('—');
    expect(beijingTime('not a date')).toBe('—');
  });

  it('says which units a past year’s scores count', () => {
    expect(scoredUnitsNote(overview({ year: 2026 }), 2026)).toBe('得分统计 12 个村（社区）。');
    expect(scoredUnitsNote(overview(), 2026)).toBe(
      '得分统计 2020 年度参加考核或已有登记数据的 12 个村（社区），其余 3 个未考核。',
    );
  });
});
