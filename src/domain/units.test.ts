import { describe, expect, it } from 'vitest';
import { levelOfCode, normalizeUnitCode, shortUnitName, unitKindFromName } from './units.ts';

describe('normalizeUnitCode', () => {
  it('pads district and town codes to twelve digits', () => {
    expect(normalizeUnitCode('350505')).toBe('350505000000');
    expect(normalizeUnitCode('350505001')).toBe('350505001000');
    expect(normalizeUnitCode('350505100201')).toBe('350505100201');
  });
  it('refuses codes of other lengths or with letters', () => {
    expect(normalizeUnitCode('3505')).toBeNull();
    expect(normalizeUnitCode('35050510020')).toBeNull();
    expect(normalizeUnitCode('35050510020X')).toBeNull();
  });
});

describe('levelOfCode', () => {
  it('reads the level from the padding', () => {
    expect(levelOfCode('350505000000')).toBe(1);
    expect(levelOfCode('350505100000')).toBe(2);
    expect(levelOfCode('350505100201')).toBe(3);
  });
});

describe('unitKindFromName', () => {
  it('tells villages from communities by their committee', () => {
    expect(unitKindFromName(3, '柳厝村委会')).toBe('village');
    expect(unitKindFromName(3, '锦祥社区居委会')).toBe('community');
    expect(unitKindFromName(3, '石化工业园区虚拟社区')).toBe('other');
    expect(unitKindFromName(2, '南埔镇')).toBe('town');
  });
});

describe('shortUnitName', () => {
  it('drops the committee suffix', () => {
    expect(shortUnitName('柳厝村委会')).toBe('柳厝村');
    expect(shortUnitName('锦祥社区居委会')).toBe('锦祥社区');
    expect(shortUnitName('南埔镇')).toBe('南埔镇');
  });
});
