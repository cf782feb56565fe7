import type { AssessmentResultView } from '../../api/assessment.ts';
import { getProfile, type StandardProfile } from '../../domain/profile.ts';
// The domain's seedable PRNG (mulberry32): demo history is test data too.
import { makeRandom } from '../../domain/test-factories.ts';
import type { AssessmentState, UnitRow } from '../db/database.ts';
import {
  approveAward,
  ensureAssessmentRow,
  findAwardByUnit,
  insertAward,
  insertTransition,
  updateAssessment,
} from '../repositories/assessment.repository.ts';
import { countAssessmentsBetween } from '../repositories/unit-result.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { findUserByUsername } from '../repositories/user.repository.ts';
import { isAssessedUnit } from './assessment.service.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, type ServiceContext } from './context.ts';

/**
 * 演示历史 (issue 6): past creation years of the demo district, written as the workflow would have left them —
 * assessments accepted, rejected or awarded with frozen snapshots, self / town / district scores, transitions
 * dated inside each year's calendar (12月上旬 / 中旬 / 下旬, a few late), and awards paid in the following
 * January. Deterministic by seed. Pace: communities reach 100 % in 2021 (one straggler after the 2020
 * deadline), villages pass 50 % in 2020 and keep rising; one town lags. Never for real data.
 */

export interface DemoHistoryOptions {
  seed: number;
  fromYear: number;
  /** last year written (exclusive of the current, live year) */
  toYear: number;
}

export interface DemoHistoryReport {
  assessments: number;
  accepted: number;
  rejected: number;
  awards: number;
  skipped: boolean;
}

/** Cumulative share of units accepted by the end of each year since 2016 (index 0 = 2016). */
const COMMUNITY_PACE = [0.25, 0.5, 0.7, 0.85, 0.9, 1];
const VILLAGE_PACE = [0.08, 0.17, 0.28, 0.4, 0.52, 0.58, 0.63, 0.68, 0.72, 0.76, 0.8];

function paceFor(kind: string, year: number): number {
  const pace = kind === 'community' ? COMMUNITY_PACE : VILLAGE_PACE;
  const i = Math.max(0, year - 2016);
  return i < pace.length ? pace[i]! : Math.min(1, pace[pace.length - 1]! + 0.04 * (i - pace.length + 1));
}

const DEDUCTION_TEXT: Record<number, [code: string, reason: string][]> = {
  1: [
    ['item1.missingPlanElement', '缺少工作计划'],
    ['item1.noWorkSystem', '未建立工作制度'],
  ],
  4: [
    ['item4.requestNotFulfilled', '服务申请未在 30 日内落实'],
    ['item4.notInPreparation', '有失业人员未被组织在就业准备中'],
  ],
  5: [
    ['item5.missingLedger', '缺少就业困难人员台账'],
    ['item5.ledgerMismatch', '台账信息与实际情况不相符'],
  ],
  6: [
    ['item6.visitRateShort', '走访率未达 100%'],
    ['item6.difficultyNotContacted', '就业困难人员有季度未联系'],
  ],
  7: [
    ['item7.missingActivity', '无创业鼓励活动记录'],
    ['item7.noInfoBoard', '无信息发布栏'],
  ],
  8: [
    ['item8.missingService', '援助行动缺少职业指导'],
    ['item8.longUnemployedTarget', '有援助对象连续失业一年以上'],
  ],
};

