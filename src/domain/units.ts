import type { UnitKind } from './facts.ts';

/**
 * 统计用区划代码 — the 12-digit statistical division code. Counties (6 digits) and towns (9 digits) are padded
 * with zeros to 12, as the National Bureau of Statistics writes them (350505 → 350505000000).
 */
export function normalizeUnitCode(code: string): string | null {
  const c = code.trim();
  if (!/^\d{6}(\d{3}){0,2}$/.test(c)) return null;
  return c.padEnd(12, '0');
}

/** The division level of a 12-digit code: 1 county/district, 2 town/street, 3 village-level. */
export function levelOfCode(code12: string): 1 | 2 | 3 {
  if (code12.endsWith('000000')) return 1;
  if (code12.endsWith('000')) return 2;
  return 3;
}

/**
 * Village (村) or community (社区): the two have different coverage targets (document section 一). Told
 * from the official name; a "虚拟社区" (a park's administrative placeholder) is neither.
 */
export function unitKindFromName(level: 1 | 2 | 3, officialName: string): UnitKind {
  if (level === 1) return 'district';
  if (level === 2) return 'town';
  if (officialName.includes('虚拟')) return 'other';
  if (/社区(居委会|居民委员会)?$/.test(officialName)) return 'community';
  if (/村(委会|民委员会)?$/.test(officialName)) return 'village';
  return 'other';
}

/** The everyday name: 柳厝村委会 → 柳厝村, 锦祥社区居委会 → 锦祥社区. */
export function shortUnitName(officialName: string): string {
  return officialName.replace(/(村)(委会|民委员会)$/, '$1').replace(/(社区)(居委会|居民委员会)$/, '$1');
}

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  district: '区',
  town: '镇（街道）',
  village: '村',
  community: '社区',
  other: '其他',
};
