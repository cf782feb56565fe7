import { describe, expect, it } from 'vitest';
import { coverageOf, isAcceptedIn, type UnitAcceptance } from './coverage.ts';
import { getProfile } from './profile.ts';
import { profileWith } from './test-factories.ts';

const villages = (accepted: number, total: number): UnitAcceptance[] =>
  Array.from({ length: total }, (_, i) => ({
    kind: 'village' as const,
    acceptedYears: i < accepted ? [2017] : [],
  }));

describe('isAcceptedIn', () => {
  it('keeps an acceptance in later years unless the profile asks for a yearly re-acceptance', () => {
    const unit: UnitAcceptance = { kind: 'village', acceptedYears: [2017] };
    expect(isAcceptedIn(unit, 2016, getProfile())).toBe(false);
    expect(isAcceptedIn(unit, 2020, getProfile())).toBe(true);
    expect(isAcceptedIn(unit, 2020, profileWith({ acceptancePersists: false }))).toBe(false);
  });

  it('lets a failed yearly re-review lapse an acceptance until the unit is accepted again', () => {
    const unit: UnitAcceptance = {
      kind: 'village',
      acceptedYears: [2017, 2020],
      rejectedYears: [2016, 2018],
    };
    const reReview = profileWith({ yearlyReReview: true });
    // a failed first try before the acceptance changes nothing; the failed re-review of 2018 does
    expect([2016, 2017, 2018, 2019, 2020, 2021].map((y) => isAcceptedIn(unit, y, reReview))).toEqual([
      false,
      true,
      false,
      false,
      true,
      true,
    ]);
    // without a re-review, a later 不合格 does not take the acceptance away
    expect(isAcceptedIn(unit, 2019, getProfile())).toBe(true);
  });
});

describe('coverageOf', () => {
  it('meets the 2020 village target at exactly 50 % and misses it one village short', () => {
    expect(coverageOf(villages(5, 10), 2020, getProfile()).village).toEqual({
      accepted: 5,
      total: 10,
      rate: 0.5,
      target: 0.5,
      met: true,
    });
    expect(coverageOf(villages(4, 10), 2020, getProfile()).village.met).toBe(false);
  });

  it('needs every community in 2020 and sets no target before', () => {
    const units: UnitAcceptance[] = [
      { kind: 'community', acceptedYears: [2016] },
      { kind: 'community', acceptedYears: [] },
    ];
    expect(coverageOf(units, 2020, getProfile()).community.met).toBe(false);
    expect(coverageOf(units, 2018, getProfile()).community).toMatchObject({
      accepted: 1,
      total: 2,
      target: null,
      met: true,
    });
  });
});
