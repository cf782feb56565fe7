/**
 * The result shapes of the 100-point table (DOMAIN.md §5): each item returns its score, its maximum, the
 * deductions with the evidence behind each, and the numbers it was computed from.
 */

import type { HouseholdFacts, PersonFacts, ServiceRecord, UnitRecord, VacancyFacts } from '../facts.ts';
import type { ItemDefinition } from '../profile.ts';

/** What a piece of evidence points at, so a reviewer can click through to it. */
export type EvidenceKind = 'person' | 'household' | 'record' | 'unitRecord' | 'vacancy' | 'reviewerFlag';

/** 佐证 — one person, household or record behind a deduction. */
export interface Evidence {
  kind: EvidenceKind;
  id: number;
  label: string;
}

/** 扣分 — one deduction. A deduction for something absent (no 领导小组 record) has no evidence to point at. */
export interface Deduction {
  /** stable machine code, e.g. `item2.rateBelowThreshold` */
  code: string;
  /** Chinese, for the reviewer */
  reason: string;
  /** integer points */
  points: number;
  evidence: Evidence[];
}

/** The numbers behind an item (R, N, rates as numerator/denominator…), for display and indicators. */
export type ItemInputs = Readonly<Record<string, number | string | boolean | null>>;

/** One scored row of the annex. */
export interface ItemResult {
  no: ItemDefinition['no'];
  title: string;
  max: number;
  /** max(0, max − Σ deductions) — 扣完为止 */
  score: number;
  deductions: Deduction[];
  /** remarks that are not deductions, e.g. 无登记失业人员 */
  notes: string[];
  inputs: ItemInputs;
}

/** Builds an item result; the score is never below 0 however many deductions there are. */
export function itemResult(
  definition: ItemDefinition,
  deductions: Deduction[],
  inputs: ItemInputs,
  notes: string[] = [],
): ItemResult {
  const total = deductions.reduce((sum, d) => sum + d.points, 0);
  return {
    no: definition.no,
    title: definition.title,
    max: definition.max,
    score: Math.max(0, definition.max - total),
    deductions,
    notes,
    inputs,
  };
}

export function personEvidence(person: PersonFacts): Evidence {
  return { kind: 'person', id: person.id, label: person.name };
}

export function householdEvidence(household: HouseholdFacts, detail = ''): Evidence {
  return { kind: 'household', id: household.id, label: `${household.number}户${detail}` };
}

export function serviceEvidence(record: ServiceRecord, person?: PersonFacts): Evidence {
  const who = person ? `${person.name} ` : '';
  return { kind: 'record', id: record.id, label: `${who}${record.date} ${record.type}` };
}

export function unitRecordEvidence(record: UnitRecord): Evidence {
  return { kind: 'unitRecord', id: record.id, label: `${record.date} ${record.type}` };
}

export function vacancyEvidence(vacancy: VacancyFacts): Evidence {
  return { kind: 'vacancy', id: vacancy.id, label: `${vacancy.date} 岗位信息` };
}

/**
 * A rate for display: truncated (never rounded up) to one decimal, so 79.99 % shows as 79.9 % and cannot
 * look like it met an 80 % threshold it missed.
 */
export function percentText(numerator: number, denominator: number): string {
  if (denominator === 0) return '—';
  const tenths = Math.floor((numerator * 1000) / denominator);
  return `${(tenths / 10).toFixed(1)}%`;
}

/** `rate` (0.8) as `80%` for reasons and details. */
export function thresholdText(rate: number): string {
  return `${Math.round(rate * 10_000) / 100}%`;
}
