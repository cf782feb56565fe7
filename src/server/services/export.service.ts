import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { can, type Permission } from '../../domain/access.ts';
import { maskIdNumber } from '../../domain/id-number.ts';
import { LABOUR_COLUMNS } from '../../domain/ledger-entry.ts';
import { LEDGERS, type LedgerKind } from '../../domain/ledgers.ts';
import type { PersonRow } from '../db/database.ts';
import { sheetSpec } from '../io/sheet-specs.ts';
import {
  addSheet,
  createStreamingWorkbook,
  templateWorkbook,
  TEMPLATE_NOTES,
  writeHeader,
  writeNotesSheet,
  writeRow,
  type OutCell,
} from '../io/workbook-writer.ts';
import { findHistoriesOf, findLedgerPage } from '../repositories/ledger-io.repository.ts';
import { findUnitByCode, findUnits } from '../repositories/unit.repository.ts';
import { recordAudit } from './audit.service.ts';
import {
  AppError,
  assertInScope,
  inScope,
  requireActor,
  today,
  type Actor,
  type ServiceContext,
} from './context.ts';
import { group } from './facts.mapper.ts';
import { ensureFlagsFresh } from './flags.service.ts';

/**
 * 台账导出 — a ledger (劳动力 / 失业人员 / 就业困难人员 / 精准扶贫劳动力) in the layout of the 劳动力 sheet, with
 * the 服务记录 of the same persons, streamed page by page into an .xlsx. ID, phone and disability numbers are
 * masked by default: that file is for reading and printing. The unmasked file — the one that can be edited
 * and imported again unchanged — needs the reveal permission and a reason, and is audited.
 */

export interface ExportRequest {
  ledger: LedgerKind;
  /** a village, a town (its villages) or the district; default: the actor's whole scope */
  unit?: string | null;
  masked: boolean;
  /** why the full numbers are needed (required when not masked) */
  reason?: string | null;
}

export interface ExportResult {
  /** the written file; the caller removes it when it is a temporary one */
  file: string;
  /** a name to offer for download */
  filename: string;
  persons: number;
  services: number;
  masked: boolean;
}

export const MASKED_NOTE =
  '本文件中的身份证号、联系电话和残疾证号已脱敏，仅供阅读和打印，不能用于再次导入。需要修改后导入时，请导出“完整号码”版本（须说明理由，并记入审计）。';
export const UNMASKED_NOTE =
  '本文件含完整的身份证号和联系电话，属于个人信息：请妥善保管，用后删除。可修改后原样导入，未修改的行不会产生任何变更。';

const PAGE = 2000;
const SEX = { M: '男', F: '女' } as const;
const ABILITY = { full: '完全', partial: '部分', none: '丧失' } as const;

/** The command line's operator: no account and no role, district-wide (the machine's own access). */
function allowed(actor: Actor, permission: Permission): boolean {
  const machine = actor.userId === 0 && actor.role === null && actor.scopeUnits === 'all';
  return machine || can(actor.role, permission);
}

/** The village-level units to export: one unit, a town's units, or everything the actor sees. */
async function exportUnits(
  ctx: ServiceContext,
  actor: Actor,
  unit: string | null | undefined,
): Promise<{ codes: string[]; name: string }> {
  const all = await findUnits(ctx.db, { includeInactive: true });
  const villages = all.filter((u) => u.level === 3 && inScope(actor, u.code));
  if (!unit)
    return {
      codes: villages.map((u) => u.code),
      name:
        actor.scopeUnits === 'all'
          ? (all.find((u) => u.level === 1)?.name ?? '全区')
          : actor.displayName || '本单位',
    };
  assertInScope(actor, unit, '单位');
  const u = await findUnitByCode(ctx.db, unit);
  if (!u) throw new AppError('NOT_FOUND', '未找到该单位，或无权查看');
  if (u.level === 3) return { codes: [u.code], name: u.name };
  const under = u.level === 1 ? villages : villages.filter((v) => v.parent_code === u.code);
  return { codes: under.map((v) => v.code), name: u.name };
}

function latest<T>(rows: T[], key: (r: T) => string): T | undefined {
  let best: T | undefined;
  for (const r of rows) if (!best || key(r) >= key(best)) best = r;
  return best;
}

