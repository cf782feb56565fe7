import { describe, expect, it } from 'vitest';
import type { AssessmentListItem } from '../../api/assessment.ts';
import { summaryScope, summaryTotals } from './summary.ts';

const item = (over: Partial<AssessmentListItem>): AssessmentListItem => ({
  unit: '350505100201',
  name: '柳厝村',
  kind: 'village',
  townCode: '350505100000',
  townName: '南埔镇',
  state: 'draft',
  stateLabel: '未申报',
  version: 0,
  live: true,
  computedTotal: 90,
  passed: true,
  selfTotal: null,
  townTotal: null,
  districtTotal: null,
  daysLate: { self: null, town: null, district: null },
  award: null,
  ...over,
});
const award = (year: number, status: 'proposed' | 'approved') => ({
  year,
  amountFen: 2_000_000,
  recommendedUpward: false,
  status,
  proposedBy: 1,
  proposedAt: `${year}-12-20T00:00:00Z`,
  approvedBy: status === 'approved' ? 2 : null,
  approvedAt: status === 'approved' ? `${year}-12-28T00:00:00Z` : null,
});

describe('the printed 考核汇总表', () => {
  it('names the chosen town, the whole district, or the user’s own unit', () => {
    expect(summaryScope({ unitName: null, role: 'district_assessor' }, [item({})], '350505100000')).toBe(
      '南埔镇',
    );
    expect(summaryScope({ unitName: null, role: 'district_assessor' }, [item({})], null)).toBe('全区');
    expect(summaryScope({ unitName: '南埔镇', role: 'town_staff' }, [item({})], null)).toBe('南埔镇');
  });

  it('totals units that pass, units accepted, and only this year’s approved awards', () => {
    const items = [
      item({ state: 'awarded', award: award(2017, 'approved') }),
      item({ state: 'accepted', award: award(2017, 'proposed') }),
      item({ state: 'accepted', award: award(2016, 'approved') }),
      item({ passed: false, computedTotal: 70 }),
    ];
    expect(summaryTotals(items, 2017)).toEqual({ passed: 3, accepted: 3, awardedYuan: 20000 });
  });
});
