import ExcelJS from 'exceljs';
import { INDICATOR_KEYS, INDICATOR_LABELS, REPORT_NOTE, type ReportView } from '../../api/dashboard.ts';
import type { ServiceContext } from './context.ts';
import { getAnnualReport } from './dashboard.service.ts';

/**
 * 年度汇总表 (xlsx): coverage against both targets, units accepted, awards paid, the towns and the indicator
 * table. Aggregates only — no personal number, so nothing to mask — and every cell a value, never a formula.
 */

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const KIND_LABELS: Record<string, string> = { village: '村', community: '社区', other: '其他' };

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

function table(ws: ExcelJS.Worksheet, header: string[], rows: (string | number)[][], widths: number[]) {
  ws.columns = widths.map((width) => ({ width }));
  const h = ws.addRow(header);
  h.font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.eachRow((row) => row.eachCell((cell) => (cell.border = BORDER)));
}

export function buildReportWorkbook(report: ReportView): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '就业平台';
  const o = report.overview;
  const page = {
    paperSize: 9,
    orientation: 'landscape' as const,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  };

  const summary = wb.addWorksheet('概况', { pageSetup: page });
  summary.columns = [{ width: 26 }, { width: 16 }, { width: 16 }, { width: 52 }];
  summary.addRow([report.title]).font = { bold: true, size: 14 };
  summary.addRow([`生成日期：${report.generatedOn}`]);
  summary.addRow([]);
  const head = summary.addRow(['类别', '已验收 / 总数', `覆盖率（目标）`, '达标情况']);
  head.font = { bold: true };
  const target = (t: number | null) => (t === null ? `（${o.targetYear}年起目标）` : `（目标 ${pct(t)}）`);
  summary.addRow([
    '充分就业社区',
    `${o.coverage.community.accepted} / ${o.coverage.community.total}`,
    `${pct(o.coverage.community.rate)}${target(o.coverage.community.target)}`,
    o.projection.community.text,
  ]);
  summary.addRow([
    '充分就业村',
    `${o.coverage.village.accepted} / ${o.coverage.village.total}`,
    `${pct(o.coverage.village.rate)}${target(o.coverage.village.target)}`,
    o.projection.village.text,
  ]);
  summary.addRow([
    '其他（不计入目标）',
    `${o.coverage.other.accepted} / ${o.coverage.other.total}`,
    '—',
    '—',
  ]);
  summary.addRow([]);
  summary.addRow(['本年度验收合格', report.accepted.length]);
  summary.addRow([
    '本年度已拨付奖补',
    `${o.awards.count} 个`,
    `${o.awards.amountYuan.toLocaleString('zh-CN')} 元`,
    o.awards.pending ? `另有 ${o.awards.pending} 个待批准` : '',
  ]);
  summary.addRow([]);
  summary.addRow([REPORT_NOTE]);

  table(
    wb.addWorksheet('各镇（街道）', { pageSetup: page }),
    ['镇（街道）', '村（社区）数', '社区覆盖率', '村覆盖率', '平均得分', '达标数'],
    o.towns.map((t) => [
      t.name,
      t.units,
      pct(t.community.rate),
      pct(t.village.rate),
      t.averageScore ?? '—',
      t.passed,
    ]),
    [16, 12, 12, 12, 10, 10],
  );
  table(
    wb.addWorksheet('验收合格名单', { pageSetup: page }),
    ['村（社区）', '类别', '镇（街道）', '考核分', '奖补'],
    report.accepted.map((a) => [
      a.name,
      KIND_LABELS[a.kind] ?? a.kind,
      a.townName,
      a.districtTotal ?? '—',
      a.awarded ? '已拨付' : '待拨付',
    ]),
    [18, 8, 14, 10, 10],
  );
  table(
    wb.addWorksheet('指标', { pageSetup: page }),
    ['范围', ...INDICATOR_KEYS.map((k) => INDICATOR_LABELS[k])],
    [
      [o.scope.name, ...INDICATOR_KEYS.map((k) => pct(o.indicators[k].rate))],
      ...report.townIndicators.map((t) => [t.name, ...INDICATOR_KEYS.map((k) => pct(t.indicators[k].rate))]),
    ],
    [16, ...INDICATOR_KEYS.map(() => 16)],
  );
  table(
    wb.addWorksheet('扣分项目', { pageSetup: page }),
    ['项目', '标准分', '平均扣分', '扣分单位数', '主要原因'],
    o.items.map((i) => [
      `${i.no}.${i.title}`,
      i.max,
      i.averageLost,
      i.unitsLosing,
      i.causes
        .slice(0, 3)
        .map((c) => `${c.label}（${c.units}）`)
        .join('；'),
    ]),
    [30, 8, 10, 10, 60],
  );
  return wb;
}

/** The annual summary workbook of a year for the district or one town. */
export async function annualReportWorkbook(
  ctx: ServiceContext,
  query: { year?: number | undefined; town?: string | undefined },
) {
  const report = await getAnnualReport(ctx, query);
  const bytes = Buffer.from(await buildReportWorkbook(report).xlsx.writeBuffer());
  return { filename: `${report.title}.xlsx`, bytes };
}
