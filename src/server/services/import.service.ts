import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import { parseIdNumber } from '../../domain/id-number.ts';
import {
  canonicalHeader,
  normaliseText,
  validateLabourRow,
  type CellProblem,
  type LabourColumn,
  type PersonEntry,
} from '../../domain/ledger-entry.ts';
import {
  ERROR_COLUMN,
  INSTRUCTIONS_SHEET,
  LEDGER_SHEETS,
  entryConsistencyWarnings,
  matchSheetName,
  validateHistoryRow,
  validateServiceRow,
  validateUnitRecordRow,
  validateZeroEmploymentRow,
  type HistoryEntry,
  type LedgerSheet,
  type RowResult,
  type ServiceEntry,
  type UnitRecordEntry,
  type ZeroEmploymentEntry,
} from '../../domain/ledger-rows.ts';
import type { Database } from '../db/database.ts';
import { BULK_LOAD_ROWS, planForValues, refreshPlannerStatistics } from '../db/statistics.ts';
import { cellText } from '../io/cell-text.ts';
import { openLedgerSource, type LedgerSource } from '../io/ledger-source.ts';
import { readAhead } from '../io/read-ahead.ts';
import { sheetSpec } from '../io/sheet-specs.ts';
import { writeErrorWorkbook, type SheetLayout } from '../io/workbook-writer.ts';
import { UPLOAD_LIMITS, WorkbookRefused, fileTooLarge, type ReadLimits } from '../io/zip-guard.ts';
import {
  closeRegistration,
  findHouseholdsByNumbers,
  findOpenHistories,
  findPersonsForImport,
  findServiceRecordsOf,
  findUnitRecordsOf,
  findZeroRecognitions,
  insertRegistration,
  insertServiceRecords,
  insertSpell,
  insertUnitRecords,
  insertZeroRecognition,
  updateSpell,
  updateZeroRecognitionNote,
} from '../repositories/ledger-io.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { recordAudit } from './audit.service.ts';
import {
  AppError,
  inScope,
  isoNow,
  requireActor,
  today,
  type Actor,
  type ServiceContext,
} from './context.ts';
import { refreshFlags } from './flags.service.ts';
import { registerChanged } from './unit-result.service.ts';
import { applyPersonEntries, findCrossUnitConflicts } from './register-write.ts';

/**
 * 台账导入 — one ledger workbook (LEDGER-FORMAT.md) into the register, in ONE transaction. The file streams
 * (rows are validated and applied in chunks of ~1000, so memory stays flat); sheets are applied in dependency
 * order (村级工作, 劳动力, 就业失业记录, 零就业家庭, 服务记录) so a later sheet can name what an earlier one
 * created. By default any rejected row rolls everything back; `partial` applies the valid rows only. Every
 * rejected row comes back with its sheet, Excel row number, column and reason, and in an error workbook:
 * the original file plus a 错误说明 column.
 */

export interface ImportSource {
  /** a file on disk, or a stream (spooled to a temporary file first: the zip directory is at the end) */
  path?: string;
  stream?: Readable;
  /** the user's file name: decides .xlsx or .csv, and names the sheet of a CSV */
  filename: string;
}

export type ImportPhase = 'uploading' | 'checking' | 'reading' | 'finishing' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  sheet: string | null;
  rowsRead: number;
  /**
   * within 'finishing': 'flags' while the register's flags are refreshed, 'commit' once the audit record is
   * written and the transaction commits (everything or nothing is in the database from here)
   */
  step?: 'flags' | 'commit';
}

export interface ImportOptions {
  partial: boolean;
  onProgress?: (p: ImportProgress) => void;
  /** guards; uploads use {@link UPLOAD_LIMITS}, the command line may allow more rows */
  limits?: Partial<ReadLimits>;
  /** where to write the error workbook when rows are rejected (default: a temporary file) */
  errorWorkbookPath?: string;
}

export interface SheetCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface RejectedCell {
  sheet: string;
  /** the Excel row number */
  row: number;
  column: string;
  reason: string;
}

export interface ImportWarning {
  sheet: string | null;
  row: number | null;
  column: string | null;
  message: string;
}

export interface ImportReport {
  applied: boolean;
  partial: boolean;
  filename: string;
  /** the recognised sheets, in the file's order */
  sheets: string[];
  counts: Partial<Record<LedgerSheet, SheetCounts>>;
  total: SheetCounts;
  rejected: RejectedCell[];
  /** rows rejected (a row may have several rejected cells) */
  rejectedRows: number;
  warnings: ImportWarning[];
  /** the original file with a 错误说明 column, when rows were rejected */
  errorWorkbook: string | null;
  /** one Chinese sentence saying what happened */
  message: string;
}

const SHEET_LABOUR = '劳动力';
const SHEET_EVENTS = '就业失业记录';
const SHEET_SERVICES = '服务记录';
const SHEET_ZERO = '零就业家庭';
const SHEET_UNIT_RECORDS = '村级工作';
/** The order sheets are applied in: a later sheet may name what an earlier one created. */
const APPLY_ORDER: readonly LedgerSheet[] = [
  SHEET_UNIT_RECORDS,
  SHEET_LABOUR,
  SHEET_EVENTS,
  SHEET_ZERO,
  SHEET_SERVICES,
];

