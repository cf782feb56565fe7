/**
 * Item 8 — 再就业援助行动 (8): 开展再就业援助行动，重点援助4050失业人员、“零就业家庭”失业人员实现就业;
 * 少开展一项服务的，扣2分。有连续失业一年以上的援助对象，扣3分 (附件 row 8; DOMAIN.md §5.8).
 */

import type { PersonFacts, ServiceRecord, ServiceType } from '../facts.ts';
import { isContinuouslyUnemployedYear } from '../person.ts';
import { itemDefinition } from '../profile.ts';
import { inPeriod, type ScoringContext } from './context.ts';
import { itemResult, personEvidence, serviceEvidence, type Deduction, type ItemResult } from './types.ts';

/**
 * Scores the assistance campaign: −2 for each service of `assistanceServices` never given in P to someone who
 * was a 援助对象 on that day; −3 once when a 援助对象 on D has been continuously unemployed for a year.
 */
export function scoreItem8(ctx: ScoringContext): ItemResult {
  const definition = itemDefinition(ctx.profile, 8);
  const points = ctx.profile.deductionPoints;
  const wanted = new Set<ServiceType>(ctx.profile.assistanceServices);
  const given = new Map<ServiceType, { record: ServiceRecord; person: PersonFacts }>();
  for (const person of ctx.population) {
    for (const s of person.services) {
      if (!wanted.has(s.type) || given.has(s.type) || !inPeriod(ctx, s.date)) continue;
      if (ctx.isAssistanceTarget(person, s.date)) given.set(s.type, { record: s, person });
    }
  }

  const deductions: Deduction[] = [];
  for (const type of ctx.profile.assistanceServices) {
    if (!given.has(type)) {
      deductions.push({
        code: 'item8.missingService',
        reason: `本年度未对援助对象开展${type}服务`,
        points: points.missingAssistanceService,
        evidence: [],
      });
    }
  }
  const longUnemployed = ctx.population.filter(
    (p) => ctx.isAssistanceTarget(p, ctx.asOf) && isContinuouslyUnemployedYear(p, ctx.asOf, ctx.profile),
  );
  if (longUnemployed.length > 0) {
    deductions.push({
      code: 'item8.longUnemployedTarget',
      reason: `有${longUnemployed.length}名援助对象连续失业一年以上`,
      points: points.longUnemployedTarget,
      evidence: longUnemployed.map(personEvidence),
    });
  }
  const notes = [...given.values()].map(
    ({ record, person }) => `${record.type}：${serviceEvidence(record, person).label}`,
  );
  return itemResult(
    definition,
    deductions,
    {
      servicesGiven: given.size,
      servicesRequired: ctx.profile.assistanceServices.length,
      longUnemployedTargets: longUnemployed.length,
    },
    notes,
  );
}
