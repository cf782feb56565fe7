/**
 * Item 4 — 失业人员均被组织在积极的就业准备中 (10): 失业人员要求参加职业培训、职业指导等就业准备的，及时予以联系落实的，
 * 给10分，否则不得分 (附件 row 4 and its 说明; DOMAIN.md §5.4). Both must hold:
 * (a) every 服务申请 dated in P by a person not employed that day was 联系落实 within `fulfilmentDays` (30) days —
 *     one still open on D but not yet 30 days old is not due;
 * (b) every able-and-willing person of R not employed on D has at least one preparation record
 *     (职业指导, 职业培训, 招聘会, 推荐就业, 创业服务) in P.
 */

import { addDays } from '../dates.ts';
import type { PersonFacts, ServiceRecord } from '../facts.ts';
import { isAbleAndWilling, isEmployedOn } from '../person.ts';
import { itemDefinition } from '../profile.ts';
import { inPeriod, type ScoringContext } from './context.ts';
import {
  itemResult,
  personEvidence,
  serviceEvidence,
  type Deduction,
  type Evidence,
  type ItemResult,
} from './types.ts';

/** Verdict on one 服务申请 as of D. */
export type RequestVerdict = 'inTime' | 'late' | 'notYetDue';

/** Judges a request: fulfilled by D within the allowed days, still inside them, or late. */
export function requestVerdict(request: ServiceRecord, asOf: string, fulfilmentDays: number): RequestVerdict {
  const due = addDays(request.date, fulfilmentDays);
  const fulfilled = request.fulfilled !== null && request.fulfilled <= asOf ? request.fulfilled : null;
  if (fulfilled !== null && fulfilled <= due) return 'inTime';
  return fulfilled === null && asOf <= due ? 'notYetDue' : 'late';
}

/** Scores employment preparation: 10 when (a) and (b) both hold, else 0. */
export function scoreItem4(ctx: ScoringContext): ItemResult {
  const definition = itemDefinition(ctx.profile, 4);
  const { profile, asOf } = ctx;

  let requests = 0;
  let inTime = 0;
  let notYetDue = 0;
  const late: Evidence[] = [];
  for (const person of ctx.population) {
    for (const s of person.services) {
      if (s.type !== '服务申请' || !inPeriod(ctx, s.date) || isEmployedOn(person, s.date, profile)) continue;
      requests++;
      const verdict = requestVerdict(s, asOf, profile.fulfilmentDays);
      if (verdict === 'inTime') inTime++;
      else if (verdict === 'notYetDue') notYetDue++;
      else late.push(serviceEvidence(s, person));
    }
  }

  const prepTypes = new Set(profile.preparationServices);
  let needPreparation = 0;
  const unprepared: PersonFacts[] = [];
  for (const { person } of ctx.registered) {
    if (!isAbleAndWilling(person) || isEmployedOn(person, asOf, profile)) continue;
    needPreparation++;
    if (!person.services.some((s) => prepTypes.has(s.type) && inPeriod(ctx, s.date))) unprepared.push(person);
  }

  const deductions: Deduction[] = [];
  if (late.length > 0) {
    deductions.push({
      code: 'item4.requestNotFulfilled',
      reason: `${late.length}项就业准备申请未在${profile.fulfilmentDays}天内联系落实，该项不得分`,
      points: definition.max,
      evidence: late,
    });
  }
  if (unprepared.length > 0) {
    deductions.push({
      code: 'item4.notInPreparation',
      reason: `${unprepared.length}名有劳动能力和就业愿望的登记失业人员未被组织参加职业指导、培训、招聘会等就业准备，该项不得分`,
      points: definition.max,
      evidence: unprepared.map(personEvidence),
    });
  }
  return itemResult(definition, deductions, {
    requests,
    requestsInTime: inTime,
    requestsNotYetDue: notYetDue,
    requestsLate: late.length,
    needPreparation,
    prepared: needPreparation - unprepared.length,
    met: deductions.length === 0,
  });
}