const CHUNK = 1000;
const MAX_WARNINGS = 2000;

const emptyCounts = (): SheetCounts => ({ created: 0, updated: 0, unchanged: 0, rejected: 0 });

class Rollback extends Error {}

/** A sheet's rows as column → text, after finding its header row. */
interface SheetRow {
  number: number;
  raw: Record<string, string>;
  /** the 身份证号 cell held a number: Excel keeps 15 significant digits, so the last ones are lost */
  numericId: boolean;
}

interface ImportRun {
  ctx: ServiceContext;
  actor: Actor;
  trx: Transaction<Database>;
  today: string;
  now: string;
  source: LedgerSource;
  units: Map<string, { name: string; level: number; active: boolean }>;
  counts: Partial<Record<LedgerSheet, SheetCounts>>;
  rejected: RejectedCell[];
  /** sheet → row → reasons, for the error workbook */
  reasons: Map<string, Map<number, string>>;
  layouts: Map<string, SheetLayout>;
  warnings: ImportWarning[];
  touchedUnits: Set<string>;
  /** units whose unit-level work changed (their results go stale; their persons' flags do not move) */
  workUnits: Set<string>;
  /** ID number → 劳动力 row number, for every row of that sheet with a readable ID number */
  labourIds: Map<string, number>;
  /** ID numbers whose 劳动力 row was rejected */
  rejectedLabourIds: Set<string>;
  /** the columns each sheet carries (a column absent from the file leaves its data alone) */
  present: Map<LedgerSheet, Set<string>>;
  progress: (sheet: string | null) => void;
}

function warn(run: ImportRun, w: ImportWarning) {
  if (run.warnings.length < MAX_WARNINGS) run.warnings.push(w);
}

const NUMERIC_ID = '身份证号被 Excel 存成了数字，末几位已丢失：请把该列设为“文本”格式后重新填写';

/** A wrong ID number typed into a number cell: say why, not just that the check digit fails. */
function explainNumericId(row: SheetRow, problems: readonly CellProblem[]): CellProblem[] {
  return row.numericId
    ? problems.map((p) => (p.column === '身份证号' ? { column: p.column, message: NUMERIC_ID } : p))
    : [...problems];
}

function reject(run: ImportRun, sheet: LedgerSheet, row: number, problems: readonly CellProblem[]) {
  run.counts[sheet]!.rejected++;
  for (const p of problems) run.rejected.push({ sheet, row, column: p.column, reason: p.message });
  const bySheet = run.reasons.get(sheet) ?? run.reasons.set(sheet, new Map()).get(sheet)!;
  const text = problems.map((p) => `${p.column}：${p.message}`).join('；');
  bySheet.set(row, bySheet.has(row) ? `${bySheet.get(row)}；${text}` : text);
}

/** Finds the header row, maps columns by canonical header text, and yields the data rows as text. */
async function* readSheetRows(
  run: ImportRun,
  fileSheet: string,
  sheet: LedgerSheet,
): AsyncGenerator<SheetRow> {
  const spec = sheetSpec(sheet);
  const known = new Set(spec.columns);
  let columns: { index: number; name: string; date: boolean }[] | null = null;
  const present = new Set<string>();
  let idIndex = -1;
  let counter = 0;
  for await (const row of run.source.rows(fileSheet)) {
    if (++counter % CHUNK === 0) run.progress(sheet);
    if (!columns) {
      const headers = row.cells.map((c) => canonicalHeader(cellText(c, false, false)));
      if (!headers.some((h) => known.has(h))) continue;
      columns = [];
      run.present.set(sheet, present);
      let errorColumn = -1;
      headers.forEach((h, index) => {
        if (h === '') return;
        if (h.startsWith(ERROR_COLUMN)) {
          if (errorColumn < 0) errorColumn = index;
          return;
        }
        if (!known.has(h))
          return warn(run, { sheet, row: row.number, column: h, message: `未识别的列"${h}"已忽略` });
        if (present.has(h))
          return warn(run, { sheet, row: row.number, column: h, message: `列"${h}"重复，只读取第一列` });
        present.add(h);
        columns!.push({ index, name: h, date: spec.dateColumns.includes(h) });
      });
      const width = headers.length;
      run.layouts.set(fileSheet, {
        headerRow: row.number,
        width,
        errorColumn: errorColumn >= 0 ? errorColumn : width,
        dateColumns: new Set(columns.filter((c) => c.date).map((c) => c.index)),
      });
      idIndex = columns.find((c) => c.name === '身份证号')?.index ?? -1;
      const missing = spec.required.filter((c) => !present.has(c));
      if (missing.length) {
        reject(
          run,
          sheet,
          row.number,
          missing.map((c) => ({ column: c, message: '缺少必填列，整张表未导入' })),
        );
        return;
      }
      continue;
    }
    const raw: Record<string, string> = {};
    let blank = true;
    for (const c of columns) {
      const text = cellText(row.cells[c.index], c.date, run.source.date1904);
      if (text !== '') {
        raw[c.name] = text;
        if (blank && normaliseText(text) !== '') blank = false;
      }
    }
    if (!blank)
      yield { number: row.number, raw, numericId: idIndex >= 0 && typeof row.cells[idIndex] === 'number' };
  }
  if (!columns)
    warn(run, { sheet, row: null, column: null, message: `工作表"${fileSheet}"中没有找到列名行，已跳过` });
}

