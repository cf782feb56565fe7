import { describe, expect, it } from 'vitest';
import {
  availableSteps,
  awardLabel,
  chineseDate,
  evidenceLink,
  fixLink,
  groupsOf,
  missingReasons,
} from './workflow.ts';

const award = (status: 'proposed' | 'approved', proposedBy: number) => ({
  year: 2026,
  amountFen: 2_000_000,
  recommendedUpward: true,
  status,
  proposedBy,
  proposedAt: '2026-12-20T00:00:00Z',
  approvedBy: null,
  approvedAt: null,
});

describe('availableSteps', () => {
  it('gives each role its step only in the state that awaits it', () => {
    expect(availableSteps({ id: 1, role: 'village_staff' }, { state: 'draft', award: null })).toEqual([
      'self',
    ]);
    expect(availableSteps({ id: 1, role: 'village_staff' }, { state: 'returned', award: null })).toEqual([
      'self',
    ]);
    expect(availableSteps({ id: 1, role: 'village_staff' }, { state: 'self_assessed', award: null })).toEqual(
      [],
    );
    expect(availableSteps({ id: 2, role: 'town_staff' }, { state: 'self_assessed', award: null })).toEqual([
      'review',
    ]);
    expect(availableSteps({ id: 2, role: 'town_staff' }, { state: 'draft', award: null })).toEqual([]);
    expect(
      availableSteps({ id: 3, role: 'district_assessor' }, { state: 'town_reviewed', award: null }),
    ).toEqual(['decide']);
    expect(availableSteps({ id: 3, role: 'district_assessor' }, { state: 'accepted', award: null })).toEqual([
      'propose',
    ]);
  });

  it('lets the approver approve only an award someone else proposed', () => {
    const card = { state: 'accepted' as const, award: award('proposed', 3) };
    expect(availableSteps({ id: 4, role: 'district_approver' }, card)).toEqual(['approve']);
    expect(availableSteps({ id: 3, role: 'district_approver' }, card)).toEqual([]);
    expect(availableSteps({ id: 3, role: 'district_assessor' }, card)).toEqual([]);
    expect(availableSteps({ id: 4, role: 'district_approver' }, { state: 'accepted', award: null })).toEqual(
      [],
    );
  });

  it('gives administrators nothing', () => {
    expect(availableSteps({ id: 9, role: 'system_admin' }, { state: 'draft', award: null })).toEqual([]);
    expect(availableSteps({ id: 9, role: null }, { state: 'town_reviewed', award: null })).toEqual([]);
  });
});

describe('evidence and fix links', () => {
  it('leads persons and households to their pages, unit records to the unit-work page', () => {
    expect(evidenceLink({ kind: 'person', id: 7 }, '350505100201', 2026)).toBe('/persons/7');
    expect(evidenceLink({ kind: 'household', id: 0 }, '350505100201', 2026)).toBeNull();
    expect(evidenceLink({ kind: 'unitRecord', id: 5 }, '350505100201', 2026)).toBe(
      '/unit-work?unit=350505100201&year=2026',
    );
    expect(evidenceLink({ kind: 'reviewerFlag', id: 5 }, '350505100201', 2026)).toBeNull();
  });

  it('opens the form of the missing organisation record', () => {
    expect(fixLink({ code: 'item1.noLeadingGroup', reason: '' }, 'U', 2026)?.to).toBe(
      `/unit-work?unit=U&year=2026&add=${encodeURIComponent('领导小组')}`,
    );
    expect(fixLink({ code: 'item1.missingPlanElement', reason: '缺少工作目标' }, 'U', 2026)?.label).toBe(
      '登记工作目标',
    );
    expect(fixLink({ code: 'item2.rateBelowThreshold', reason: '' }, 'U', 2026)).toBeNull();
  });
});

describe('groupsOf', () => {
  it('groups consecutive rows and sums their points', () => {
    const rows = [
      { group: '组织领导', max: 15 },
      { group: '目标任务', max: 20 },
      { group: '目标任务', max: 20 },
      { group: '目标任务', max: 10 },
    ];
    expect(groupsOf(rows).map((g) => [g.group, g.max, g.rows.length])).toEqual([
      ['组织领导', 15, 1],
      ['目标任务', 50, 3],
    ]);
  });
});

describe('awardLabel', () => {
  it('names the year of an award from an earlier year', () => {
    expect(awardLabel(award('approved', 3), 2026)).toBe('已批准 20000 元');
    expect(awardLabel({ ...award('approved', 3), year: 2019 }, 2026)).toBe('2019年度已批准 20000 元');
  });
});

describe('missingReasons', () => {
  it('asks for a reason only where the entered score differs from the computed one', () => {
    const computed = new Map([
      [1, 15],
      [2, 20],
      [3, 0],
    ]);
    expect(
      missingReasons(computed, [
        { no: 1, score: 15 },
        { no: 2, score: 18 },
        { no: 3, score: 20, reason: '已消除' },
      ]),
    ).toEqual([2]);
  });
});

describe('chineseDate', () => {
  it('writes the Beijing date in Chinese, or blanks', () => {
    expect(chineseDate('2026-12-09T17:00:00Z')).toBe('2026年12月10日');
    expect(chineseDate(null)).toContain('年');
  });
});
