/**
 * Item 2 — 登记失业人员就业率80%以上（含灵活就业人员）(20): 就业率低于80%的，该项不得分
 * (附件 row 2; DOMAIN.md §5.2). rate = N / R where N counts persons of R employed on D in a job that started
 * in P. The comparison is exact (N·10000 ≥ threshold·10000·R): 79.99 % earns nothing.
 */

import type { PersonFacts } from '../facts.ts';
import { employmentOn, wasEmployedDuring } from '../person.ts';
import { itemDefinition, meetsRate } from '../profile.ts';
import type { ScoringContext } from './context.ts';
import {
  itemResult,
  percentText,
  personEvidence,
  thresholdText,
  type Deduction,
  type ItemResult,
} from './types.ts';

/** Scores the registered-unemployed employment rate; R empty earns full marks ("无登记失业人员"). */
export function scoreItem2(ctx: ScoringContext): ItemResult {
  const definition = itemDefinition(ctx.profile, 2);
  const threshold = ctx.profile.employmentRateThreshold;
  const R = ctx.registered.length;
  let N = 0;
  let employedAnyTime = 0;
  const notPlaced: PersonFacts[] = [];
  for (const { person } of ctx.registered) {
    const job = employmentOn(person, ctx.asOf, ctx.profile);
    if (job !== null && job.start >= ctx.periodStart) N++;
    else notPlaced.push(person);
    if (wasEmployedDuring(person, ctx.periodStart, ctx.asOf, ctx.profile)) employedAnyTime++;
  }
  const inputs = {
    R,
    N,
    rate: R === 0 ? null : N / R,
    threshold,
    met: R === 0 || meetsRate(N, R, threshold),
    leftLabourForce: ctx.leftLabourForce.length,
    employedAnyTimeInPeriod: employedAnyTime,
    rateAnyTimeInPeriod: R === 0 ? null : employedAnyTime / R,
  };
  if (R === 0) return itemResult(definition, [], inputs, ['无登记失业人员']);

  const notes = [`另计：期间内曾就业 ${employedAnyTime}/${R}（${percentText(employedAnyTime, R)}）`];
  const deductions: Deduction[] = [];
  if (!inputs.met) {
    deductions.push({
      code: 'item2.rateBelowThreshold',
      reason: `登记失业人员就业率 ${N}/${R}（${percentText(N, R)}）低于${thresholdText(threshold)}，该项不得分`,
      points: definition.max,
      evidence: notPlaced.map(personEvidence),
    });
  }
  return itemResult(definition, deductions, inputs, notes);
}