/** Drains a sheet's rows in chunks, passing the columns the sheet carries. */
async function forEachChunk(
  run: ImportRun,
  fileSheet: string,
  sheet: LedgerSheet,
  fn: (rows: SheetRow[], present: ReadonlySet<string>) => Promise<void>,
): Promise<void> {
  let chunk: SheetRow[] = [];
  // parsing runs ahead while a chunk waits on the database
  for await (const row of readAhead(readSheetRows(run, fileSheet, sheet), 2 * CHUNK)) {
    chunk.push(row);
    if (chunk.length >= CHUNK) {
      await fn(chunk, run.present.get(sheet) ?? new Set());
      chunk = [];
    }
  }
  if (chunk.length) await fn(chunk, run.present.get(sheet) ?? new Set());
}

// ——— 劳动力 ———

async function importLabour(run: ImportRun, fileSheet: string): Promise<void> {
  const sheet = SHEET_LABOUR;
  await forEachChunk(run, fileSheet, sheet, async (rows, present) => {
    const valid: { row: number; entry: PersonEntry }[] = [];
    for (const sheetRow of rows) {
      const { number, raw } = sheetRow;
      const result = validateLabourRow(raw, run.today);
      if (!result.ok) {
        const id = parseIdNumber(normaliseText(raw['身份证号'] ?? ''));
        if (id.ok) {
          run.rejectedLabourIds.add(id.idNumber);
          if (!run.labourIds.has(id.idNumber)) run.labourIds.set(id.idNumber, number);
        }
        reject(run, sheet, number, explainNumericId(sheetRow, result.errors));
        continue;
      }
      const e = result.entry;
      const problem = unitProblem(run, e.unitCode);
      const earlier = run.labourIds.get(e.idNumber);
      if (problem) {
        run.rejectedLabourIds.add(e.idNumber);
        reject(run, sheet, number, [{ column: '村（社区）代码', message: problem }]);
      } else if (earlier !== undefined) {
        reject(run, sheet, number, [{ column: '身份证号', message: `与本表第 ${earlier} 行的身份证号重复` }]);
      } else {
        valid.push({ row: number, entry: e });
        for (const w of [...result.warnings, ...entryConsistencyWarnings(e, run.today)])
          warn(run, { sheet, row: number, column: w.column, message: w.message });
      }
      if (earlier === undefined) run.labourIds.set(e.idNumber, number);
    }
    if (valid.length === 0) return;
    const conflicts = await findCrossUnitConflicts(
      run.trx,
      valid.map((v) => v.entry),
      run.ctx.pii,
    );
    const apply: typeof valid = [];
    valid.forEach((v, i) => {
      const other = conflicts.get(i);
      if (other === undefined) return apply.push(v);
      run.rejectedLabourIds.add(v.entry.idNumber);
      const name = run.units.get(other)?.name ?? other;
      reject(run, sheet, v.row, [
        {
          column: '身份证号',
          message: `该人员已在${name}登记；如已迁入本单位，请先由${name}办理人员转移，再导入`,
        },
      ]);
    });
    if (apply.length === 0) return;
    const result = await applyPersonEntries(
      run.trx,
      apply.map((v) => v.entry),
      {
        pii: run.ctx.pii,
        now: run.now,
        today: run.today,
        present: (c: LabourColumn) => present.has(c),
      },
    );
    const counts = run.counts[sheet]!;
    result.outcomes.forEach((o, i) => {
      counts[o]++;
      for (const note of result.notes[i] ?? [])
        warn(run, { sheet, row: apply[i]!.row, column: null, message: note });
    });
    for (const u of result.touchedUnits) run.touchedUnits.add(u);
  });
}

/** Why rows of `unitCode` cannot be imported by this actor, or null. */
function unitProblem(run: ImportRun, unitCode: string): string | null {
  if (!inScope(run.actor, unitCode)) return '无权导入其他单位的数据';
  const unit = run.units.get(unitCode);
  if (!unit || unit.level !== 3) return `单位代码 ${unitCode} 不是本区的村（社区）`;
  if (!unit.active) return `${unit.name}已撤并或停用，请使用现单位代码`;
  return null;
}

// ——— persons named by later sheets ———

