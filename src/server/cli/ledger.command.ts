import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { LEDGERS, type LedgerKind } from '../../domain/ledgers.ts';
import { AppError, type Actor, type ServiceContext } from '../services/context.ts';
import { exportLedger, ledgerTemplate, MASKED_NOTE } from '../services/export.service.ts';
import { importLedger, type ImportProgress, type ImportReport } from '../services/import.service.ts';

/**
 * `bin/jiuye import | export | template` — the ledger workbook from the command line. The command line has
 * machine access: it acts district-wide, as the operator recorded in the audit trail as `cli`.
 */

/** District-wide, no account: the one actor with no role that services accept (see export.service). */
export const CLI_OPERATOR: Actor = {
  userId: 0,
  username: 'cli',
  displayName: '命令行',
  role: null,
  unitCode: null,
  scopeUnits: 'all',
};

/** Runs `fn` with a service context on the configured database. */
export type WithContext = <T>(fn: (ctx: ServiceContext) => Promise<T>) => Promise<T>;
type Print = (text: string) => Promise<void> | void;

/** One line to stdout, resolved once flushed: the process exits right after, and a pipe must get it all. */
export function printLine(text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(`${text}\n`, (e) => (e ? reject(e) : resolve())),
  );
}

/** Where the error workbook of `file` goes: beside it, `<name>.错误说明.xlsx`. */
export function errorWorkbookPathFor(file: string): string {
  const base = path.basename(file, path.extname(file)).replace(/\.错误说明$/, '');
  return path.join(path.dirname(file), `${base}.错误说明.xlsx`);
}

function formatReport(r: ImportReport): string {
  const lines = [r.message, '', '工作表          新增    更新    未变    有误'];
  const pad = (n: number) => String(n).padStart(8);
  for (const sheet of r.sheets) {
    const c = r.counts[sheet as keyof typeof r.counts];
    if (c)
      lines.push(
        `${sheet.padEnd(8, '　')}${pad(c.created)}${pad(c.updated)}${pad(c.unchanged)}${pad(c.rejected)}`,
      );
  }
  lines.push(
    `${'合计'.padEnd(8, '　')}${pad(r.total.created)}${pad(r.total.updated)}${pad(r.total.unchanged)}${pad(r.total.rejected)}`,
  );
  if (r.rejected.length) {
    lines.push('', '有误的行：');
    for (const x of r.rejected) lines.push(`  ${x.sheet} 第 ${x.row} 行「${x.column}」：${x.reason}`);
  }
  if (r.warnings.length) {
    lines.push('', '提示：');
    for (const w of r.warnings.slice(0, 50))
      lines.push(
        `  ${w.sheet ?? ''}${w.row ? ` 第 ${w.row} 行` : ''}${w.column ? `「${w.column}」` : ''}：${w.message}`,
      );
    if (r.warnings.length > 50) lines.push(`  ……另有 ${r.warnings.length - 50} 条提示`);
  }
  if (r.errorWorkbook) lines.push('', `错误说明已写入：${r.errorWorkbook}（改正后可直接再次导入）`);
  return lines.join('\n');
}

export interface ImportCliOptions {
  partial?: boolean;
  json?: boolean;
  maxRows?: string;
  progress?: boolean;
}

/**
 * `--progress`: one line on stderr per phase, and while reading at most one a second, so whoever runs a long
 * import (or a script watching it) sees how far it got. From 正在提交事务 on, the file is in the database
 * whole or not at all.
 */
export function importProgressPrinter(
  write: (line: string) => void,
  nowMs: () => number = Date.now,
): (p: ImportProgress) => void {
  let last: { key: string; at: number } | null = null;
  return (p) => {
    const at = nowMs();
    const key = `${p.phase}|${p.sheet ?? ''}|${p.step ?? ''}`;
    if (last && last.key === key && at - last.at < 1000) return;
    last = { key, at };
    switch (p.phase) {
      case 'uploading':
      case 'checking':
        return write('正在检查文件…');
      case 'reading':
        return write(`正在导入${p.sheet ? ` ${p.sheet}` : ''}：已读 ${p.rowsRead} 行`);
      case 'finishing':
        return write(
          p.step === 'commit' ? '正在提交事务…' : `正在提交：共读 ${p.rowsRead} 行，正在更新人员标记…`,
        );
      case 'done':
        return write('已结束。');
    }
  };
}

