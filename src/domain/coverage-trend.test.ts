import { describe, expect, it } from 'vitest';
import { coverageSeries, projectTarget, unitsNeeded } from './coverage-trend.ts';
import type { UnitAcceptance } from './coverage.ts';
import { getProfile } from './profile.ts';

const profile = getProfile();
const village = (...years: number[]): UnitAcceptance => ({ kind: 'village', acceptedYears: years });
const community = (...years: number[]): UnitAcceptance => ({ kind: 'community', acceptedYears: years });

describe('coverageSeries', () => {
  it('meets the village target with exactly 50 % of villages in 2020, and not with one fewer', () => {
    const units = [village(2016), village(2020), village(), village()];
    const [y2019, y2020] = coverageSeries(units, 2019, 2020, profile);
    expect(y2019!.village).toMatchObject({ accepted: 1, total: 4, target: null, met: true });
    expect(y2020!.village).toMatchObject({ accepted: 2, total: 4, target: 0.5, met: true });
    const short = coverageSeries([village(2016), village(), village(), village()], 2020, 2020, profile);
    expect(short[0]!.village.met).toBe(false);
  });

  it('keeps an acceptance in every later year, and counts 其他 units apart from both targets', () => {
    const series = coverageSeries(
      [community(2017), { kind: 'other', acceptedYears: [2018] }],
      2016,
      2021,
      profile,
    );
    expect(series.map((p) => p.community.accepted)).toEqual([0, 1, 1, 1, 1, 1]);
    expect(series.map((p) => p.other.accepted)).toEqual([0, 0, 1, 1, 1, 1]);
    expect(series[4]!.community).toMatchObject({ total: 1, rate: 1, met: true });
  });
});

describe('projectTarget', () => {
  it('says 已达标 with the first year of the unbroken run once the target is met', () => {
    const series = coverageSeries([community(2018), community(2019)], 2016, 2022, profile);
    expect(projectTarget(series, 'community', profile)).toEqual({ status: 'met', year: 2019, target: 1 });
  });

  it('projects linearly on the last three years', () => {
    // 10 villages, 1 accepted a year 2021–2023: 3 accepted, 5 needed → 2 more at 1 a year → 2025
    const units = [
      village(2021),
      village(2022),
      village(2023),
      ...Array.from({ length: 7 }, () => village()),
    ];
    const series = coverageSeries(units, 2016, 2023, profile);
    expect(projectTarget(series, 'village', profile)).toMatchObject({
      status: 'projected',
      year: 2025,
      needed: 2,
      perYear: 1,
    });
  });

  it('cannot project when nothing was accepted in the window', () => {
    const series = coverageSeries([village(2016), village(), village()], 2016, 2023, profile);
    expect(projectTarget(series, 'village', profile)).toMatchObject({ status: 'stalled', needed: 1 });
    expect(projectTarget(series, 'community', profile)).toEqual({ status: 'none' });
  });

  it('needs ⌈50 %⌉ of an odd number of villages', () => {
    expect(unitsNeeded(91, 0.5)).toBe(46);
    expect(unitsNeeded(13, 1)).toBe(13);
  });
});