/** A plausible frozen result: consistent items, indicator inputs and outcomes, passing or not as planned. */
export function syntheticSnapshot(
  unit: Pick<UnitRow, 'code' | 'name'>,
  year: number,
  pass: boolean,
  rnd: () => number,
  profile: StandardProfile,
): AssessmentResultView {
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const R = int(6, 40);
  // a failing unit misses the employment rate (most often) or the 零就业家庭 item
  const failRate = !pass && rnd() < 0.65;
  const failZero = !pass && !failRate;
  const N = failRate
    ? Math.floor(R * (0.5 + rnd() * 0.29))
    : Math.min(R, Math.ceil(R * 0.8) + int(0, Math.floor(R * 0.2)));
  const households = int(0, 3);
  const zeroInTime = failZero ? Math.max(0, households - 1) : households;
  const zeroHouseholds = failZero ? Math.max(1, households) : households;
  // a missed visit costs ⌈100/R⌉ points: passing units miss at most one, and only in a large village
  const visited = R - (pass ? (R >= 20 && rnd() < 0.4 ? 1 : 0) : rnd() < 0.8 ? int(0, 2) : 0);
  const pairsDue = int(0, 12);
  const pairsMet = pairsDue - (rnd() < 0.4 ? Math.min(pairsDue, int(0, pass ? 1 : 3)) : 0);
  const requestsInTime = int(0, 8);
  const requestsLate = !pass && rnd() < 0.45 ? 1 : 0;
  const eligible = R - N;
  const recMet = eligible - (!pass && rnd() < 0.5 ? Math.min(eligible, 1) : 0);
  const deductionsOf = (no: number, budget: number) => {
    const out: { code: string; reason: string; points: number; evidence: [] }[] = [];
    const options = DEDUCTION_TEXT[no] ?? [];
    for (const [code, reason] of options)
      if (budget > 0 && rnd() < 0.5) {
        const points = Math.min(budget, no === 6 || no === 7 || no === 8 ? 2 : 2);
        out.push({ code, reason, points, evidence: [] });
        budget -= points;
      }
    return out;
  };
  const visitShort = R === 0 ? 0 : Math.ceil(((R - visited) * 100) / R);
  const items = profile.items.map((def) => {
    let deductions: { code: string; reason: string; points: number; evidence: [] }[] = [];
    let inputs: Record<string, number | boolean | null> = {};
    if (def.no === 2) {
      inputs = { R, N, rate: R ? N / R : null, met: !failRate };
      if (failRate)
        deductions = [
          {
            code: 'item2.rateBelowThreshold',
            reason: `登记失业人员就业率 ${Math.round((N / R) * 1000) / 10}%，低于 80%`,
            points: 20,
            evidence: [],
          },
        ];
    } else if (def.no === 3) {
      inputs = { households: zeroHouseholds, inTime: zeroInTime, carriedOver: 0 };
      if (zeroInTime < zeroHouseholds)
        deductions = [
          { code: 'item3.notEliminatedInTime', reason: '有零就业家庭未按期消除', points: 20, evidence: [] },
        ];
    } else if (def.no === 4) {
      inputs = { requestsInTime, requestsLate, requestsNotYetDue: 0 };
      if (requestsLate)
        deductions = [
          { code: 'item4.requestNotFulfilled', reason: '服务申请未在 30 日内落实', points: 10, evidence: [] },
        ];
    } else if (def.no === 6) {
      inputs = { R, visited, contactPairsDue: pairsDue, contactPairsMet: pairsMet };
      if (visitShort)
        deductions.push({
          code: 'item6.visitRateShort',
          reason: `走访率 ${Math.round((visited / R) * 1000) / 10}%`,
          points: visitShort,
          evidence: [],
        });
      if (pairsMet < pairsDue)
        deductions.push({
          code: 'item6.difficultyNotContacted',
          reason: `${pairsDue - pairsMet} 人次就业困难人员当季未联系`,
          points: pairsDue - pairsMet,
          evidence: [],
        });
    } else {
      deductions = deductionsOf(def.no, pass ? int(0, 2) : int(1, 4));
    }
    const lost = deductions.reduce((s, d) => s + d.points, 0);
    return {
      no: def.no,
      title: def.title,
      max: def.max,
      score: Math.max(0, def.max - lost),
      deductions,
      notes: [],
      inputs,
    };
  });
  let total = items.reduce((s, i) => s + i.score, 0);
  // a planned pass that lost too much on small items gets them back (the unit fixed them before submitting)
  for (const item of items) {
    if (!pass || total >= profile.passScore + 1) break;
    if (item.no === 2 || item.no === 3 || item.no === 6 || item.score === item.max) continue;
    total += item.max - item.score;
    item.score = item.max;
    item.deductions = [];
  }
  const outcomes = (
    [
      { no: 1, met: !failRate, inputs: { R, N } },
      { no: 2, met: true, inputs: { longUnemployedUrban: 0 } },
      {
        no: 3,
        met: zeroInTime === zeroHouseholds,
        inputs: { households: zeroHouseholds, inTime: zeroInTime },
      },
      { no: 4, met: recMet === eligible, inputs: { eligible, met: recMet } },
    ] as { no: number; met: boolean; inputs: Record<string, number> }[]
  ).map((o) => ({
    ...o,
    text: profile.outcomeTexts[o.no - 1]!,
    detail: o.met ? '达成' : '未达成',
    evidence: [],
  }));
  const passed = total >= profile.passScore && outcomes.every((o) => o.met);
  return {
    unit: unit.code,
    name: unit.name,
    year,
    asOf: `${year}-12-10`,
    profile: profile.id,
    profileVersion: profile.version,
    total,
    passed,
    items,
    outcomes,
  };
}

