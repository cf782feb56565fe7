/**
 * Item 1 — 组织领导 (15): 成立创建领导小组，建立健全工作制度，… 做到有计划、有目标、有措施
 * (附件 row 1; DOMAIN.md §5.1). Read from the unit's records dated on or before D.
 */

import type { UnitRecordType } from '../facts.ts';
import { itemDefinition } from '../profile.ts';
import type { ScoringContext } from './context.ts';
import { itemResult, type Deduction, type ItemResult } from './types.ts';

/** 工作计划、目标、措施 — "每少一项扣2分". */
const PLAN_ELEMENTS: readonly UnitRecordType[] = ['工作计划', '工作目标', '工作措施'];

/** The organisation records of item 1 the unit has dated on or before D. */
export function organisationRecordsPresent(ctx: ScoringContext): Set<UnitRecordType> {
  const present = new Set<UnitRecordType>();
  for (const r of ctx.facts.records) if (r.date <= ctx.asOf) present.add(r.type);
  return present;
}

/** The organisation records item 1 deducts for, in the annex's order. */
export function missingOrganisationRecords(ctx: ScoringContext): UnitRecordType[] {
  const present = organisationRecordsPresent(ctx);
  return (['领导小组', '工作制度', ...PLAN_ELEMENTS] as UnitRecordType[]).filter((t) => !present.has(t));
}

/** Scores 组织领导: no 领导小组 −5; no 工作制度 −5; each missing of 工作计划/工作目标/工作措施 −2. */
export function scoreItem1(ctx: ScoringContext): ItemResult {
  const points = ctx.profile.deductionPoints;
  const present = organisationRecordsPresent(ctx);

  const deductions: Deduction[] = [];
  if (!present.has('领导小组')) {
    deductions.push({
      code: 'item1.noLeadingGroup',
      reason: '未成立创建领导小组（组织机构不健全）',
      points: points.noLeadingGroup,
      evidence: [],
    });
  }
  if (!present.has('工作制度')) {
    deductions.push({
      code: 'item1.noWorkSystem',
      reason: '工作制度不健全（无工作制度记录）',
      points: points.noWorkSystem,
      evidence: [],
    });
  }
  for (const element of PLAN_ELEMENTS) {
    if (!present.has(element)) {
      deductions.push({
        code: 'item1.missingPlanElement',
        reason: `缺少${element}`,
        points: points.missingPlanElement,
        evidence: [],
      });
    }
  }
  return itemResult(itemDefinition(ctx.profile, 1), deductions, {
    leadingGroup: present.has('领导小组'),
    workSystem: present.has('工作制度'),
    planElementsPresent: PLAN_ELEMENTS.filter((e) => present.has(e)).length,
  });
}