/** Exit code: 0 applied, 2 rows rejected and nothing applied; a refused file raises (exit 1). */
export async function importCommand(
  ctx: ServiceContext,
  file: string,
  opts: ImportCliOptions,
  print: Print,
): Promise<number> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new AppError('NOT_FOUND', `文件不存在：${file}`);
  const maxRows = opts.maxRows === undefined ? 1_000_000 : Number(opts.maxRows);
  if (!Number.isInteger(maxRows) || maxRows <= 0)
    throw new AppError('VALIDATION', `--max-rows 应为正整数：${opts.maxRows}`);
  const report = await importLedger(
    { ...ctx, actor: CLI_OPERATOR },
    { path: file, filename: path.basename(file) },
    {
      partial: opts.partial === true,
      // machine access: district files are larger than uploads
      limits: { maxRows, maxFileBytes: 500 * 1024 * 1024, maxUncompressedBytes: 8 * 1024 * 1024 * 1024 },
      errorWorkbookPath: errorWorkbookPathFor(file),
      ...(opts.progress
        ? { onProgress: importProgressPrinter((line) => process.stderr.write(`${line}\n`)) }
        : {}),
    },
  );
  if (opts.json) {
    const {
      applied,
      partial,
      sheets,
      counts,
      total,
      rejectedRows,
      rejected,
      warnings,
      errorWorkbook,
      message,
    } = report;
    await print(
      JSON.stringify(
        {
          file,
          applied,
          partial,
          sheets,
          counts,
          total,
          rejectedRows,
          rejected,
          warnings,
          errorWorkbook,
          message,
        },
        null,
        2,
      ),
    );
  } else await print(formatReport(report));
  return report.applied ? 0 : 2;
}

export interface ExportCliOptions {
  ledger: string;
  unit?: string;
  out?: string;
  unmasked?: boolean;
  reason?: string;
}

export async function exportCommand(
  ctx: ServiceContext,
  opts: ExportCliOptions,
  print: Print,
): Promise<void> {
  if (!(opts.ledger in LEDGERS))
    throw new AppError(
      'VALIDATION',
      `未知的台账：${opts.ledger}（可选：${Object.keys(LEDGERS).join(' / ')}）`,
    );
  if (opts.unit !== undefined && !/^\d{12}$/.test(opts.unit))
    throw new AppError('VALIDATION', `单位代码应为 12 位数字：${opts.unit}`);
  if (opts.unmasked && !opts.reason)
    throw new AppError('VALIDATION', '导出完整号码须用 --reason 说明理由（记入审计）');
  const tmp = opts.out ? null : fs.mkdtempSync(path.join(process.cwd(), '.jiuye-export-'));
  try {
    const result = await exportLedger(
      { ...ctx, actor: CLI_OPERATOR },
      {
        ledger: opts.ledger as LedgerKind,
        unit: opts.unit ?? null,
        masked: !opts.unmasked,
        reason: opts.reason ?? null,
      },
      { path: opts.out ?? path.join(tmp!, 'export.xlsx') },
    );
    const target = opts.out ?? path.resolve(result.filename);
    if (!opts.out) fs.renameSync(result.file, target);
    await print(`已导出 ${result.persons} 人、${result.services} 条服务记录：${target}`);
    await print(
      result.masked
        ? `（脱敏版）${MASKED_NOTE.replace('请导出“完整号码”版本', '请加 --unmasked --reason <理由> 导出完整号码版本')}`
        : '（完整号码版）含个人信息，请妥善保管，用后删除；可修改后原样导入。',
    );
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function templateCommand(
  ctx: ServiceContext,
  opts: { out?: string },
  print: Print,
): Promise<void> {
  const t = await ledgerTemplate({ ...ctx, actor: CLI_OPERATOR });
  const target = opts.out ?? path.resolve(t.filename);
  fs.writeFileSync(target, t.body);
  await print(`已写出空白台账导入模板：${target}`);
}

/** Adds the three commands to the program; `withContext` opens (and migrates) the database. */
export function registerLedgerCommands(
  program: Command,
  withContext: WithContext,
  print: Print,
  setExitCode: (code: number) => void,
): void {
  program
    .command('import <file>')
    .description(
      '导入台账工作簿（.xlsx，或以表名命名的 .csv，如 劳动力.csv）；有误的行写入 <文件名>.错误说明.xlsx',
    )
    .option('--partial', '只导入正确的行（默认：有任何一行出错则不导入）')
    .option('--json', '以 JSON 输出各表的新增、更新、未变、有误行数')
    .option('--max-rows <n>', '数据行数上限', '1000000')
    .option('--progress', '在标准错误输出上报告进度（检查、读取行数、提交）')
    .action(async (file: string, opts: ImportCliOptions) => {
      const code = await withContext((ctx) => importCommand(ctx, file, opts, print));
      if (code !== 0) setExitCode(code);
    });

  program
    .command('export')
    .description('导出台账（默认脱敏，仅供阅读和打印；--unmasked --reason 导出可再次导入的完整号码版）')
    .requiredOption('--ledger <ledger>', `台账：${Object.keys(LEDGERS).join(' / ')}`)
    .option('--unit <code>', '村（社区）或镇（街道）代码，默认全区')
    .option('--out <file>', '输出文件')
    .option('--unmasked', '导出完整的身份证号和联系电话（须 --reason，记入审计）')
    .option('--reason <text>', '导出完整号码的理由')
    .action(async (opts: ExportCliOptions) => {
      await withContext((ctx) => exportCommand(ctx, opts, print));
    });

  program
    .command('template')
    .description('写出空白台账导入模板（五张表，含下拉列表）')
    .option('--out <file>', '输出文件，默认 ./台账导入模板.xlsx')
    .action(async (opts: { out?: string }) => {
      await withContext((ctx) => templateCommand(ctx, opts, print));
    });
}