export async function exportLedger(
  ctx: ServiceContext,
  req: ExportRequest,
  out?: { path: string },
): Promise<ExportResult> {
  const actor = requireActor(ctx);
  if (!allowed(actor, 'resident:export')) throw new AppError('FORBIDDEN', '无权导出台账');
  const reason = req.reason?.trim() ?? '';
  if (!req.masked) {
    if (!allowed(actor, 'resident:reveal')) throw new AppError('FORBIDDEN', '无权导出完整号码');
    if (reason.length < 2)
      throw new AppError('VALIDATION', '导出完整号码须填写理由', [
        { path: 'reason', message: '请填写导出完整号码的理由' },
      ]);
  }
  const ledger = LEDGERS[req.ledger];
  const { codes, name } = await exportUnits(ctx, actor, req.unit);
  const t = today(ctx);
  await ensureFlagsFresh(ctx.db, codes, t);

  const file =
    out?.path ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-export-')), `${randomUUID()}.xlsx`);
  const pii = ctx.pii;
  const plain = (sealed: string | null): string | null => (sealed ? pii.decrypt(sealed) : null);
  const idOf = (p: PersonRow) => (req.masked ? p.id_masked : pii.decrypt(p.id_enc));

  const wb = createStreamingWorkbook(file);
  wb.title = `${name}${ledger.title}`;
  const labour = addSheet(wb, '劳动力');
  writeHeader(labour, LABOUR_COLUMNS, sheetSpec('劳动力').required);
  const services = addSheet(wb, '服务记录');
  const serviceSpec = sheetSpec('服务记录');
  writeHeader(services, serviceSpec.columns, serviceSpec.required);

  let persons = 0;
  let serviceRows = 0;
  let afterId = 0;
  for (;;) {
    const page = await findLedgerPage(ctx.db, { units: codes, flag: ledger.flag, afterId, limit: PAGE });
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    const h = await findHistoriesOf(
      ctx.db,
      page.map((p) => p.id),
    );
    const spells = group(h.spells);
    const regs = group(h.registrations);
    const recs = group(h.recognitions);
    const svc = group(h.services);
    for (const p of page) {
      const spell = latest(
        (spells.get(p.id) ?? []).filter((s) => s.end_date === null),
        (s) => s.start_date,
      );
      const reg = latest(regs.get(p.id) ?? [], (r) => r.approved_on);
      const rec = latest(recs.get(p.id) ?? [], (r) => r.recognized_on);
      const disability = plain(p.disability_enc);
      const row: Record<string, OutCell> = {
        '村（社区）代码': p.unit_code,
        户编号: p.household_number,
        与户主关系: p.relation,
        姓名: p.name,
        身份证号: idOf(p),
        性别: SEX[p.sex],
        联系电话: req.masked ? p.phone_masked : plain(p.phone_enc),
        户籍性质: p.hukou,
        文化程度: p.education,
        劳动能力: ABILITY[p.ability],
        就业意愿: p.willing ? '有' : '无',
        人员状态: p.student ? '在校学生' : p.soldier ? '服役' : p.pension_since ? '领取养老金' : null,
        就业形式: spell?.form ?? null,
        就业单位: spell?.employer ?? null,
        就业日期: spell?.start_date ?? null,
        失业登记日期: reg?.approved_on ?? null,
        失业登记注销日期: reg?.closed_on ?? null,
        注销原因: reg?.close_reason ?? null,
        就业困难人员类别: rec?.categories ?? null,
        困难认定日期: rec?.recognized_on ?? null,
        困难退出日期: rec?.exited_on ?? null,
        建档立卡贫困劳动力: p.poverty_register ? '是' : '否',
        脱贫状态: p.poverty_status,
        低保: p.dibao,
        残疾证号: disability && req.masked ? maskIdNumber(disability) : disability,
        备注: p.note,
      };
      writeRow(
        labour,
        LABOUR_COLUMNS.map((c) => row[c] ?? null),
      );
      persons++;
      for (const s of svc.get(p.id) ?? []) {
        writeRow(services, [
          idOf(p),
          s.type,
          s.date,
          s.mode,
          s.request_item,
          s.fulfilled_on,
          s.employer_post,
          s.result,
          s.staff,
          s.content,
        ]);
        serviceRows++;
      }
    }
  }
  labour.commit();
  services.commit();
  writeNotesSheet(wb, [
    `${name}${ledger.title}（${t} 导出，共 ${persons} 人）。`,
    req.masked ? MASKED_NOTE : UNMASKED_NOTE,
    ...TEMPLATE_NOTES,
  ]);
  await wb.commit();

  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, ctx, {
      action: 'ledger.export',
      objectType: 'ledger',
      objectId: req.ledger,
      detail: {
        ledger: req.ledger,
        unit: req.unit ?? null,
        units: codes.length,
        persons,
        services: serviceRows,
        masked: req.masked,
        ...(req.masked ? {} : { reason }),
      },
    }),
  );
  return {
    file,
    filename: `${name}${ledger.title}-${t}${req.masked ? '（脱敏）' : '（完整号码）'}.xlsx`,
    persons,
    services: serviceRows,
    masked: req.masked,
  };
}

/** The blank ledger template (台账导入模板). */
export async function ledgerTemplate(ctx: ServiceContext): Promise<{ body: Buffer; filename: string }> {
  requireActor(ctx);
  return { body: await templateWorkbook(), filename: '台账导入模板.xlsx' };
}