/** The persons (in scope) behind a chunk's ID numbers; a person outside scope is "not found", as elsewhere. */
async function personsOf(run: ImportRun, idNumbers: readonly string[]) {
  const hmacOf = new Map(idNumbers.map((id) => [id, run.ctx.pii.blindIndex(id)]));
  const found = await findPersonsForImport(run.trx, [...new Set(hmacOf.values())]);
  const mine = found.filter((p) => inScope(run.actor, p.unit_code));
  const byHmac = new Map(mine.map((p) => [p.id_hmac, p]));
  return { personOf: (id: string) => byHmac.get(hmacOf.get(id)!), ids: mine.map((p) => p.id) };
}

function missingPerson(run: ImportRun, idNumber: string): CellProblem {
  const row = run.labourIds.get(idNumber);
  if (row !== undefined && run.rejectedLabourIds.has(idNumber))
    return { column: '身份证号', message: `该人员在劳动力表第 ${row} 行有误，未导入` };
  return { column: '身份证号', message: '人员不存在：须已在本单位登记，或列在本文件的劳动力表中' };
}

function validateChunk<T>(
  run: ImportRun,
  sheet: LedgerSheet,
  rows: SheetRow[],
  validate: (raw: Record<string, string>, today: string) => RowResult<T>,
) {
  const ok: { row: number; entry: T }[] = [];
  for (const row of rows) {
    const { number, raw } = row;
    const r = validate(raw, run.today);
    if (!r.ok) reject(run, sheet, number, explainNumericId(row, r.errors));
    else {
      ok.push({ row: number, entry: r.entry });
      for (const w of r.warnings) warn(run, { sheet, row: number, column: w.column, message: w.message });
    }
  }
  return ok;
}

/** Rows whose unit this actor may import into; the others are rejected. */
function ofImportableUnits<T extends { unitCode: string }>(
  run: ImportRun,
  sheet: LedgerSheet,
  rows: { row: number; entry: T }[],
) {
  return rows.filter((v) => {
    const problem = unitProblem(run, v.entry.unitCode);
    if (problem) reject(run, sheet, v.row, [{ column: '村（社区）代码', message: problem }]);
    return !problem;
  });
}

/** Records matched by all their columns: one seen before (stored, or earlier in the file) is unchanged. */
function isNew(seen: Set<string>, key: string, counts: SheetCounts): boolean {
  if (seen.has(key)) {
    counts.unchanged++;
    return false;
  }
  seen.add(key);
  counts.created++;
  return true;
}

/** The account behind a record; the command line has none. */
const createdBy = (run: ImportRun): number | null => (run.actor.userId > 0 ? run.actor.userId : null);

// ——— 就业失业记录 ———

async function importEvents(run: ImportRun, fileSheet: string): Promise<void> {
  const sheet = SHEET_EVENTS;
  await forEachChunk(run, fileSheet, sheet, async (rows) => {
    const valid = validateChunk<HistoryEntry>(run, sheet, rows, validateHistoryRow);
    const { personOf, ids } = await personsOf(
      run,
      valid.map((v) => v.entry.idNumber),
    );
    const { spells, registrations } = await findOpenHistories(run.trx, ids);
    const counts = run.counts[sheet]!;
    for (const { row, entry: e } of valid) {
      const person = personOf(e.idNumber);
      if (!person) {
        reject(run, sheet, row, [missingPerson(run, e.idNumber)]);
        continue;
      }
      const mySpells = spells.filter((s) => s.person_id === person.id);
      const myRegs = registrations.filter((r) => r.person_id === person.id);
      let outcome: keyof SheetCounts = 'unchanged';
      if (e.event === '就业') {
        const same = mySpells.find((s) => s.start_date === e.date && s.form === e.form);
        if (same) {
          if (e.employer !== null && same.employer !== e.employer) {
            await updateSpell(run.trx, same.id, { employer: e.employer });
            same.employer = e.employer;
            outcome = 'updated';
          }
        } else {
          for (const s of mySpells) {
            if (s.end_date === null && s.start_date <= e.date) {
              await updateSpell(run.trx, s.id, { end_date: e.date });
              s.end_date = e.date;
            }
          }
          // an earlier spell than those on record ends where the next one starts
          const later =
            mySpells
              .filter((s) => s.start_date > e.date)
              .map((s) => s.start_date)
              .sort()[0] ?? null;
          const spell = {
            person_id: person.id,
            form: e.form!,
            employer: e.employer,
            start_date: e.date,
            end_date: later,
            created_at: run.now,
          };
          const id = await insertSpell(run.trx, spell);
          spells.push({ id, ...spell });
          outcome = 'created';
        }
      } else if (e.event === '离职') {
        const open = mySpells.filter((s) => s.end_date === null && s.start_date <= e.date);
        if (open.length) {
          for (const s of open) {
            await updateSpell(run.trx, s.id, { end_date: e.date });
            s.end_date = e.date;
          }
          outcome = 'updated';
        } else if (!mySpells.some((s) => s.end_date === e.date)) {
          reject(run, sheet, row, [
            { column: '事件', message: `该人员在 ${e.date} 没有在职的就业记录，无法登记离职` },
          ]);
          continue;
        }
      } else if (e.event === '失业登记') {
        if (!myRegs.some((r) => r.approved_on === e.date)) {
          if (myRegs.some((r) => r.closed_on === null && r.approved_on < e.date)) {
            warn(run, {
              sheet,
              row,
              column: '事件',
              message: '该人员已有未注销的失业登记，仍新增了一次失业登记',
            });
          }
          const reg = {
            person_id: person.id,
            approved_on: e.date,
            closed_on: null,
            close_reason: null,
            created_at: run.now,
          };
          const id = await insertRegistration(run.trx, reg);
          registrations.push({ id, ...reg });
          outcome = 'created';
        }
      } else {
        const open = myRegs.find((r) => r.closed_on === null && r.approved_on <= e.date);
        const closedThatDay = myRegs.find((r) => r.closed_on === e.date);
        if (open) {
          await closeRegistration(run.trx, open.id, e.date, e.closeReason);
          open.closed_on = e.date;
          open.close_reason = e.closeReason;
          outcome = 'updated';
        } else if (closedThatDay) {
          if (closedThatDay.close_reason !== e.closeReason) {
            await closeRegistration(run.trx, closedThatDay.id, e.date, e.closeReason);
            closedThatDay.close_reason = e.closeReason;
            outcome = 'updated';
          }
        } else {
          reject(run, sheet, row, [
            { column: '事件', message: `该人员在 ${e.date} 没有未注销的失业登记，无法注销` },
          ]);
          continue;
        }
      }
      counts[outcome]++;
      if (outcome !== 'unchanged') run.touchedUnits.add(person.unit_code);
    }
  });
}

