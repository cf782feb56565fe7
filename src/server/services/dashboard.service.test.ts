import { describe, expect, it } from 'vitest';
import { projectionText } from './dashboard.service.ts';

describe('projectionText', () => {
  it('says since when a target is met', () => {
    expect(projectionText({ status: 'met', year: 2020, target: 1 }, '社区')).toBe('已达标（2020年起）');
  });

  it('projects the year at the pace of the last three years, with what is still missing', () => {
    expect(
      projectionText({ status: 'projected', year: 2027, target: 0.5, needed: 5, perYear: 7 / 3 }, '村'),
    ).toBe('按近三年进度（每年约 2.3 个），预计 2027 年达标，尚差 5 个村');
  });

  it('says when no year can be projected, and when there is nothing to count', () => {
    expect(projectionText({ status: 'stalled', target: 1, needed: 2 }, '社区')).toBe(
      '近三年无新增验收社区，按当前进度无法达标（尚差 2 个）',
    );
    expect(projectionText({ status: 'none' }, '村')).toBe('无村，不适用');
  });
});
