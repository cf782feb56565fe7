import ExcelJS from 'exceljs';
import { endOfYear, startOfYear } from '../../domain/dates.ts';
import { payLabel, requirementLabel } from '../../domain/vacancy-text.ts';
import { findServiceRecordsForLedger } from '../repositories/service-record.repository.ts';
import { findUnitByCode, findUnits } from '../repositories/unit.repository.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, assertInScope, inScope, requireActor, type ServiceContext } from './context.ts';
import { getBoard } from './vacancy.service.ts';

/**
 * Paper-style ledgers and the printable 信息发布栏 as xlsx. Every cell is a plain value: text stays text whatever
 * its first character (= + - @), so no cell is ever a formula (QUALITY.md "exports"); IDs are masked.
 */

type Cell = string | number | null;

// eslint-disable-next-line no-control-regex -- characters XML 1.0 cannot carry would corrupt the file
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const plain = (v: Cell | undefined): Cell =>
  v === null || v === undefined ? null : typeof v === 'number' ? v : v.replace(XML_INVALID, '');

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** A printed sheet: a merged title, a subtitle, a bordered table, landscape A4 fitted to the page width. */
function tableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  subtitle: string,
  columns: { header: string; width: number }[],
  rows: Cell[][],
): void {
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '3:3',
    },
  });
  ws.columns = columns.map((c) => ({ width: c.width }));
  const last = columns.length;
  ws.mergeCells(1, 1, 1, last);
  ws.getCell(1, 1).value = plain(title);
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, last);
  ws.getCell(2, 1).value = plain(subtitle);
  const header = ws.getRow(3);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  for (const values of rows) {
    const row = ws.addRow(values.map(plain));
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = THIN;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
  }
}

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 信息发布栏 — the unit's board on a date, ready to print and pin up. */
export async function boardWorkbook(
  ctx: ServiceContext,
  input: { unit: string; date?: string | undefined },
): Promise<{ filename: string; bytes: Buffer }> {
  const board = await getBoard(ctx, input);
  const wb = new ExcelJS.Workbook();
  wb.creator = '就业平台';
  tableSheet(
    wb,
    '信息发布栏',
    `${board.unit.name} 就业信息发布栏`,
    `发布日期：${board.date}，共 ${board.items.length} 个岗位，${board.items.reduce((n, v) => n + v.headcount, 0)} 人`,
    [
      { header: '序号', width: 6 },
      { header: '用工单位', width: 24 },
      { header: '招聘岗位', width: 16 },
      { header: '人数', width: 6 },
      { header: '薪酬待遇', width: 18 },
      { header: '工作地点', width: 16 },
      { header: '岗位要求', width: 28 },
      { header: '有效期至', width: 12 },
      { header: '联系方式', width: 18 },
      { header: '信息来源', width: 14 },
    ],
    board.items.map((v, i) => [
      i + 1,
      v.employer,
      v.post,
      v.headcount,
      payLabel(v),
      v.place,
      requirementLabel(v),
      v.validUntil ?? '',
      v.contact,
      v.source ?? v.unitName,
    ]),
  );
  return { filename: `信息发布栏-${board.unit.name}-${board.date}.xlsx`, bytes: await toBuffer(wb) };
}

/**
 * 服务记录台账 of a village (or all of a town's villages) for a year: 走访记录台账, 推荐就业台账 and 培训台账 as three
 * sheets of one workbook, records as made in those units. The export of personal data is audited.
 */
export async function serviceLedgerWorkbook(
  ctx: ServiceContext,
  input: { unit: string; year: number },
): Promise<{ filename: string; bytes: Buffer }> {
  const actor = requireActor(ctx);
  assertInScope(actor, input.unit, '单位');
  const unit = await findUnitByCode(ctx.db, input.unit);
  if (!unit) throw new AppError('NOT_FOUND', '未找到该单位');
  const units =
    unit.level === 3
      ? [unit]
      : (await findUnits(ctx.db, { parentCode: unit.code, includeInactive: true })).filter(
          (u) => u.level === 3 && inScope(actor, u.code),
        );
  if (units.length === 0) throw new AppError('VALIDATION', '请选择村（社区）或镇（街道）');
  const names = new Map(units.map((u) => [u.code, u.name]));
  const codes = units.map((u) => u.code);
  const from = startOfYear(input.year);
  const to = endOfYear(input.year);
  const [visits, recommendations, training] = await Promise.all([
    findServiceRecordsForLedger(ctx.db, codes, ['走访', '电话联系'], from, to),
    findServiceRecordsForLedger(ctx.db, codes, ['推荐就业'], from, to),
    findServiceRecordsForLedger(ctx.db, codes, ['职业培训'], from, to),
  ]);
  const wb = new ExcelJS.Workbook();
  wb.creator = '就业平台';
  const scope = unit.level === 3 ? unit.name : `${unit.name}（${units.length} 个村（社区））`;
  const person = [
    { header: '序号', width: 6 },
    { header: '村（社区）', width: 12 },
    { header: '姓名', width: 10 },
    { header: '身份证号', width: 22 },
  ];
  const who = (r: (typeof visits)[number], i: number): Cell[] => [
    i + 1,
    names.get(r.unit_code) ?? r.unit_code,
    r.person_name,
    r.person_id_masked,
  ];
  tableSheet(
    wb,
    '走访记录台账',
    `${scope} ${input.year}年 走访记录台账`,
    '含上门走访和电话联系',
    [
      ...person,
      { header: '日期', width: 12 },
      { header: '类型', width: 10 },
      { header: '方式', width: 8 },
      { header: '走访内容', width: 40 },
      { header: '经办人', width: 12 },
    ],
    visits.map((r, i) => [...who(r, i), r.date, r.type, r.mode, r.content, r.staff]),
  );
  tableSheet(
    wb,
    '推荐就业台账',
    `${scope} ${input.year}年 推荐就业台账`,
    '',
    [
      ...person,
      { header: '推荐日期', width: 12 },
      { header: '推荐单位', width: 24 },
      { header: '推荐岗位', width: 16 },
      { header: '结果', width: 10 },
      { header: '备注', width: 30 },
      { header: '经办人', width: 12 },
    ],
    recommendations.map((r, i) => [
      ...who(r, i),
      r.date,
      r.employer ?? r.employer_post,
      r.post,
      r.result,
      r.content,
      r.staff,
    ]),
  );
  tableSheet(
    wb,
    '培训台账',
    `${scope} ${input.year}年 职业培训台账`,
    '',
    [
      ...person,
      { header: '登记日期', width: 12 },
      { header: '培训课程（工种）', width: 20 },
      { header: '开始日期', width: 12 },
      { header: '结束日期', width: 12 },
      { header: '结果', width: 10 },
      { header: '证书', width: 18 },
      { header: '经办人', width: 12 },
    ],
    training.map((r, i) => [
      ...who(r, i),
      r.date,
      r.course,
      r.start_date,
      r.end_date,
      r.result,
      r.certificate,
      r.staff,
    ]),
  );
  const bytes = await toBuffer(wb);
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, ctx, {
      action: 'service.export',
      objectType: 'unit',
      objectId: unit.code,
      detail: {
        year: input.year,
        visits: visits.length,
        recommendations: recommendations.length,
        training: training.length,
      },
    }),
  );
  return { filename: `服务记录台账-${unit.name}-${input.year}.xlsx`, bytes };
}