// ——— 服务记录 ———

function serviceKey(r: {
  person_id: number;
  type: string;
  date: string;
  mode: string | null;
  request_item: string | null;
  fulfilled_on: string | null;
  employer_post: string | null;
  result: string | null;
  staff: string | null;
  content: string | null;
}): string {
  return JSON.stringify([
    r.person_id,
    r.type,
    r.date,
    r.mode,
    r.request_item,
    r.fulfilled_on,
    r.employer_post,
    r.result,
    r.staff,
    r.content,
  ]);
}

async function importServices(run: ImportRun, fileSheet: string): Promise<void> {
  const sheet = SHEET_SERVICES;
  await forEachChunk(run, fileSheet, sheet, async (rows) => {
    const valid = validateChunk<ServiceEntry>(run, sheet, rows, validateServiceRow);
    const { personOf, ids } = await personsOf(
      run,
      valid.map((v) => v.entry.idNumber),
    );
    const existing = new Set((await findServiceRecordsOf(run.trx, ids)).map(serviceKey));
    const inserts = [];
    const counts = run.counts[sheet]!;
    for (const { row, entry: e } of valid) {
      const person = personOf(e.idNumber);
      if (!person) {
        reject(run, sheet, row, [missingPerson(run, e.idNumber)]);
        continue;
      }
      const record = {
        person_id: person.id,
        unit_code: person.unit_code,
        type: e.type,
        date: e.date,
        mode: e.mode,
        request_item: e.requestItem,
        fulfilled_on: e.fulfilled,
        employer_post: e.employerPost,
        result: e.result,
        staff: e.staff,
        content: e.content,
      };
      if (!isNew(existing, serviceKey(record), counts)) continue;
      inserts.push({ ...record, created_by: createdBy(run), created_at: run.now });
      run.touchedUnits.add(person.unit_code);
    }
    await insertServiceRecords(run.trx, inserts);
  });
}

// ——— 零就业家庭 ———

async function importZeroEmployment(run: ImportRun, fileSheet: string): Promise<void> {
  const sheet = SHEET_ZERO;
  await forEachChunk(run, fileSheet, sheet, async (rows) => {
    const valid = ofImportableUnits(
      run,
      sheet,
      validateChunk<ZeroEmploymentEntry>(run, sheet, rows, validateZeroEmploymentRow),
    );
    const households = await findHouseholdsByNumbers(
      run.trx,
      [...new Set(valid.map((v) => v.entry.unitCode))],
      [...new Set(valid.map((v) => v.entry.householdNumber))],
    );
    const householdId = new Map(households.map((h) => [`${h.unit_code}|${h.number}`, h.id]));
    const recognitions = await findZeroRecognitions(
      run.trx,
      households.map((h) => h.id),
    );
    const counts = run.counts[sheet]!;
    for (const { row, entry: e } of valid) {
      const id = householdId.get(`${e.unitCode}|${e.householdNumber}`);
      if (id === undefined) {
        reject(run, sheet, row, [
          { column: '户编号', message: '该户不存在：须已登记，或列在本文件的劳动力表中' },
        ]);
        continue;
      }
      const same = recognitions.find((r) => r.household_id === id && r.recognized_on === e.recognized);
      if (same) {
        if (same.note !== e.note) {
          await updateZeroRecognitionNote(run.trx, same.id, e.note);
          same.note = e.note;
          counts.updated++;
        } else counts.unchanged++;
        continue;
      }
      const recognition = {
        household_id: id,
        recognized_on: e.recognized,
        note: e.note,
        created_at: run.now,
      };
      recognitions.push({ id: await insertZeroRecognition(run.trx, recognition), ...recognition });
      counts.created++;
      run.touchedUnits.add(e.unitCode);
    }
  });
}

