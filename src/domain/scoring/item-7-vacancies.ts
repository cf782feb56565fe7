/**
 * Item 7 — 岗位开发与动员 (10): 多渠道开发就业岗位，充分搜集就业岗位，组织动员参加职业培训和市场招聘会，鼓励失业人员自主创业等;
 * 无就业信息发布栏的扣2分；未组织动员参加职业培训等每项扣2分 (附件 row 7; DOMAIN.md §5.7).
 */

import type { ServiceType, UnitRecordType } from '../facts.ts';
import { itemDefinition } from '../profile.ts';
import { inPeriod, type ScoringContext } from './context.ts';
import { itemResult, type Deduction, type ItemResult } from './types.ts';

/**
 * The four activities "等每项" covers, each evidenced by a unit record of its type in P or by the matching
 * work itself: a collected vacancy, or any resident's 职业培训 / 招聘会 / 创业服务 record in P.
 */
const ACTIVITIES: readonly { record: UnitRecordType; service: ServiceType | null; label: string }[] = [
  { record: '岗位信息', service: null, label: '搜集就业岗位信息' },
  { record: '培训动员', service: '职业培训', label: '组织动员参加职业培训' },
  { record: '招聘会动员', service: '招聘会', label: '组织动员参加招聘会' },
  { record: '创业鼓励', service: '创业服务', label: '鼓励支持自主创业' },
];

/** One of item 7's four activities, with the unit record that evidences it. */
export type MobilisationActivity = (typeof ACTIVITIES)[number];

/** A 信息发布栏 record dated on or before D. */
export function hasInfoBoard(ctx: ScoringContext): boolean {
  return ctx.facts.records.some((r) => r.type === '信息发布栏' && r.date <= ctx.asOf);
}

/** Each of the four activities with whether P holds evidence of it, and the vacancies collected in P. */
export function mobilisationEvidence(ctx: ScoringContext): {
  activities: { activity: MobilisationActivity; evidenced: boolean }[];
  vacancies: number;
} {
  const recordTypes = new Set<UnitRecordType>();
  for (const r of ctx.facts.records) if (inPeriod(ctx, r.date)) recordTypes.add(r.type);
  const serviceTypes = new Set<ServiceType>();
  for (const p of ctx.population)
    for (const s of p.services) if (inPeriod(ctx, s.date)) serviceTypes.add(s.type);
  const vacancies = ctx.facts.vacancies.filter((v) => inPeriod(ctx, v.date)).length;
  const activities = ACTIVITIES.map((activity) => ({
    activity,
    evidenced:
      recordTypes.has(activity.record) ||
      (activity.service === null ? vacancies > 0 : serviceTypes.has(activity.service)),
  }));
  return { activities, vacancies };
}

/** Scores job development and mobilisation: −2 without an information board, −2 per activity without evidence in P. */
export function scoreItem7(ctx: ScoringContext): ItemResult {
  const definition = itemDefinition(ctx.profile, 7);
  const points = ctx.profile.deductionPoints;
  const board = hasInfoBoard(ctx);
  const evidence = mobilisationEvidence(ctx);
  const vacancies = evidence.vacancies;

  const deductions: Deduction[] = [];
  if (!board) {
    deductions.push({
      code: 'item7.noInfoBoard',
      reason: '无就业信息发布栏',
      points: points.noInfoBoard,
      evidence: [],
    });
  }
  let done = 0;
  for (const { activity: a, evidenced } of evidence.activities) {
    if (evidenced) done++;
    else {
      deductions.push({
        code: 'item7.missingActivity',
        reason: `本年度未${a.label}`,
        points: points.missingMobilisation,
        evidence: [],
      });
    }
  }
  return itemResult(definition, deductions, {
    infoBoard: board,
    vacanciesInPeriod: vacancies,
    activitiesDone: done,
  });
}
