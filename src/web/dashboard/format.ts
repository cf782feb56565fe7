import type { OverviewView } from '../../api/dashboard.ts';
import { pct } from './charts.ts';

/**
 * Text helpers of the dashboard pages (pure: tested without a browser). Rates come as exact fractions from the
 * server and are rounded only here, for display.
 */

type KindCoverage = OverviewView['coverage']['community'];

/** The target tag of a coverage card: the target line and whether it is met, or when it starts. */
export function targetLabel(kind: '社区' | '村', c: KindCoverage, targetYear: number): string {
  if (c.target === null) return `目标自${targetYear}年：${kind === '社区' ? '100%' : '≥50%'}`;
  return `目标 ${kind === '社区' ? '' : '≥'}${pct(c.target)}：${c.met ? '已达到' : '未达到'}`;
}

/** `accepted/total（rate）` of one kind, as the towns table shows it. */
export function coverageText(c: Pick<KindCoverage, 'accepted' | 'total' | 'rate'>): string {
  return `${c.accepted}/${c.total}（${pct(c.rate)}）`;
}

/** An indicator's rate, or 无 when the unit had nobody to measure it on (a denominator of 0). */
export function indicatorText(i: { numerator: number; denominator: number; rate: number | null }): string {
  return i.denominator === 0 ? '无' : pct(i.rate);
}

/** A stored instant (ISO, UTC) as Beijing time, `YYYY-MM-DD HH:mm`; — when there is none. */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Which units the year's scores count: every unit in the current year; in a past year only the units assessed
 * then (those that applied, or whose register already held data) — the others are 未考核.
 */
export function scoredUnitsNote(
  o: Pick<OverviewView, 'year' | 'distribution' | 'towns'>,
  currentYear: number,
) {
  const scored = o.distribution.reduce((s, d) => s + d.units, 0);
  const all = o.towns.reduce((s, t) => s + t.units, 0);
  if (o.year >= currentYear || scored >= all) return `得分统计 ${scored} 个村（社区）。`;
  return `得分统计 ${o.year} 年度参加考核或已有登记数据的 ${scored} 个村（社区），其余 ${all - scored} 个未考核。`;
}
