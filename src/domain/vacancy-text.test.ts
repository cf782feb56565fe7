import { describe, expect, it } from 'vitest';
import { payLabel, requirementLabel, yuan } from './vacancy-text.ts';

const none = { ageMin: null, ageMax: null, sex: null, education: null, requirements: null };

describe('vacancy wording on the board', () => {
  it('writes pay as a monthly range, an open end, free text, or 面议', () => {
    expect(payLabel({ payMinFen: 400000, payMaxFen: 600000, payText: null })).toBe('4000–6000 元/月');
    expect(payLabel({ payMinFen: 350050, payMaxFen: null, payText: '包吃住' })).toBe(
      '3500.50 元/月起，包吃住',
    );
    expect(payLabel({ payMinFen: null, payMaxFen: 500000, payText: null })).toBe('至 5000 元/月');
    expect(payLabel({ payMinFen: null, payMaxFen: null, payText: '计件' })).toBe('计件');
    expect(payLabel({ payMinFen: null, payMaxFen: null, payText: null })).toBe('面议');
    expect(yuan(0)).toBe('0');
  });

  it('lists age, sex, education and free text, or 不限', () => {
    expect(
      requirementLabel({
        ...none,
        ageMin: 18,
        ageMax: 45,
        sex: 'F',
        education: '高中',
        requirements: '能吃苦',
      }),
    ).toBe('年龄18–45岁；限女性；高中及以上；能吃苦');
    expect(requirementLabel({ ...none, ageMax: 50 })).toBe('年龄50岁以下');
    expect(requirementLabel({ ...none, ageMin: 20, sex: 'M' })).toBe('年龄20岁以上；限男性');
    expect(requirementLabel(none)).toBe('不限');
  });
});
