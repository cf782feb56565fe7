import dayjs, { type Dayjs } from 'dayjs';
import type { PersonDetail } from '../../api/persons.ts';
import { LEDGERS, PERSON_FLAG_LABELS, type PersonFlagName } from '../../domain/ledgers.ts';
import type { HouseholdDetail, LedgerName } from '../api/register.ts';

/** The ledger tabs: the four ledgers of annex item 5, then the whole register. */
export const LEDGER_TABS: { key: LedgerName; title: string }[] = [
  { key: 'labour', title: LEDGERS.labour.title },
  { key: 'unemployed', title: LEDGERS.unemployed.title },
  { key: 'difficulty', title: LEDGERS.difficulty.title },
  { key: 'poverty', title: LEDGERS.poverty.title },
  { key: 'all', title: '全部人员' },
];

export function isLedgerName(s: string | undefined): s is LedgerName {
  return LEDGER_TABS.some((t) => t.key === s);
}

/** Tag colours: what needs attention is warm, what is settled is cool. */
export const FLAG_COLORS: Partial<Record<PersonFlagName, string>> = {
  employed: 'green',
  registeredUnemployed: 'orange',
  difficulty: 'red',
  poverty: 'purple',
  is4050: 'geekblue',
  longUnemployed: 'volcano',
  assistanceTarget: 'magenta',
  zeroEmploymentMember: 'red',
  difficultyCandidate: 'gold',
  zeroEmploymentCandidate: 'gold',
};

/** Flags shown as tags on a row; the broad ones (劳动力, 法定劳动年龄内, 有能力有意愿) would be noise there. */
export const ROW_FLAGS: readonly PersonFlagName[] = [
  'employed',
  'registeredUnemployed',
  'difficulty',
  'poverty',
  'is4050',
  'longUnemployed',
  'urban',
  'assistanceTarget',
  'zeroEmploymentMember',
  'difficultyCandidate',
  'zeroEmploymentCandidate',
];

/** Flags offered as filter chips on the ledger page. */
export const FILTER_FLAGS = Object.keys(PERSON_FLAG_LABELS) as PersonFlagName[];

export const SEX_LABELS: Record<'M' | 'F', string> = { M: '男', F: '女' };
export const ABILITY_LABELS: Record<PersonDetail['ability'], string> = {
  full: '完全',
  partial: '部分',
  none: '丧失',
};

export const TIMELINE_COLORS: Record<PersonDetail['timeline'][number]['kind'], string> = {
  employment: 'green',
  employment_end: 'gray',
  registration: 'orange',
  registration_close: 'gray',
  difficulty: 'red',
  difficulty_exit: 'gray',
  service: 'blue',
  transfer: 'purple',
  created: 'blue',
};

/** Today in the browser's calendar, as the ISO date the server expects. */
export function todayIso(): string {
  return dayjs().format('YYYY-MM-DD');
}

/** For date pickers: the server refuses dates after today, so they are not offered. */
export function afterToday(d: Dayjs): boolean {
  return d.isAfter(dayjs(), 'day');
}

export function isoOf(d: Dayjs | null | undefined): string | undefined {
  return d ? d.format('YYYY-MM-DD') : undefined;
}

type Recognition = HouseholdDetail['zeroEmployment'][number];

/** Where a 零就业家庭 recognition stands: eliminated in time or late, still open, or open past its deadline. */
export function recognitionStatus(r: Recognition, today: string): { text: string; color: string } {
  if (r.eliminated)
    return r.eliminated <= r.deadline
      ? { text: `${r.eliminated} 已消除（按期）`, color: 'green' }
      : { text: `${r.eliminated} 已消除（逾期）`, color: 'orange' };
  return today > r.deadline
    ? { text: `未消除，已超过期限 ${r.deadline}`, color: 'red' }
    : { text: `未消除，期限 ${r.deadline}`, color: 'blue' };
}
