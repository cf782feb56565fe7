import type { OverviewView, TrendsView } from '../../api/dashboard.ts';
import { INDICATOR_KEYS, INDICATOR_LABELS } from '../../api/dashboard.ts';

/**
 * Option builders for the dashboard charts (pure: testable without a canvas). Each returns the ECharts option
 * and the same numbers as a table, so every chart has its data one click away.
 */

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}
export interface ChartSpec {
  option: Record<string, unknown>;
  table: ChartTable;
}

export const pct = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10}%`;
const pct1 = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
const FONT = {
  fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
};
const base = {
  textStyle: FONT,
  animation: false,
  tooltip: { trigger: 'axis' },
  grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
};

/** 覆盖率与目标：社区、村逐年覆盖率，2020 年起的目标线。 */
export function coverageChart(o: OverviewView): ChartSpec {
  const years = o.series.map((p) => String(p.year));
  const target = (kind: 'community' | 'village') =>
    o.series.map((p) => (p[kind].target === null ? null : pct1(p[kind].target)));
  return {
    option: {
      ...base,
      legend: { top: 0, type: 'scroll' },
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: '社区覆盖率',
          type: 'line',
          data: o.series.map((p) => pct1(p.community.rate)),
          symbolSize: 6,
        },
        { name: '村覆盖率', type: 'line', data: o.series.map((p) => pct1(p.village.rate)), symbolSize: 6 },
        // the target starts in 2020: a diamond marks it, so a single year of target is visible too
        {
          name: '社区目标',
          type: 'line',
          data: target('community'),
          lineStyle: { type: 'dashed' },
          symbol: 'diamond',
          symbolSize: 10,
        },
        {
          name: '村目标',
          type: 'line',
          data: target('village'),
          lineStyle: { type: 'dashed' },
          symbol: 'diamond',
          symbolSize: 10,
        },
      ],
    },
    table: {
      columns: [
        '年度',
        '社区（已验收/总数）',
        '社区覆盖率',
        '村（已验收/总数）',
        '村覆盖率',
        '社区目标',
        '村目标',
      ],
      rows: o.series.map((p) => [
        p.year,
        `${p.community.accepted}/${p.community.total}`,
        pct(p.community.rate),
        `${p.village.accepted}/${p.village.total}`,
        pct(p.village.rate),
        pct(p.community.target),
        pct(p.village.target),
      ]),
    },
  };
}

/** 得分分布。 */
export function distributionChart(o: OverviewView): ChartSpec {
  return {
    option: {
      ...base,
      xAxis: {
        type: 'category',
        data: o.distribution.map((d) => d.label),
        axisLabel: { interval: 0, rotate: 30 },
      },
      yAxis: { type: 'value', minInterval: 1, name: '个数' },
      series: [
        {
          name: '村（社区）',
          type: 'bar',
          data: o.distribution.map((d) => ({
            value: d.units,
            itemStyle: { color: d.from >= 85 ? '#52c41a' : '#fa8c16' },
          })),
          label: { show: true, position: 'top' },
        },
      ],
    },
    table: { columns: ['得分段', '村（社区）数'], rows: o.distribution.map((d) => [d.label, d.units]) },
  };
}

/** 逐项扣分：每个项目平均扣分与扣分单位数。 */
export function shortfallChart(o: OverviewView): ChartSpec {
  const items = [...o.items].reverse();
  return {
    option: {
      ...base,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      xAxis: [{ type: 'value' }],
      yAxis: {
        type: 'category',
        data: items.map((i) => `${i.no}.${i.title.length > 8 ? `${i.title.slice(0, 8)}…` : i.title}`),
      },
      series: [
        {
          name: '平均扣分',
          type: 'bar',
          data: items.map((i) => i.averageLost),
          label: { show: true, position: 'right' },
        },
      ],
    },
    table: {
      columns: ['项目', '标准分', '平均扣分', '扣分单位数', '主要原因'],
      rows: o.items.map((i) => [
        `${i.no}.${i.title}`,
        i.max,
        i.averageLost,
        i.unitsLosing,
        i.causes
          .slice(0, 2)
          .map((c) => `${c.label}（${c.units}）`)
          .join('；') || '—',
      ]),
    },
  };
}

/** 镇（街道）× 项目热力图：失分占该项满分的比例。 */
export function heatmapChart(o: OverviewView): ChartSpec {
  const data: [number, number, number][] = [];
  o.heatmap.lostShare.forEach((row, y) =>
    row.forEach((v, x) => data.push([x, y, Math.round(v * 1000) / 10])),
  );
  return {
    option: {
      ...base,
      tooltip: { position: 'top' },
      grid: { left: 8, right: 8, top: 16, bottom: 56, containLabel: true },
      xAxis: {
        type: 'category',
        data: o.heatmap.items.map((n) => `第${n}项`),
        splitArea: { show: true },
        axisLabel: { interval: 0, rotate: 45 },
      },
      yAxis: { type: 'category', data: o.heatmap.towns.map((t) => t.name), splitArea: { show: true } },
      visualMap: {
        min: 0,
        max: 50,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        text: ['失分50%', '0'],
        inRange: { color: ['#f6ffed', '#ffd666', '#f5222d'] },
      },
      series: [{ name: '失分比例（%）', type: 'heatmap', data, label: { show: true, fontSize: 10 } }],
    },
    table: {
      columns: ['镇（街道）', ...o.heatmap.items.map((n) => `第${n}项`)],
      rows: o.heatmap.towns.map((t, y) => [t.name, ...o.heatmap.lostShare[y]!.map((v) => pct(v))]),
    },
  };
}

/** 各项指标逐年走势。 */
export function trendsChart(t: TrendsView): ChartSpec {
  return {
    option: {
      ...base,
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: t.years.map(String) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: INDICATOR_KEYS.map((k) => ({
        name: INDICATOR_LABELS[k],
        type: 'line',
        connectNulls: true,
        data: t.indicators[k].map(pct1),
      })),
    },
    table: {
      columns: [
        '年度',
        '考核单位数',
        '平均得分',
        '达标数',
        ...INDICATOR_KEYS.map((k) => INDICATOR_LABELS[k]),
      ],
      rows: t.years.map((y, i) => [
        y,
        t.units[i] ?? 0,
        t.averageScore[i] ?? '—',
        t.passed[i] ?? 0,
        ...INDICATOR_KEYS.map((k) => pct(t.indicators[k][i])),
      ]),
    },
  };
}
