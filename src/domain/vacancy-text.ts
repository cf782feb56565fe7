/**
 * How a vacancy reads on the 信息发布栏 — one wording for the board page, its print sheet and its workbook, so the
 * paper pinned up in the village says what the screen says.
 */

export interface VacancyPay {
  payMinFen: number | null;
  payMaxFen: number | null;
  payText: string | null;
}

export interface VacancyRequirements {
  ageMin: number | null;
  ageMax: number | null;
  sex: 'M' | 'F' | null;
  education: string | null;
  requirements: string | null;
}

/** Whole yuan when the amount is whole, else two decimals: 450000 → "4500", 450050 → "4500.50". */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(fen % 100 === 0 ? 0 : 2);
}

/** “4000–6000 元/月”, “4000 元/月起”, “至 6000 元/月”, then the free text; “面议” when nothing is stated. */
export function payLabel(v: VacancyPay): string {
  const min = v.payMinFen === null ? null : yuan(v.payMinFen);
  const max = v.payMaxFen === null ? null : yuan(v.payMaxFen);
  const range =
    min !== null && max !== null
      ? `${min}–${max} 元/月`
      : min !== null
        ? `${min} 元/月起`
        : max !== null
          ? `至 ${max} 元/月`
          : null;
  return [range, v.payText].filter(Boolean).join('，') || '面议';
}

/** “年龄18–45岁；限女性；高中及以上；能吃苦”, or “不限” when the vacancy states nothing. */
export function requirementLabel(v: VacancyRequirements): string {
  const age =
    v.ageMin !== null && v.ageMax !== null
      ? `年龄${v.ageMin}–${v.ageMax}岁`
      : v.ageMin !== null
        ? `年龄${v.ageMin}岁以上`
        : v.ageMax !== null
          ? `年龄${v.ageMax}岁以下`
          : '';
  const parts = [
    age,
    v.sex ? (v.sex === 'M' ? '限男性' : '限女性') : '',
    v.education ? `${v.education}及以上` : '',
    v.requirements ?? '',
  ].filter(Boolean);
  return parts.join('；') || '不限';
}
