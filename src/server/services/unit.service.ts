import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { levelOfCode, normalizeUnitCode, shortUnitName, unitKindFromName } from '../../domain/units.ts';
import type { UnitRow } from '../db/database.ts';
import {
  countUnits,
  findUnitByCode,
  findUnitEvents,
  findUnits,
  insertUnit,
  insertUnitEvent,
  updateUnit,
} from '../repositories/unit.repository.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, assertInScope, requireActor, type ServiceContext } from './context.ts';

export const BUNDLED_DIVISIONS = path.resolve(
  import.meta.dirname,
  '../db/seed-data/quangang-350505-divisions-2023.csv',
);

export interface UnitView {
  code: string;
  name: string;
  officialName: string;
  kind: UnitRow['kind'];
  parentCode: string | null;
  level: number;
  active: boolean;
  mergedInto: string | null;
  version: number;
}

export function presentUnit(u: UnitRow): UnitView {
  return {
    code: u.code,
    name: u.name,
    officialName: u.official_name,
    kind: u.kind,
    parentCode: u.parent_code,
    level: u.level,
    active: u.active === 1,
    mergedInto: u.merged_into,
    version: u.version,
  };
}

export interface DivisionRow {
  line: number;
  code: string;
  officialName: string;
  parentCode: string | null;
  level: 1 | 2 | 3;
  kind: UnitRow['kind'];
}

export interface DivisionParse {
  rows: DivisionRow[];
  errors: { line: number; message: string }[];
}

/**
 * Reads a division CSV (`level,code,name,parent_code`, the columns of the bundled Quangang file; an optional
 * `kind` column overrides the kind told from the name). Province and city rows are context and skipped.
 */
export function parseDivisionCsv(text: string): DivisionParse {
  const records = parse(text.replace(/^\uFEFF/, ''), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  const rows: DivisionRow[] = [];
  const errors: DivisionParse['errors'] = [];
  records.forEach((r, i) => {
    const line = i + 2;
    const level = (r.level ?? '').toLowerCase();
    if (level === 'province' || level === 'city') return;
    const code = normalizeUnitCode(r.code ?? '');
    if (!code) return void errors.push({ line, message: `代码 "${r.code ?? ''}" 不是 6、9 或 12 位数字` });
    const officialName = (r.name ?? '').trim();
    if (!officialName) return void errors.push({ line, message: '名称为空' });
    const lvl = levelOfCode(code);
    const parentCode = r.parent_code ? normalizeUnitCode(r.parent_code) : null;
    if (lvl > 1 && !parentCode)
      return void errors.push({ line, message: `上级代码 "${r.parent_code ?? ''}" 无效` });
    const kindOverride = r.kind as UnitRow['kind'] | undefined;
    const validKinds = ['district', 'town', 'village', 'community', 'other'];
    if (kindOverride && !validKinds.includes(kindOverride))
      return void errors.push({ line, message: `类型 "${kindOverride}" 无效` });
    rows.push({
      line,
      code,
      officialName,
      parentCode: lvl === 1 ? null : parentCode,
      level: lvl,
      kind: kindOverride || unitKindFromName(lvl, officialName),
    });
  });
  return { rows, errors };
}

export interface UnitLoadReport {
  created: number;
  renamed: number;
  unchanged: number;
  errors: { line: number; message: string }[];
}

/**
 * Loads a district's units. New codes are created; a known code with a new name is renamed (kept in the
 * unit's history). All or nothing: any bad line refuses the file.
 */
export async function loadUnits(ctx: ServiceContext, csvText: string): Promise<UnitLoadReport> {
  const { rows, errors } = parseDivisionCsv(csvText);
  const report: UnitLoadReport = { created: 0, renamed: 0, unchanged: 0, errors };
  if (errors.length) return report;
  if (rows.length === 0) {
    report.errors.push({ line: 1, message: '文件中没有区县及以下的单位' });
    return report;
  }
  const now = ctx.now().toISOString();
  const ordered = [...rows].sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
  const known = new Set(ordered.map((r) => r.code));
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      for (const r of ordered) {
        if (r.parentCode && !known.has(r.parentCode) && !(await findUnitByCode(trx, r.parentCode))) {
          report.errors.push({ line: r.line, message: `上级单位 ${r.parentCode} 不存在` });
          continue;
        }
        const existing = await findUnitByCode(trx, r.code);
        const name = shortUnitName(r.officialName);
        if (!existing) {
          await insertUnit(trx, {
            code: r.code,
            name,
            official_name: r.officialName,
            kind: r.kind,
            parent_code: r.parentCode,
            level: r.level,
            active: 1,
            merged_into: null,
            created_at: now,
            updated_at: now,
            version: 1,
          });
          await insertUnitEvent(trx, {
            unit_code: r.code,
            at: now,
            action: 'create',
            old_value: null,
            new_value: r.officialName,
            actor_id: ctx.actor?.userId ?? null,
            note: null,
          });
          report.created++;
        } else if (existing.official_name !== r.officialName) {
          await updateUnit(trx, r.code, existing.version, {
            name,
            official_name: r.officialName,
            updated_at: now,
          });
          await insertUnitEvent(trx, {
            unit_code: r.code,
            at: now,
            action: 'rename',
            old_value: existing.official_name,
            new_value: r.officialName,
            actor_id: ctx.actor?.userId ?? null,
            note: '导入区划',
          });
          report.renamed++;
        } else {
          report.unchanged++;
        }
      }
      if (report.errors.length) throw new RollbackSignal();
      await recordAudit(trx, ctx, {
        action: 'unit.load',
        objectType: 'unit',
        detail: { created: report.created, renamed: report.renamed },
      });
    })
    .catch((e: unknown) => {
      if (!(e instanceof RollbackSignal)) throw e;
      report.created = 0;
      report.renamed = 0;
      report.unchanged = 0;
    });
  return report;
}

