import type { AssessmentResultView } from '../../api/assessment.ts';
import { runAssessment } from '../services/assessment.service.ts';
import { AppError, type ServiceContext } from '../services/context.ts';

/**
 * `bin/jiuye assess (--unit <code> | --all) --year <YYYY> [--as-of <date>] [--profile <id>] [--json]` — the
 * 100-point table from the register, for one unit (an object) or every village-level unit (an array).
 */
export interface AssessCliOptions {
  unit?: string;
  all?: boolean;
  year?: string;
  asOf?: string;
  profile?: string;
  json?: boolean;
}

/** Writes to stdout and waits until it is flushed: the CLI exits right after, and a pipe would lose the tail. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(`${text}\n`, (e) => (e ? reject(e) : resolve())),
  );
}

export async function assessCommand(
  ctx: ServiceContext,
  opts: AssessCliOptions,
  print: (text: string) => Promise<void> | void,
): Promise<void> {
  if (!!opts.unit === !!opts.all)
    throw new AppError('VALIDATION', '请指定 --unit <12 位代码> 或 --all（二者选一）');
  if (opts.unit !== undefined && !/^\d{12}$/.test(opts.unit))
    throw new AppError('VALIDATION', `单位代码应为 12 位数字：${opts.unit}`);
  if (opts.year === undefined) throw new AppError('VALIDATION', '请用 --year <YYYY> 指定考核年度');
  const year = Number(opts.year);
  if (!/^\d{4}$/.test(opts.year) || year < 2000 || year > 2100)
    throw new AppError('VALIDATION', `年度无效：${opts.year}（应为 2000–2100 的四位年份）`);
  const results = await runAssessment(ctx, {
    year,
    ...(opts.unit ? { unit: opts.unit } : {}),
    ...(opts.asOf !== undefined ? { asOf: opts.asOf } : {}),
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
  });
  if (opts.json) {
    await print(JSON.stringify(opts.unit ? results[0] : results, null, 2));
    return;
  }
  await print(opts.unit ? formatResult(results[0]!) : formatSummary(results));
}

/** Display width in a terminal: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}
function pad(s: string, n: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, n - width(s)));
  return right ? fill + s : s + fill;
}

/** One unit's table, readable in a terminal. */
export function formatResult(r: AssessmentResultView): string {
  const lines: string[] = [];
  lines.push(`${r.name}（${r.unit}）${r.year} 年度创建充分就业村（社区）考核`);
  lines.push(`统计截至 ${r.asOf}；考核标准 ${r.profile}（版本 ${r.profileVersion}）`);
  lines.push('');
  lines.push(`${pad('项目', 40)}${pad('标准分', 8, true)}${pad('得分', 6, true)}  扣分原因`);
  for (const item of r.items) {
    const reasons = item.deductions.length
      ? item.deductions.map((d) => `${d.reason}（扣 ${d.points} 分）`)
      : item.notes.length
        ? item.notes
        : ['—'];
    lines.push(
      `${pad(`${item.no}. ${item.title}`, 40)}${pad(String(item.max), 8, true)}${pad(String(item.score), 6, true)}  ${reasons[0]}`,
    );
    for (const more of reasons.slice(1)) lines.push(`${' '.repeat(56)}${more}`);
  }
  lines.push(
    `${pad('合计', 40)}${pad(String(r.items.reduce((s, i) => s + i.max, 0)), 8, true)}${pad(String(r.total), 6, true)}`,
  );
  lines.push('');
  lines.push(`是否达标：${r.passed ? '达标' : '未达标'}`);
  lines.push('创建成效（二(三)）：');
  for (const o of r.outcomes)
    lines.push(`  (${o.no}) ${o.met ? '✓ 符合' : '✗ 不符合'}  ${o.text}：${o.detail}`);
  return lines.join('\n');
}

/** Every unit on one line: the eight item scores, the total and the verdict. */
export function formatSummary(results: readonly AssessmentResultView[]): string {
  const lines = [
    `${pad('代码', 14)}${pad('村（社区）', 16)}${[1, 2, 3, 4, 5, 6, 7, 8].map((n) => pad(`项${n}`, 5, true)).join('')}${pad('合计', 6, true)}  是否达标`,
  ];
  for (const r of results) {
    lines.push(
      `${pad(r.unit, 14)}${pad(r.name, 16)}${r.items.map((i) => pad(String(i.score), 5, true)).join('')}${pad(String(r.total), 6, true)}  ${r.passed ? '达标' : '未达标'}`,
    );
  }
  const passed = results.filter((r) => r.passed).length;
  lines.push(`共 ${results.length} 个村（社区），达标 ${passed} 个。`);
  return lines.join('\n');
}
