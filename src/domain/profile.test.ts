import { describe, expect, it } from 'vitest';
import {
  coverageTargetFor,
  daysLate,
  deadlineIn,
  findProfile,
  getProfile,
  listProfiles,
  meetsRate,
} from './profile.ts';

describe('getProfile', () => {
  it('returns the Quangang 2016 profile by default, with an id and a version', () => {
    const profile = getProfile();
    expect(profile.id).toBe('quangang-2016');
    expect(profile.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses an unknown id', () => {
    expect(() => getProfile('nowhere')).toThrow(RangeError);
    expect(findProfile('nowhere')).toBeUndefined();
  });
});

describe('listProfiles', () => {
  it('lists the default and the Fujian star-community profiles, each with a unique id', () => {
    const ids = listProfiles().map((p) => p.id);
    expect(ids).toEqual(['quangang-2016', 'fujian-star-community']);
    for (const p of listProfiles()) expect(p.version).not.toBe('');
  });

  it('gives every profile a table whose maxima sum to 100 (15 + 50 + 35 by group)', () => {
    for (const p of listProfiles()) {
      expect(p.items.map((i) => i.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(p.items.reduce((s, i) => s + i.max, 0)).toBe(100);
      const byGroup = (g: string) => p.items.filter((i) => i.group === g).reduce((s, i) => s + i.max, 0);
      expect([byGroup('组织领导'), byGroup('目标任务'), byGroup('基础工作')]).toEqual([15, 50, 35]);
    }
  });

  it('freezes every profile so a caller cannot change a shared standard', () => {
    const profile = getProfile();
    expect(Object.isFrozen(profile)).toBe(true);
    expect(Object.isFrozen(profile.items[0])).toBe(true);
    expect(Object.isFrozen(profile.workingAge.male)).toBe(true);
  });
});

describe('quangang-2016 profile', () => {
  it('holds the defaults of DOMAIN.md', () => {
    const p = getProfile('quangang-2016');
    expect(p).toMatchObject({
      employmentRateThreshold: 0.8,
      fulfilmentDays: 30,
      passScore: 85,
      outcomesRequired: true,
      mismatchDeduction: 'once',
      zeroEmploymentDeadline: 'quarter',
      farmingCountsAsEmployed: false,
      period: 'calendarYearToAsOf',
      awardAmountYuan: 20000,
      awardOncePerUnit: true,
      acceptancePersists: true,
      calendar: {
        townPlanDue: '11-25',
        selfAssessmentDue: '12-10',
        townReviewDue: '12-20',
        districtAcceptanceDue: '12-31',
      },
    });
    expect(p.assistanceServices).toEqual(['职业指导', '就业咨询', '职业培训', '招聘会']);
  });

  it('carries the annex texts verbatim', () => {
    const item6 = getProfile().items[5];
    expect(item6?.content).toBe(
      '对登记失业人员走访率达到100%，有记录、有台账，其中对就业困难人员每季度至少联系1次',
    );
    expect(item6?.criteria).toBe(
      '走访率不到100%的，每少1个百分点，扣1分；对就业困难人员每季度少联系1人的，扣1分，扣完为止',
    );
  });
});

describe('fujian-star-community profile', () => {
  it('raises the rate to 85 % and adds the 就业困难人员 and stable-employment outcomes', () => {
    const p = getProfile('fujian-star-community');
    expect(p.employmentRateThreshold).toBe(0.85);
    expect(p.extraOutcomes.map((o) => o.kind)).toEqual([
      'difficultyEmploymentRate',
      'zeroEmploymentStablyEmployed',
    ]);
    expect(p.items[1]?.criteria).toBe('就业率低于85%的，该项不得分');
  });
});

describe('coverageTargetFor', () => {
  it('has no target before 2020 and 100 % of communities, 50 % of villages from 2020', () => {
    const p = getProfile();
    expect(coverageTargetFor(p, 2016)).toBeNull();
    expect(coverageTargetFor(p, 2020)).toEqual({ community: 1, village: 0.5 });
    expect(coverageTargetFor(p, 2023)).toEqual({ community: 1, village: 0.5 });
  });
});

describe('meetsRate', () => {
  it('includes the threshold itself and compares exactly, without rounding', () => {
    expect(meetsRate(4, 5, 0.8)).toBe(true);
    expect(meetsRate(7999, 10000, 0.8)).toBe(false);
    expect(meetsRate(79_999_999, 100_000_000, 0.8)).toBe(false);
    expect(meetsRate(17, 20, 0.85)).toBe(true);
    expect(meetsRate(0, 0, 0.8)).toBe(false);
  });
});

describe('daysLate', () => {
  it('is 0 on the deadline and counts days after it', () => {
    const p = getProfile();
    expect(deadlineIn(p, 2016, 'townReviewDue')).toBe('2016-12-20');
    expect(daysLate(p, 2016, 'selfAssessmentDue', '2016-12-10')).toBe(0);
    expect(daysLate(p, 2016, 'selfAssessmentDue', '2016-12-01')).toBe(0);
    expect(daysLate(p, 2016, 'selfAssessmentDue', '2016-12-12')).toBe(2);
    expect(daysLate(p, 2016, 'townPlanDue', '2016-11-26')).toBe(1);
  });
});