const at = (date: string, hour = 9) =>
  new Date(Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`)).toISOString();
const dd = (n: number) => String(n).padStart(2, '0');

/**
 * Writes the past years `fromYear`…`toYear` of the demo district. Skips (and says so) when any assessment of
 * those years exists, so a second run changes nothing.
 */
export async function seedDemoHistory(
  ctx: ServiceContext,
  opts: DemoHistoryOptions,
): Promise<DemoHistoryReport> {
  if (opts.toYear < opts.fromYear)
    return { assessments: 0, accepted: 0, rejected: 0, awards: 0, skipped: true };
  const existing = await countAssessmentsBetween(ctx.db, opts.fromYear, opts.toYear);
  if (existing > 0) return { assessments: 0, accepted: 0, rejected: 0, awards: 0, skipped: true };
  const all = await findUnits(ctx.db);
  const units = all.filter(isAssessedUnit);
  if (units.length === 0) throw new AppError('CONFLICT', '没有村（社区）单位，请先载入区划');
  const names = new Map(all.map((u) => [u.code, u.name]));
  const profile = getProfile();
  const rnd = makeRandom(opts.seed);
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const [proposer, approver] = await Promise.all([
    findUserByUsername(ctx.db, 'kaohe'),
    findUserByUsername(ctx.db, 'shenpi'),
  ]);

  // Diligence: a town factor plus the unit's own; the weakest town's units come last every year.
  const towns = [...new Set(units.map((u) => u.parent_code ?? ''))].sort();
  const townFactor = new Map(towns.map((t) => [t, rnd()]));
  const weakest = [...townFactor.entries()].sort((a, b) => a[1] - b[1])[0]?.[0];
  if (weakest) townFactor.set(weakest, -0.6);
  const diligence = new Map(
    units.map((u) => [u.code, (townFactor.get(u.parent_code ?? '') ?? 0) + rnd() * 1.2]),
  );
  const acceptedUnits = new Set<string>();
  const report: DemoHistoryReport = { assessments: 0, accepted: 0, rejected: 0, awards: 0, skipped: false };

  await ctx.db.transaction().execute(async (trx) => {
    for (let year = opts.fromYear; year <= opts.toYear; year++) {
      for (const kind of ['community', 'village', 'other'] as const) {
        const ofKind = units.filter((u) => u.kind === kind);
        if (ofKind.length === 0) continue;
        const goal = Math.ceil(paceFor(kind, year) * ofKind.length - 1e-9);
        const pending = ofKind
          .filter((u) => !acceptedUnits.has(u.code))
          .sort((a, b) => diligence.get(b.code)! - diligence.get(a.code)!);
        const already = ofKind.length - pending.length;
        const accepting = Math.max(0, goal - already);
        const rejecting = Math.min(
          pending.length - accepting,
          Math.max(pending.length ? 1 : 0, Math.round(accepting * 0.35)),
        );
        const applicants = pending.slice(0, accepting + Math.max(0, rejecting));
        for (const [i, unit] of applicants.entries()) {
          const pass = i < accepting;
          const town = unit.parent_code ?? '';
          const snapshot = syntheticSnapshot({ code: unit.code, name: unit.name }, year, pass, rnd, profile);
          const self = snapshot.items.map((it) => ({ no: it.no, score: it.score, reason: null }));
          const town_ = snapshot.items.map((it) => ({ no: it.no, score: it.score, comment: null }));
          // the district sometimes takes a point or two off item 7 or 8 on inspection, never below the pass mark
          const districtItems = snapshot.items.map((it) => ({
            no: it.no,
            score: it.score,
            comment: null as string | null,
          }));
          if (rnd() < 0.3) {
            const target = rnd() < 0.5 ? 7 : 8;
            const it = districtItems.find((d) => d.no === target)!;
            const minus = Math.min(it.score, snapshot.total - (pass ? profile.passScore : 0), 2);
            if (minus > 0) {
              it.score -= minus;
              it.comment = '现场核查扣分';
            }
          }
          const sum = (xs: { score: number }[]) => xs.reduce((s, x) => s + x.score, 0);
          const lateSelf = rnd() < 0.06 ? int(1, 3) : 0;
          const selfDate = `${year}-12-${dd(lateSelf ? 10 + lateSelf : int(1, 10))}`;
          const townDate = `${year}-12-${dd(int(Math.max(11, Number(selfDate.slice(8)) + 1), 20))}`;
          const districtDate = `${year}-12-${dd(int(21, 31))}`;
          const state: AssessmentState = pass ? 'accepted' : 'rejected';
          const row = await ensureAssessmentRow(trx, {
            unit_code: unit.code,
            year,
            state,
            profile_id: profile.id,
            profile_version: profile.version,
            as_of: snapshot.asOf,
            snapshot: JSON.stringify(snapshot),
            computed_total: snapshot.total,
            computed_passed: snapshot.passed ? 1 : 0,
            self_scores: JSON.stringify(self),
            self_total: sum(self),
            report_text: `${unit.name}${year}年度创建充分就业${kind === 'community' ? '社区' : '村'}工作验收报告`,
            self_at: at(selfDate),
            self_days_late: lateSelf,
            town_scores: JSON.stringify(town_),
            town_total: sum(town_),
            town_comment: pass ? '材料齐全，同意上报' : '基本达到要求，请区里审定',
            town_at: at(townDate, 15),
            town_days_late: 0,
            district_scores: JSON.stringify(districtItems),
            district_total: sum(districtItems),
            district_comment: pass ? '验收合格' : '登记失业人员就业率或零就业家庭消除未达标准，验收不合格',
            district_at: at(districtDate, 16),
            district_days_late: 0,
            created_at: at(`${year}-11-20`),
            updated_at: at(districtDate, 16),
            version: 4,
          });
          const townName = names.get(town) ?? '镇（街道）';
          const steps: [string, string, string, string, string, string | null, number][] = [
            [
              'self_assess',
              'draft',
              'self_assessed',
              selfDate,
              `${unit.name} 协理员`,
              'village_staff',
              lateSelf,
            ],
            [
              'forward',
              'self_assessed',
              'town_reviewed',
              townDate,
              `${townName} 劳动保障事务所`,
              'town_staff',
              0,
            ],
            [
              pass ? 'accept' : 'reject',
              'town_reviewed',
              state,
              districtDate,
              '区人力资源服务中心 考核员',
              'district_assessor',
              0,
            ],
          ];
          for (const [action, from, to, date, actor, role, late] of steps) {
            await insertTransition(trx, {
              assessment_id: row.id,
              action,
              from_state: from,
              to_state: to,
              at: at(date, 10),
              on_date: date,
              actor_id: null,
              actor,
              role,
              reason: null,
              days_late: late,
            });
          }
          report.assessments++;
          if (!pass) {
            report.rejected++;
            continue;
          }
          report.accepted++;
          acceptedUnits.add(unit.code);
          if (!proposer) continue;
          const proposeDate = `${year + 1}-01-${dd(int(5, 12))}`;
          await insertAward(trx, {
            unit_code: unit.code,
            assessment_id: row.id,
            year,
            amount_fen: profile.awardAmountYuan * 100,
            recommended_upward: rnd() < 0.4 ? 1 : 0,
            proposed_by: proposer.id,
            proposed_at: at(proposeDate),
            proposal_note: null,
            version: 1,
          });
          await insertTransition(trx, {
            assessment_id: row.id,
            action: 'award_propose',
            from_state: 'accepted',
            to_state: 'accepted',
            at: at(proposeDate, 10),
            on_date: proposeDate,
            actor_id: proposer.id,
            actor: proposer.display_name,
            role: 'district_assessor',
            reason: null,
            days_late: 0,
          });
          // the last past year's awards: one in five is still waiting for its approval
          if (!approver || (year === opts.toYear && rnd() < 0.2)) continue;
          const approveDate = `${year + 1}-01-${dd(int(15, 28))}`;
          const award = (await findAwardByUnit(trx, unit.code))!;
          await approveAward(trx, award.id, award.version, {
            approved_by: approver.id,
            approved_at: at(approveDate),
            approval_note: '同意拨付',
          });
          await insertTransition(trx, {
            assessment_id: row.id,
            action: 'award_approve',
            from_state: 'accepted',
            to_state: 'awarded',
            at: at(approveDate, 10),
            on_date: approveDate,
            actor_id: approver.id,
            actor: approver.display_name,
            role: 'district_approver',
            reason: null,
            days_late: 0,
          });
          await updateAssessment(trx, row.id, row.version, {
            state: 'awarded',
            updated_at: at(approveDate, 10),
          });
          report.awards++;
        }
      }
    }
    await recordAudit(trx, ctx, {
      action: 'demo.history',
      objectType: 'assessment',
      objectId: `${opts.fromYear}-${opts.toYear}`,
      detail: { ...report },
    });
  });
  return report;
}