// ——— 村级工作 ———

function unitRecordKey(r: {
  unit_code: string;
  type: string;
  date: string;
  ledger_class: string | null;
  participants: number | null;
  note: string | null;
}): string {
  return JSON.stringify([
    r.unit_code,
    r.type,
    r.date,
    r.ledger_class,
    r.participants === null ? null : Number(r.participants),
    r.note,
  ]);
}

async function importUnitRecords(run: ImportRun, fileSheet: string): Promise<void> {
  const sheet = SHEET_UNIT_RECORDS;
  await forEachChunk(run, fileSheet, sheet, async (rows) => {
    const valid = ofImportableUnits(
      run,
      sheet,
      validateChunk<UnitRecordEntry>(run, sheet, rows, validateUnitRecordRow),
    );
    const existing = new Set(
      (await findUnitRecordsOf(run.trx, [...new Set(valid.map((v) => v.entry.unitCode))])).map(unitRecordKey),
    );
    const inserts = [];
    const counts = run.counts[sheet]!;
    for (const { entry: e } of valid) {
      const record = {
        unit_code: e.unitCode,
        type: e.type,
        date: e.date,
        ledger_class: e.ledgerClass,
        participants: e.participants,
        note: e.note,
      };
      if (isNew(existing, unitRecordKey(record), counts)) {
        inserts.push({ ...record, created_by: createdBy(run), created_at: run.now });
        run.workUnits.add(record.unit_code);
      }
    }
    await insertUnitRecords(run.trx, inserts);
  });
}

const IMPORTERS: Record<LedgerSheet, (run: ImportRun, fileSheet: string) => Promise<void>> = {
  [SHEET_UNIT_RECORDS]: importUnitRecords,
  [SHEET_LABOUR]: importLabour,
  [SHEET_EVENTS]: importEvents,
  [SHEET_ZERO]: importZeroEmployment,
  [SHEET_SERVICES]: importServices,
};

// ——— the use case ———

const TEMP_ROOT = path.join(os.tmpdir(), 'jiuye-imports');

/** How long an import's result and error workbook stay downloadable. */
const JOB_TTL_MS = 2 * 3600_000;
let lastSweep = 0;

function tempPath(name: string): string {
  fs.mkdirSync(TEMP_ROOT, { recursive: true, mode: 0o700 });
  const now = Date.now();
  if (now - lastSweep > 60_000) {
    lastSweep = now;
    // error workbooks and uploads left behind (a crash, an expired job) go after a while
    for (const f of fs.readdirSync(TEMP_ROOT)) {
      const full = path.join(TEMP_ROOT, f);
      try {
        if (now - fs.statSync(full).mtimeMs > JOB_TTL_MS) fs.rmSync(full, { force: true });
      } catch {
        // removed meanwhile by another process
      }
    }
  }
  return path.join(TEMP_ROOT, name);
}