class RollbackSignal extends Error {}

/** Loads the bundled Quangang district when the database holds no unit yet. */
export async function ensureDistrictUnits(ctx: ServiceContext): Promise<UnitLoadReport | null> {
  if ((await countUnits(ctx.db)) > 0) return null;
  return loadUnits(ctx, fs.readFileSync(BUNDLED_DIVISIONS, 'utf8'));
}

export async function listUnitsInScope(
  ctx: ServiceContext,
  filter: { parentCode?: string; kind?: UnitRow['kind']; includeInactive?: boolean } = {},
): Promise<UnitView[]> {
  const actor = requireActor(ctx);
  const codes = actor.scopeUnits === 'all' ? undefined : actor.scopeUnits;
  return (await findUnits(ctx.db, { ...filter, codes })).map(presentUnit);
}

export async function getUnit(ctx: ServiceContext, code: string) {
  const actor = requireActor(ctx);
  assertInScope(actor, code, '单位');
  const unit = await findUnitByCode(ctx.db, code);
  if (!unit) throw new AppError('NOT_FOUND', '未找到该单位');
  const history = await findUnitEvents(ctx.db, code);
  const parent = unit.parent_code ? await findUnitByCode(ctx.db, unit.parent_code) : undefined;
  return {
    ...presentUnit(unit),
    parentName: parent?.name ?? null,
    history: history.map((h) => ({
      at: h.at,
      action: h.action,
      oldValue: h.old_value,
      newValue: h.new_value,
      note: h.note,
    })),
  };
}

export async function renameUnit(
  ctx: ServiceContext,
  code: string,
  input: { officialName: string; version: number; note?: string | undefined },
) {
  const unit = await findUnitByCode(ctx.db, code);
  if (!unit) throw new AppError('NOT_FOUND', '未找到该单位');
  const officialName = input.officialName.trim();
  if (!officialName)
    throw new AppError('VALIDATION', '名称不能为空', [{ path: 'officialName', message: '不能为空' }]);
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await updateUnit(trx, code, input.version, {
      name: shortUnitName(officialName),
      official_name: officialName,
      updated_at: now,
    });
    if (!ok) throw new AppError('VERSION_CONFLICT');
    await insertUnitEvent(trx, {
      unit_code: code,
      at: now,
      action: 'rename',
      old_value: unit.official_name,
      new_value: officialName,
      actor_id: ctx.actor?.userId ?? null,
      note: input.note ?? null,
    });
    await recordAudit(trx, ctx, {
      action: 'unit.rename',
      objectType: 'unit',
      objectId: code,
      detail: { from: unit.official_name, to: officialName },
    });
  });
  return getUnit(ctx, code);
}

/** Merges a village-level unit into another of the same town; the merged one stays, inactive, with its history. */
export async function mergeUnit(
  ctx: ServiceContext,
  code: string,
  input: { into: string; version: number; note?: string | undefined },
) {
  const [unit, target] = await Promise.all([
    findUnitByCode(ctx.db, code),
    findUnitByCode(ctx.db, input.into),
  ]);
  if (!unit || !target) throw new AppError('NOT_FOUND', '未找到该单位');
  if (unit.level !== 3 || target.level !== 3) throw new AppError('VALIDATION', '只能合并村（社区）级单位');
  if (code === input.into) throw new AppError('VALIDATION', '不能合并到自身');
  if (unit.active !== 1 || target.active !== 1) throw new AppError('CONFLICT', '单位已被合并或停用');
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await updateUnit(trx, code, input.version, {
      active: 0,
      merged_into: input.into,
      updated_at: now,
    });
    if (!ok) throw new AppError('VERSION_CONFLICT');
    await insertUnitEvent(trx, {
      unit_code: code,
      at: now,
      action: 'merge',
      old_value: null,
      new_value: input.into,
      actor_id: ctx.actor?.userId ?? null,
      note: input.note ?? null,
    });
    await insertUnitEvent(trx, {
      unit_code: input.into,
      at: now,
      action: 'merge',
      old_value: code,
      new_value: null,
      actor_id: ctx.actor?.userId ?? null,
      note: `${unit.name}并入`,
    });
    await recordAudit(trx, ctx, {
      action: 'unit.merge',
      objectType: 'unit',
      objectId: code,
      detail: { into: input.into },
    });
  });
  return getUnit(ctx, code);
}
