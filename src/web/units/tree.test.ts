import { describe, expect, it } from 'vitest';
import type { UnitView } from '../../api/units.ts';
import { buildUnitTree, filterUnits } from './tree.ts';

const unit = (code: string, name: string, kind: UnitView['kind'], parentCode: string | null): UnitView => ({
  code,
  name,
  officialName: name,
  kind,
  parentCode,
  level: parentCode ? (kind === 'town' ? 2 : 3) : 1,
  active: true,
  mergedInto: null,
  version: 1,
});

describe('buildUnitTree', () => {
  it('nests villages under their town and towns under the district', () => {
    const tree = buildUnitTree([
      unit('350505100201', '柳厝村', 'village', '350505100000'),
      unit('350505000000', '泉港区', 'district', null),
      unit('350505100000', '南埔镇', 'town', '350505000000'),
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.children?.[0]?.name).toBe('南埔镇');
    expect(tree[0]?.children?.[0]?.children?.[0]?.name).toBe('柳厝村');
  });

  it('makes a unit whose parent is out of scope a root', () => {
    const tree = buildUnitTree([
      unit('350505100202', '前黄村', 'village', '350505100000'),
      unit('350505100201', '柳厝村', 'village', '350505100000'),
    ]);
    expect(tree.map((n) => n.name)).toEqual(['柳厝村', '前黄村']);
    expect(tree[0]?.children).toBeUndefined();
  });
});

describe('filterUnits', () => {
  it('matches by name or code', () => {
    const list = [
      unit('350505100201', '柳厝村', 'village', null),
      unit('350505001001', '锦祥社区', 'community', null),
    ];
    expect(filterUnits(list, '锦祥').map((u) => u.code)).toEqual(['350505001001']);
    expect(filterUnits(list, '100201').map((u) => u.name)).toEqual(['柳厝村']);
    expect(filterUnits(list, ' ')).toHaveLength(2);
  });
});