/** A refusal the user can act on: too large → 413, anything else → 400. */
function refusal(e: WorkbookRefused): AppError {
  return new AppError(e.kind === 'too-large' ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION', e.message);
}

/** Copies a stream to a private temporary file, refusing it once it outgrows the size cap. */
async function spool(stream: Readable, limits: ReadLimits): Promise<string> {
  const file = tempPath(`${randomUUID()}.upload`);
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > limits.maxFileBytes ? fileTooLarge(limits) : null, chunk);
    },
  });
  try {
    await pipeline(stream, counter, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (e) {
    fs.rmSync(file, { force: true });
    // @fastify/multipart's own size limit
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(limits);
    if (e instanceof WorkbookRefused) throw e;
    // the disk failing is ours to report; a broken upload (cut off, bad multipart framing) is the sender's
    if ((e as { syscall?: string }).syscall) throw e;
    throw new AppError('VALIDATION', '文件上传不完整或格式有误，请重新上传');
  }
  // an upload cut off at the multipart size limit ends quietly, marked truncated
  if ((stream as Readable & { truncated?: boolean }).truncated) {
    fs.rmSync(file, { force: true });
    throw fileTooLarge(limits);
  }
  return file;
}

function summarise(r: Omit<ImportReport, 'message'>): string {
  const t = r.total;
  const done = `新增 ${t.created}，更新 ${t.updated}，未变 ${t.unchanged}`;
  if (r.rejectedRows === 0) return `导入完成：${done}。`;
  if (r.applied)
    return `已导入有效行（${done}）；${r.rejectedRows} 行有误未导入，请下载错误说明修改后再导入这些行。`;
  return `文件中有 ${r.rejectedRows} 行有误，未导入任何数据。请下载带“错误说明”列的文件，改正后重新导入（或选择只导入正确的行）。`;
}

/**
 * Imports one ledger file. Refusals of the file itself (size, not a workbook, zip bomb, macros, XXE, too
 * many rows) raise AppError with a Chinese message; rejected rows come back in the report.
 */
export async function importLedger(
  ctx: ServiceContext,
  source: ImportSource,
  opts: ImportOptions,
): Promise<ImportReport> {
  const actor = requireActor(ctx);
  const limits: ReadLimits = { ...UPLOAD_LIMITS, ...opts.limits };
  const progress = (
    phase: ImportPhase,
    sheet: string | null,
    rowsRead: number,
    step?: ImportProgress['step'],
  ) => opts.onProgress?.({ phase, sheet, rowsRead, ...(step ? { step } : {}) });
  let file = source.path ?? null;
  let spooled = false;
  try {
    if (!file) {
      if (!source.stream) throw new AppError('VALIDATION', '没有收到文件');
      progress('uploading', null, 0);
      file = await spool(source.stream, limits);
      spooled = true;
    }
    progress('checking', null, 0);
    const ledger = await openLedgerSource(file, source.filename, limits);
    return await runImport(ctx, actor, ledger, source.filename, opts, progress);
  } catch (e) {
    if (e instanceof WorkbookRefused) {
      await ctx.db.transaction().execute((trx) =>
        recordAudit(trx, ctx, {
          action: 'ledger.import',
          objectType: 'ledger',
          result: 'failed',
          detail: { file: source.filename, refused: e.kind },
        }),
      );
      throw refusal(e);
    }
    throw e;
  } finally {
    if (spooled && file) fs.rmSync(file, { force: true });
  }
}

async function runImport(
  ctx: ServiceContext,
  actor: Actor,
  source: LedgerSource,
  filename: string,
  opts: ImportOptions,
  progress: (
    phase: ImportPhase,
    sheet: string | null,
    rowsRead: number,
    step?: ImportProgress['step'],
  ) => void,
): Promise<ImportReport> {
  const warnings: ImportWarning[] = [];
  const plan = new Map<LedgerSheet, string>();
  for (const name of source.sheets) {
    if (canonicalHeader(name) === INSTRUCTIONS_SHEET) continue;
    const canonical = matchSheetName(name);
    if (!canonical) {
      warnings.push({
        sheet: name,
        row: null,
        column: null,
        message: `未识别的工作表"${name}"已忽略（可识别的表：${LEDGER_SHEETS.join('、')}）`,
      });
    } else if (plan.has(canonical)) {
      warnings.push({
        sheet: name,
        row: null,
        column: null,
        message: `工作表"${name}"与"${plan.get(canonical)}"重复，已忽略`,
      });
    } else plan.set(canonical, name);
  }
  if (plan.size === 0)
    throw new AppError('VALIDATION', `文件中没有可导入的工作表（应为：${LEDGER_SHEETS.join('、')}）`);

  const unitRows = await findUnits(ctx.db, { includeInactive: true });
  const units = new Map(
    unitRows.map((u) => [u.code, { name: u.name, level: u.level, active: u.active === 1 }]),
  );
  const sheets = [...new Set(source.sheets.map(matchSheetName))].filter(
    (s): s is LedgerSheet => s !== null && plan.has(s),
  );
  let outcome: Omit<ImportReport, 'message' | 'errorWorkbook' | 'applied'> | null = null;
  let run: ImportRun | null = null;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await planForValues(trx);
      run = {
        ctx,
        actor,
        trx,
        today: today(ctx),
        now: isoNow(ctx),
        source,
        units,
        counts: Object.fromEntries([...plan.keys()].map((s) => [s, emptyCounts()])),
        rejected: [],
        reasons: new Map(),
        layouts: new Map(),
        warnings,
        touchedUnits: new Set(),
        workUnits: new Set(),
        labourIds: new Map(),
        rejectedLabourIds: new Set(),
        present: new Map(),
        progress: (sheet) => progress('reading', sheet, source.rowsRead()),
      };
      for (const sheet of APPLY_ORDER) {
        const fileSheet = plan.get(sheet);
        if (fileSheet === undefined) continue;
        progress('reading', sheet, source.rowsRead());
        await IMPORTERS[sheet](run, fileSheet);
      }
      progress('finishing', null, source.rowsRead(), 'flags');
      const total = emptyCounts();
      for (const c of Object.values(run.counts))
        for (const k of Object.keys(total) as (keyof SheetCounts)[]) total[k] += c[k];
      const rejectedRows = total.rejected;
      outcome = {
        partial: opts.partial,
        filename,
        sheets,
        counts: run.counts,
        total,
        rejected: run.rejected,
        rejectedRows,
        warnings,
      };
      if (rejectedRows > 0 && !opts.partial) throw new Rollback();
      await refreshFlags(trx, [...run.touchedUnits].sort(), run.today);
      await registerChanged(trx, ctx, [...run.touchedUnits, ...run.workUnits]);
      await recordAudit(trx, ctx, {
        action: 'ledger.import',
        objectType: 'ledger',
        detail: { file: filename, sheets, partial: opts.partial, counts: run.counts, rejectedRows },
      });
      progress('finishing', null, source.rowsRead(), 'commit');
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  const done = outcome!;
  const applied = done.rejectedRows === 0 || opts.partial;
  if (applied && done.total.created + done.total.updated >= BULK_LOAD_ROWS)
    await refreshPlannerStatistics(ctx.db);
  if (!applied) {
    // nothing changed; the refusal itself is on the record
    await ctx.db.transaction().execute((trx) =>
      recordAudit(trx, ctx, {
        action: 'ledger.import',
        objectType: 'ledger',
        result: 'failed',
        detail: {
          file: filename,
          sheets,
          partial: false,
          counts: done.counts,
          rejectedRows: done.rejectedRows,
        },
      }),
    );
  }
  let errorWorkbook: string | null = null;
  if (done.rejectedRows > 0) {
    errorWorkbook = opts.errorWorkbookPath ?? tempPath(`${randomUUID()}.errors.xlsx`);
    // the report names sheets canonically; the error workbook keeps the file's own sheet names
    const reasons = new Map(
      [...run!.reasons].map(([sheet, rows]) => [plan.get(sheet as LedgerSheet) ?? sheet, rows]),
    );
    await writeErrorWorkbook(source, run!.layouts, reasons, errorWorkbook);
  }
  progress('done', null, source.rowsRead());
  const report = { ...done, applied, errorWorkbook };
  return { ...report, message: summarise(report) };
}

// ——— import jobs (HTTP): progress while running, the error workbook afterwards ———

export interface ImportJobView {
  id: string;
  filename: string;
  phase: ImportPhase;
  sheet: string | null;
  rowsRead: number;
  done: boolean;
  report: ImportReport | null;
  error: { code: string; message: string } | null;
}

interface ImportJob extends ImportJobView {
  userId: number;
  cause?: unknown;
  createdAt: number;
  finished: Promise<void>;
}

const jobs = new Map<string, ImportJob>();

function sweepJobs(nowMs: number) {
  for (const [id, job] of jobs) {
    if (job.done && nowMs - job.createdAt > JOB_TTL_MS) {
      if (job.report?.errorWorkbook) fs.rmSync(job.report.errorWorkbook, { force: true });
      jobs.delete(id);
    }
  }
}

function viewOf(job: ImportJob): ImportJobView {
  const { id, filename, phase, sheet, rowsRead, done, report, error } = job;
  return { id, filename, phase, sheet, rowsRead, done, report, error };
}

/**
 * Starts an import of an uploaded stream and returns its job at once; `wait` returns when it is done. A
 * page shows progress by polling {@link getImportJob}. Only the user who started a job sees it.
 */
export async function startImport(
  ctx: ServiceContext,
  upload: { stream: Readable; filename: string },
  opts: { partial: boolean; wait: boolean },
): Promise<ImportJobView> {
  const actor = requireActor(ctx);
  sweepJobs(Date.now());
  const limits = UPLOAD_LIMITS;
  // The upload is read to disk before answering: the request stream ends with the response.
  let file: string;
  try {
    file = await spool(upload.stream, limits);
  } catch (e) {
    if (e instanceof WorkbookRefused) throw refusal(e);
    throw e;
  }
  const job: ImportJob = {
    id: randomUUID(),
    filename: upload.filename,
    phase: 'checking',
    sheet: null,
    rowsRead: 0,
    done: false,
    report: null,
    error: null,
    userId: actor.userId,
    createdAt: Date.now(),
    finished: Promise.resolve(),
  };
  jobs.set(job.id, job);
  job.finished = importLedger(
    ctx,
    { path: file, filename: upload.filename },
    {
      partial: opts.partial,
      limits,
      onProgress: (p) => {
        job.phase = p.phase;
        job.sheet = p.sheet;
        job.rowsRead = p.rowsRead;
      },
    },
  )
    .then((report) => {
      job.report = report;
    })
    .catch((e: unknown) => {
      job.error =
        e instanceof AppError
          ? { code: e.code, message: e.message }
          : { code: 'INTERNAL', message: '导入失败：服务器内部错误，请稍后重试' };
      job.cause = e;
    })
    .finally(() => {
      job.phase = 'done';
      job.done = true;
      fs.rmSync(file, { force: true });
    });
  if (opts.wait) {
    await job.finished;
    if (job.error) throw job.cause;
  }
  return viewOf(job);
}

function findJob(ctx: ServiceContext, id: string): ImportJob {
  const actor = requireActor(ctx);
  const job = jobs.get(id);
  if (!job || job.userId !== actor.userId) throw new AppError('NOT_FOUND', '未找到该导入记录（可能已过期）');
  return job;
}

export function getImportJob(ctx: ServiceContext, id: string): ImportJobView {
  return viewOf(findJob(ctx, id));
}

/** The error workbook of a finished import of this user. */
export function importErrorWorkbook(ctx: ServiceContext, id: string): { file: string; filename: string } {
  const job = findJob(ctx, id);
  const file = job.report?.errorWorkbook;
  if (!file || !fs.existsSync(file)) throw new AppError('NOT_FOUND', '该次导入没有错误说明文件');
  const base = path.basename(job.filename, path.extname(job.filename));
  return { file, filename: `${base}.错误说明.xlsx` };
}
