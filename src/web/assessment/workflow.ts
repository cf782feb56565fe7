import type { AssessmentStateName, EvidenceView, ScorecardView } from '../../api/assessment.ts';
import { can, type Role } from '../../domain/access.ts';

/** Pure helpers of the assessment pages: which step a user may take now, colours, where evidence leads. */

export type StepKey = 'self' | 'review' | 'decide' | 'propose' | 'approve';

/** State → tag colour, in the order the workflow moves. */
export const STATE_COLORS: Record<AssessmentStateName, string> = {
  draft: 'default',
  self_assessed: 'processing',
  returned: 'warning',
  town_reviewed: 'blue',
  accepted: 'success',
  rejected: 'error',
  awarded: 'gold',
};

/**
 * The steps this user may take on this scorecard now. Mirrors the server's permissions (src/domain/access.ts)
 * and states (docs/ASSESSMENT.md); the server refuses anything else anyway.
 */
export function availableSteps(
  user: { id: number; role: Role | null },
  card: Pick<ScorecardView, 'state' | 'award'>,
): StepKey[] {
  const steps: StepKey[] = [];
  const { role } = user;
  if (can(role, 'assessment:self') && (card.state === 'draft' || card.state === 'returned'))
    steps.push('self');
  if (can(role, 'assessment:review') && card.state === 'self_assessed') steps.push('review');
  if (can(role, 'assessment:accept') && card.state === 'town_reviewed') steps.push('decide');
  if (can(role, 'award:propose') && card.state === 'accepted' && !card.award) steps.push('propose');
  if (
    can(role, 'award:approve') &&
    card.state === 'accepted' &&
    card.award?.status === 'proposed' &&
    card.award.proposedBy !== user.id
  )
    steps.push('approve');
  return steps;
}

/** What the user waits for, in words, when they have no step to take. */
export function waitingFor(state: AssessmentStateName, award: ScorecardView['award'], year: number): string {
  if (state === 'accepted' && award && award.year !== year)
    return `验收合格；该村（社区）已于${award.year}年度获得奖补，每个村（社区）只奖补一次`;
  switch (state) {
    case 'draft':
      return '等待村（社区）提交自评';
    case 'returned':
      return '已退回，等待村（社区）修改后重新提交自评';
    case 'self_assessed':
      return '等待镇（街道）初核';
    case 'town_reviewed':
      return '等待区考核验收';
    case 'accepted':
      return award?.status === 'proposed'
        ? '已提议发放奖补，等待区人社局审批（须由另一人批准）'
        : '验收合格，等待区考核提议发放奖补';
    case 'rejected':
      return '验收不合格，流程结束';
    case 'awarded':
      return '已批准发放奖补，流程结束';
  }
}

/** The page an evidence entry leads to (null: nothing to open). */
export function evidenceLink(
  e: Pick<EvidenceView, 'kind' | 'id'>,
  unit: string,
  year: number,
): string | null {
  switch (e.kind) {
    case 'person':
      return e.id > 0 ? `/persons/${e.id}` : null;
    case 'household':
      return e.id > 0 ? `/households/${e.id}` : null;
    case 'unitRecord':
      return `/unit-work?unit=${unit}&year=${year}`;
    case 'vacancy':
      return '/board';
    default:
      return null;
  }
}

const ORGANISATION_TYPES = ['工作计划', '工作目标', '工作措施'] as const;

/**
 * Where a deduction without listed evidence is fixed: item 1 and item 7 are unit-level records (the
 * 村级工作 page opens with the form of the missing type), item 5 a missing ledger.
 */
export function fixLink(
  d: { code: string; reason: string },
  unit: string,
  year: number,
): { to: string; label: string } | null {
  const unitWork = (add?: string) =>
    `/unit-work?unit=${unit}&year=${year}${add ? `&add=${encodeURIComponent(add)}` : ''}`;
  switch (d.code) {
    case 'item1.noLeadingGroup':
      return { to: unitWork('领导小组'), label: '登记领导小组' };
    case 'item1.noWorkSystem':
      return { to: unitWork('工作制度'), label: '登记工作制度' };
    case 'item1.missingPlanElement': {
      const t = ORGANISATION_TYPES.find((x) => d.reason.includes(x));
      return { to: unitWork(t), label: t ? `登记${t}` : '去村级工作登记' };
    }
    case 'item7.noInfoBoard':
      return { to: unitWork('信息发布栏'), label: '登记信息发布栏' };
    case 'item7.missingActivity':
      return { to: unitWork(), label: '去村级工作登记' };
    case 'item8.missingService':
      return { to: '/field', label: '去登记服务' };
    case 'item5.missingLedger':
      return { to: unitWork('无此类人员声明'), label: '登记人员或无此类人员声明' };
    default:
      return null;
  }
}

/** 项目 groups of the annex in table order, each with its points (组织领导 15, 目标任务 50, 基础工作 35). */
export function groupsOf<R extends { group: string; max: number }>(rows: readonly R[]) {
  const groups: { group: string; max: number; rows: R[] }[] = [];
  for (const r of rows) {
    const last = groups.at(-1);
    if (last && last.group === r.group) {
      last.rows.push(r);
      last.max += r.max;
    } else groups.push({ group: r.group, max: r.max, rows: [r] });
  }
  return groups;
}

/** 2026-12-10T03:00:00Z → 2026年12月10日 (Beijing time), or blanks for the form. */
export function chineseDate(iso: string | null): string {
  if (!iso) return '      年    月    日';
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
  const [y, m, day] = d.split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
}

/** The Beijing calendar date of a timestamp (2026-11-26T17:00:00Z → 2026-11-27). */
export function beijingDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** An award in words; one from an earlier year says which (a unit is awarded at most once). */
export function awardLabel(
  award: { year: number; status: 'proposed' | 'approved'; amountFen: number },
  year: number,
): string {
  const when = award.year === year ? '' : `${award.year}年度`;
  return `${when}${award.status === 'approved' ? '已批准' : '已提议'} ${award.amountFen / 100} 元`;
}

/** Which entered scores differ from the computed ones and still lack a reason. */
export function missingReasons(
  computed: ReadonlyMap<number, number>,
  entered: readonly { no: number; score: number | null | undefined; reason?: string | null }[],
): number[] {
  return entered.filter((e) => e.score !== computed.get(e.no) && !(e.reason ?? '').trim()).map((e) => e.no);
}
