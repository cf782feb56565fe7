import { describe, expect, it } from 'vitest';
import type { AssessmentListItem } from '../../api/assessment.ts';
import { assessmentTodo, openQueues } from './workbench.ts';

const unit = (code: string, over: Partial<AssessmentListItem>): AssessmentListItem => ({
  unit: code,
  name: `村${code.slice(-3)}`,
  kind: 'village',
  townCode: '350505100000',
  townName: '南埔镇',
  state: 'draft',
  stateLabel: '未申报',
  version: 0,
  live: true,
  computedTotal: 92,
  passed: true,
  selfTotal: null,
  townTotal: null,
  districtTotal: null,
  daysLate: { self: null, town: null, district: null },
  award: null,
  ...over,
});

describe('工作台: what waits for whom', () => {
  const items = [
    unit('350505100201', { state: 'self_assessed', stateLabel: '已自评待初核' }),
    unit('350505100202', {
      state: 'self_assessed',
      stateLabel: '已自评待初核',
      daysLate: { self: null, town: 6, district: null },
    }),
    unit('350505100203', { state: 'town_reviewed', stateLabel: '已初核待验收' }),
    unit('350505100204', { state: 'draft', passed: false, computedTotal: 71 }),
    unit('350505100205', {
      state: 'accepted',
      stateLabel: '验收合格',
      award: {
        year: 2016,
        amountFen: 2_000_000,
        recommendedUpward: false,
        status: 'proposed',
        proposedBy: 7,
        proposedAt: '2016-12-20T02:00:00Z',
        approvedBy: null,
        approvedAt: null,
      },
    }),
  ];

  it('gives a town its reviews, the late one first, and counts every state in workflow order', () => {
    const todo = assessmentTodo({ id: 3, role: 'town_staff' }, items);
    expect(todo.mine.map((m) => [m.item.unit, m.step])).toEqual([
      ['350505100202', 'review'],
      ['350505100201', 'review'],
    ]);
    expect(todo.byState.map((s) => [s.state, s.count])).toEqual([
      ['draft', 1],
      ['self_assessed', 2],
      ['town_reviewed', 1],
      ['accepted', 1],
    ]);
    expect(todo.accepted).toBe(1);
  });

  it('gives the assessor the reviewed unit, the approver the award someone else proposed, never their own', () => {
    expect(assessmentTodo({ id: 5, role: 'district_assessor' }, items).mine.map((m) => m.step)).toEqual([
      'decide',
    ]);
    expect(assessmentTodo({ id: 8, role: 'district_approver' }, items).mine.map((m) => m.step)).toEqual([
      'approve',
    ]);
    expect(assessmentTodo({ id: 7, role: 'district_approver' }, items).mine).toEqual([]);
  });

  it('asks a village to submit only a draft that would pass', () => {
    const village = (i: AssessmentListItem) => assessmentTodo({ id: 1, role: 'village_staff' }, [i]).mine;
    expect(village(items[3]!)).toEqual([]);
    expect(village(unit('350505100206', {})).map((m) => m.step)).toEqual(['self']);
    expect(village(unit('350505100207', { state: 'returned', passed: false })).map((m) => m.step)).toEqual([
      'self',
    ]);
  });

  it('lists only the queues that hold work, in the queue order', () => {
    expect(openQueues({ unitGap: 2, notVisited: 5, openRequest: 0 })).toEqual([
      { kind: 'notVisited', label: '登记失业人员本年度未走访', count: 5 },
      { kind: 'unitGap', label: '村级工作缺项', count: 2 },
    ]);
  });
});
