import ExcelJS from 'exceljs';
import type { ScorecardView } from '../../api/assessment.ts';
import { getProfile } from '../../domain/profile.ts';
import { getScorecard, listAssessments } from './assessment-scorecard.service.ts';
import type { ServiceContext } from './context.ts';

/**
 * Printable forms: the annex's 考核评分标准表 filled for one unit and year, and the towns' and district's summary
 * lists. Every cell is written as a value, never a formula, so text typed by users cannot run in a spreadsheet.
 */

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function chineseDate(iso: string | null): string {
  if (!iso) return '    年   月   日';
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
  const [y, m, day] = d.split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
}

/** The annex's table for a scorecard (columns 项目 / 内容 / 标准分 / 评分标准 / 自评分 / 考核分). */
export function buildScorecardWorkbook(card: ScorecardView): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '就业平台';
  const ws = wb.addWorksheet('考核评分标准表', {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
    },
  });
  ws.columns = [{ width: 12 }, { width: 42 }, { width: 8 }, { width: 40 }, { width: 8 }, { width: 8 }];
  ws.mergeCells('A1:F1');
  ws.getCell('A1').value = '创建充分就业村（社区）考核评分标准表';
  ws.getCell('A1').font = { bold: true, size: 16 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells('A2:C2');
  ws.getCell('A2').value = `推荐申报村（社区）：${card.townName ?? ''}${card.name}`;
  ws.mergeCells('D2:F2');
  ws.getCell('D2').value = `申报日期：${chineseDate(card.report.submittedAt)}`;
  ws.getCell('D2').alignment = { horizontal: 'right' };

  const header = ws.getRow(3);
  header.values = ['项目', '内  容', '标准分', '评分标准', '自评分', '考核分'];
  header.font = { bold: true };
  const first = 4;
  card.rows.forEach((r, i) => {
    const row = ws.getRow(first + i);
    row.values = [r.group, `${r.no}.${r.content}`, r.max, r.criteria, r.self ?? '', r.district ?? ''];
  });
  // 项目 column: one merged cell per group, labelled with the group's points, as printed in the annex.
  let start = 0;
  while (start < card.rows.length) {
    const group = card.rows[start]!.group;
    let end = start;
    while (end + 1 < card.rows.length && card.rows[end + 1]!.group === group) end++;
    const points = card.rows.slice(start, end + 1).reduce((s, r) => s + r.max, 0);
    if (end > start) ws.mergeCells(first + start, 1, first + end, 1);
    ws.getCell(first + start, 1).value = `${group}（${points}分）`;
    start = end + 1;
  }
  const totalRow = ws.getRow(first + card.rows.length);
  totalRow.values = [
    '合计',
    '',
    card.rows.reduce((s, r) => s + r.max, 0),
    '',
    card.totals.self ?? '',
    card.totals.district ?? '',
  ];
  totalRow.font = { bold: true };
  for (let r = 3; r <= first + card.rows.length; r++) {
    for (let c = 1; c <= 6; c++) {
      const cell = ws.getCell(r, c);
      cell.border = BORDER;
      cell.alignment = {
        vertical: 'middle',
        horizontal: c === 2 || c === 4 ? 'left' : 'center',
        wrapText: true,
      };
    }
  }
  const notes = first + card.rows.length + 1;
  ws.mergeCells(notes, 1, notes, 6);
  ws.getCell(notes, 1).value =
    `系统计算得分：${card.totals.computed} 分（${card.result.passed ? '达标' : '未达标'}；考核标准 ${card.result.profile} 版本 ${card.result.profileVersion}，` +
    `统计截至 ${card.result.asOf}${card.live ? '，实时计算' : '，提交时锁定'}）`;
  ws.mergeCells(notes + 1, 1, notes + 1, 6);
  ws.getCell(notes + 1, 1).value =
    '说明：失业人员均被组织在积极的就业准备中指有劳动能力和就业愿望的失业人员均被组织在求职活动、就业指导和职业培训等准备中。';
  ws.getCell(notes + 1, 1).alignment = { wrapText: true };
  return wb;
}

export async function scorecardWorkbook(
  ctx: ServiceContext,
  code: string,
  year: number,
): Promise<{ filename: string; bytes: Buffer }> {
  const card = await getScorecard(ctx, code, year);
  const buf = await buildScorecardWorkbook(card).xlsx.writeBuffer();
  return { filename: `${card.name}-${year}-考核评分标准表.xlsx`, bytes: Buffer.from(buf as ArrayBuffer) };
}

/** 汇总表: one line per village-level unit in scope (a town's own, or the whole district). */
export async function summaryWorkbook(
  ctx: ServiceContext,
  year: number,
  town?: string,
): Promise<{ filename: string; bytes: Buffer }> {
  const list = await listAssessments(ctx, year, town);
  const wb = new ExcelJS.Workbook();
  wb.creator = '就业平台';
  const ws = wb.addWorksheet('考核汇总', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const scope = town
    ? (list.items[0]?.townName ?? town)
    : ctx.actor?.scopeUnits === 'all'
      ? '全区'
      : (list.items[0]?.townName ?? '本单位');
  ws.mergeCells('A1:N1');
  ws.getCell('A1').value = `${year}年度创建充分就业村（社区）考核汇总表（${scope}）`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  const header = ws.getRow(2);
  header.values = [
    '序号',
    '镇（街道）',
    '村（社区）',
    '代码',
    '状态',
    '计算得分',
    '是否达标',
    '自评分',
    '初核分',
    '考核分',
    '自评逾期天数',
    '初核逾期天数',
    '验收逾期天数',
    '奖补（元）',
  ];
  header.font = { bold: true };
  ws.columns = [6, 12, 14, 15, 12, 9, 9, 8, 8, 8, 12, 12, 12, 10].map((width) => ({ width }));
  list.items.forEach((it, i) => {
    ws.getRow(3 + i).values = [
      i + 1,
      it.townName ?? '',
      it.name,
      it.unit,
      it.stateLabel,
      it.computedTotal ?? '未考核',
      it.computedTotal === null ? '—' : it.passed ? '是' : '否',
      it.selfTotal ?? '',
      it.townTotal ?? '',
      it.districtTotal ?? '',
      it.daysLate.self ?? '',
      it.daysLate.town ?? '',
      it.daysLate.district ?? '',
      it.award ? it.award.amountFen / 100 : '',
    ];
  });
  for (let r = 2; r < 3 + list.items.length; r++)
    for (let c = 1; c <= 14; c++) ws.getCell(r, c).border = BORDER;
  const accepted = list.items.filter((i) => i.state === 'accepted' || i.state === 'awarded').length;
  ws.getCell(4 + list.items.length, 1).value =
    `共 ${list.items.length} 个村（社区），验收合格 ${accepted} 个；达标分 ${getProfile(list.profile).passScore} 分。`;
  const buf = await wb.xlsx.writeBuffer();
  return { filename: `${year}-${scope}-考核汇总表.xlsx`, bytes: Buffer.from(buf as ArrayBuffer) };
}
