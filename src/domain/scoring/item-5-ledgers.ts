/**
 * Item 5 — 登记台账 (10): 建立劳动力、失业人员、就业困难人员、精准扶贫劳动力登记台账，录入电脑… ;
 * 登记台账无建立的一项扣2分；台账信息与实际情况不相符的，扣2分；未录入电脑扣3分 (附件 row 5; DOMAIN.md §5.5).
 * A ledger is established when it has a row, or when U declared in Y that it has nobody of that class.
 */

import type { LedgerClass } from '../facts.ts';
import { isDeductingFinding, type DataQualityIssue } from '../data-quality.ts';
import { hasDifficultyDuring, isPovertyLabourer } from '../person.ts';
import { itemDefinition } from '../profile.ts';
import { inPeriod, type ScoringContext } from './context.ts';
import { itemResult, type Deduction, type Evidence, type ItemResult } from './types.ts';

/** The four ledgers of the annex. */
export type Ledger = '劳动力' | LedgerClass;

function issueEvidence(issue: DataQualityIssue): Evidence {
  if (issue.personId !== null) return { kind: 'person', id: issue.personId, label: issue.message };
  return { kind: 'household', id: issue.householdId ?? 0, label: issue.message };
}

/** Scores the ledgers: −2 per ledger not established; −2 once (or 1 per finding) for mismatches with reality. */
export function scoreItem5(ctx: ScoringContext): ItemResult {
  const definition = itemDefinition(ctx.profile, 5);
  const points = ctx.profile.deductionPoints;
  const declared = new Set<LedgerClass>();
  for (const r of ctx.facts.records) {
    if (r.type === '无此类人员声明' && r.ledgerClass !== null && inPeriod(ctx, r.date))
      declared.add(r.ledgerClass);
  }
  const rows: Record<Ledger, boolean> = {
    劳动力: ctx.population.length > 0,
    失业人员: ctx.registered.length > 0,
    就业困难人员: ctx.population.some((p) => hasDifficultyDuring(p, ctx.periodStart, ctx.asOf)),
    精准扶贫劳动力: ctx.population.some((p) => isPovertyLabourer(p, ctx.asOf, ctx.profile)),
  };

  const deductions: Deduction[] = [];
  const notes: string[] = [];
  for (const ledger of Object.keys(rows) as Ledger[]) {
    if (rows[ledger]) continue;
    if (ledger !== '劳动力' && declared.has(ledger)) {
      notes.push(`${ledger}台账无人员，已提交无此类人员声明`);
      continue;
    }
    deductions.push({
      code: 'item5.missingLedger',
      reason: `未建立${ledger}登记台账`,
      points: points.missingLedger,
      evidence: [],
    });
  }

  const findings = ctx.dataQuality.filter(isDeductingFinding);
  const flags = ctx.facts.reviewerMismatchFlags.filter((f) => inPeriod(ctx, f.date));
  const flagEvidence: Evidence[] = flags.map((f) => ({
    kind: 'reviewerFlag',
    id: f.id,
    label: `${f.date} 审核标记：${f.note}`,
  }));
  if (ctx.profile.mismatchDeduction === 'once') {
    if (findings.length + flags.length > 0) {
      deductions.push({
        code: 'item5.ledgerMismatch',
        reason: `台账信息与实际情况不相符（${findings.length + flags.length}处）`,
        points: points.ledgerMismatchOnce,
        evidence: [...findings.map(issueEvidence), ...flagEvidence],
      });
    }
  } else {
    for (const finding of findings) {
      deductions.push({
        code: 'item5.ledgerMismatch',
        reason: `台账信息与实际情况不相符：${finding.message}`,
        points: points.ledgerMismatchPerFinding,
        evidence: [issueEvidence(finding)],
      });
    }
    for (const flag of flagEvidence) {
      deductions.push({
        code: 'item5.ledgerMismatch',
        reason: `台账信息与实际情况不相符：${flag.label}`,
        points: points.ledgerMismatchPerFinding,
        evidence: [flag],
      });
    }
  }
  // 录入电脑: the ledgers this item reads are the system's own records, so they are computerised by construction.
  notes.push('台账已录入本系统（不扣“未录入电脑”分）');
  return itemResult(
    definition,
    deductions,
    {
      labourForceLedger: rows['劳动力'],
      unemployedLedger: rows['失业人员'] || declared.has('失业人员'),
      difficultyLedger: rows['就业困难人员'] || declared.has('就业困难人员'),
      povertyLedger: rows['精准扶贫劳动力'] || declared.has('精准扶贫劳动力'),
      mismatchFindings: findings.length,
      reviewerFlags: flags.length,
      warnings: ctx.dataQuality.length - findings.length,
      computerised: true,
    },
    notes,
  );
}
