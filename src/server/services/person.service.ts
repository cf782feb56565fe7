import { ageOn, difficultyCandidateCategories } from '../../domain/person.ts';
import { findDataQualityIssues } from '../../domain/data-quality.ts';
import { parseIdNumber } from '../../domain/id-number.ts';
import {
  classifyPersons,
  flagNames,
  LEDGERS,
  PERSON_FLAG,
  type LedgerKind,
  type PersonFlagName,
} from '../../domain/ledgers.ts';
import { validateLabourRow, type LabourColumn } from '../../domain/ledger-entry.ts';
import { getProfile } from '../../domain/profile.ts';
import {
  isUneliminatedOn,
  zeroEmploymentStatuses,
  isZeroEmploymentCandidate,
} from '../../domain/household.ts';
import type { PersonDetail, PersonForm, PersonListItem } from '../../api/persons.ts';
import { PERSON_FORM_COLUMNS } from '../../api/persons.ts';
import type { Kysely, Transaction } from 'kysely';
import { toBool, type Database, type PersonRow } from '../db/database.ts';
import {
  countPersons,
  countPersonsByUnit,
  findHistories,
  findHouseholdById,
  findPersonById,
  findPersonByIdHmac,
  findPersonPage,
  loadRegisterRows,
} from '../repositories/register.repository.ts';
import { findRegisterStates } from '../repositories/unit-result.repository.ts';
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
import { personFacts, splitCategories, unitFactsFromRows } from './facts.mapper.ts';
import { ensureFlagsFresh, refreshFlags, refreshHouseholdFlags } from './flags.service.ts';
import { registerChanged } from './unit-result.service.ts';
import { applyPersonEntries } from './register-write.ts';
import { RevisionMemo } from './revision-memo.ts';

/** Units an actor may list, narrowed to one unit or town when asked. */
async function listUnits(
  ctx: ServiceContext,
  actor: Actor,
  unit: string | undefined,
): Promise<readonly string[] | null> {
  if (!unit) return actor.scopeUnits === 'all' ? null : actor.scopeUnits;
  assertInScope(actor, unit, '单位');
  const u = await findUnitByCode(ctx.db, unit);
  if (!u) throw new AppError('NOT_FOUND', '未找到该单位');
  if (u.level === 3) return [unit];
  const children = await findUnits(ctx.db, { parentCode: unit, includeInactive: true });
  return children.map((c) => c.code).filter((c) => inScope(actor, c));
}

async function unitName(ctx: ServiceContext, code: string): Promise<string> {
  return (await findUnitByCode(ctx.db, code))?.name ?? code;
}

export function presentListItem(
  p: Pick<
    PersonRow,
    | 'id'
    | 'unit_code'
    | 'household_id'
    | 'name'
    | 'id_masked'
    | 'sex'
    | 'birth_date'
    | 'phone_masked'
    | 'flags'
  >,
  unitNameOf: string,
  t: string,
): PersonListItem {
  return {
    id: p.id,
    unitCode: p.unit_code,
    unitName: unitNameOf,
    householdId: p.household_id,
    name: p.name,
    idMasked: p.id_masked,
    sex: p.sex,
    age: ageOn({ birthDate: p.birth_date }, t),
    phoneMasked: p.phone_masked,
    flags: flagNames(p.flags),
  };
}

/** Interprets a search box: an ID number, a phone number, pinyin letters, or the start of a name. */
function searchFilter(ctx: ServiceContext, q: string | undefined) {
  const s = (q ?? '').trim();
  if (!s) return {};
  const id = parseIdNumber(s);
  if (id.ok) return { idHmac: ctx.pii.blindIndex(id.idNumber) };
  if (/^\d{7,15}$/.test(s)) return { idHmac: ctx.pii.blindIndex(s) };
  if (/^[a-zA-Z]+$/.test(s)) return { pinyin: s.toLowerCase() };
  return { name: s };
}

/**
 * 四本台账 — one page of a ledger (or of the whole register) within the actor's scope, filtered by classes,
 * searched by name, pinyin initials, ID or phone number; keyset-paginated by (unit, id).
 */
export async function listLedger(
  ctx: ServiceContext,
  input: {
    ledger: LedgerKind | 'all';
    unit?: string | undefined;
    q?: string | undefined;
    flags: PersonFlagName[];
    after?: string | undefined;
    limit: number;
  },
) {
  const actor = requireActor(ctx);
  const units = await listUnits(ctx, actor, input.unit);
  const t = today(ctx);
  await ensureFlagsFresh(ctx.db, units, t);
  let allFlags = input.ledger === 'all' ? 0 : LEDGERS[input.ledger].flag;
  for (const f of input.flags) allFlags |= PERSON_FLAG[f];
  const [afterUnit, afterId] = input.after ? input.after.split(':') : [];
  const rows = await findPersonPage(ctx.db, {
    units,
    allFlags,
    ...searchFilter(ctx, input.q),
    ...(afterUnit && afterId ? { after: { unitCode: afterUnit, id: Number(afterId) } } : {}),
    limit: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const items = page.map((p) => presentListItem(p, p.unit_name ?? p.unit_code, t));
  const last = page[page.length - 1];
  const total = !input.after && !input.q ? await countLedger(ctx.db, units, allFlags, t) : null;
  return {
    items,
    next: rows.length > input.limit && last ? `${last.unit_code}:${last.id}` : null,
    total,
    asOf: t,
  };
}

/** Ledger counts of units as counted here: by unit and flags, for a register state and a day. */
const ledgerCounts = new RevisionMemo<number>(20_000);

/**
 * How many persons of `units` (null: all) hold every flag of `allFlags` on `t`, once the units' flags are fresh
 * for `t`. A unit's count is a function of its register and the day, so each unit's is kept for its register
 * state and counted again only once the unit is written: a town's ledger pages under constant writes count the
 * one village written, not all of them.
 */
async function countLedger(
  db: Kysely<Database>,
  units: readonly string[] | null,
  allFlags: number,
  t: string,
): Promise<number> {
  if (units === null) return countPersons(db, { units, allFlags });
  const states = await findRegisterStates(db, units);
  let total = 0;
  const missing: string[] = [];
  for (const code of units) {
    const n = ledgerCounts.get(db, `${code}|${allFlags}`, states.get(code)!, t);
    if (n === undefined) missing.push(code);
    else total += n;
  }
  if (missing.length === 0) return total;
  const counted = await countPersonsByUnit(db, missing, allFlags);
  for (const code of missing) {
    const n = counted.get(code) ?? 0;
    ledgerCounts.set(db, `${code}|${allFlags}`, states.get(code)!, t, n);
    total += n;
  }
  return total;
}

/** The person, when the actor's scope holds the person's current unit; otherwise NOT_FOUND. */
export async function loadPersonInScope(ctx: ServiceContext, id: number): Promise<PersonRow> {
  const actor = requireActor(ctx);
  const p = await findPersonById(ctx.db, id);
  if (!p || !inScope(actor, p.unit_code)) throw new AppError('NOT_FOUND', '未找到该人员，或无权查看');
  return p;
}

const STATE_OF = (p: PersonRow): string | null =>
  p.pension_since ? '领取养老金' : toBool(p.student) ? '在校学生' : toBool(p.soldier) ? '服役' : null;

/** 人员详情 — the person with the whole dated history and every service as one timeline (masked). */
export async function getPersonDetail(ctx: ServiceContext, id: number): Promise<PersonDetail> {
  const p = await loadPersonInScope(ctx, id);
  const t = today(ctx);
  const h = await findHistories(ctx.db, id);
  const household = p.household_id ? await findHouseholdById(ctx.db, p.household_id) : undefined;
  const unit = await findUnitByCode(ctx.db, p.unit_code);
  const facts = personFacts(p, {
    employment: h.employment,
    registrations: h.registrations,
    difficulty: h.difficulty,
    services: h.services.map((s) => ({
      id: s.id,
      person_id: s.person_id,
      type: s.type,
      date: s.date,
      mode: s.mode,
      request_item: s.request_item,
      fulfilled_on: s.fulfilled_on,
    })),
  });
  const timeline: PersonDetail['timeline'] = [];
  for (const e of h.employment) {
    timeline.push({
      date: e.start_date,
      kind: 'employment',
      title: `就业：${e.form}`,
      detail: e.employer,
      recordId: e.id,
    });
    if (e.end_date)
      timeline.push({
        date: e.end_date,
        kind: 'employment_end',
        title: `离职：${e.form}`,
        detail: e.employer,
        recordId: e.id,
      });
  }
  for (const r of h.registrations) {
    timeline.push({
      date: r.approved_on,
      kind: 'registration',
      title: '失业登记',
      detail: null,
      recordId: r.id,
    });
    if (r.closed_on)
      timeline.push({
        date: r.closed_on,
        kind: 'registration_close',
        title: '注销失业登记',
        detail: r.close_reason,
        recordId: r.id,
      });
  }
  for (const d of h.difficulty) {
    timeline.push({
      date: d.recognized_on,
      kind: 'difficulty',
      title: '认定为就业困难人员',
      detail: d.categories,
      recordId: d.id,
    });
    if (d.exited_on)
      timeline.push({
        date: d.exited_on,
        kind: 'difficulty_exit',
        title: '退出就业困难人员',
        detail: d.exit_reason,
        recordId: d.id,
      });
  }
  for (const s of h.services) {
    const detail = [
      s.mode,
      s.request_item && `申请${s.request_item}`,
      s.fulfilled_on && `${s.fulfilled_on} 落实`,
      s.employer_post,
      s.result,
      s.content,
    ]
      .filter(Boolean)
      .join('；');
    timeline.push({ date: s.date, kind: 'service', title: s.type, detail: detail || null, recordId: s.id });
  }
  for (const tr of h.transfers) {
    timeline.push({
      date: tr.on_date,
      kind: 'transfer',
      title: '迁移',
      detail: `${await unitName(ctx, tr.from_unit)} → ${await unitName(ctx, tr.to_unit)}`,
      recordId: tr.id,
    });
  }
  timeline.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const profile = getProfile();
  const flags = classifyPersons([facts], [], unit?.kind ?? 'village', t, profile).get(p.id) ?? p.flags;
  return {
    id: p.id,
    unitCode: p.unit_code,
    unitName: unit?.name ?? p.unit_code,
    household: household ? { id: household.id, number: household.number } : null,
    relation: p.relation,
    name: p.name,
    idMasked: p.id_masked,
    sex: p.sex,
    birthDate: p.birth_date,
    age: ageOn(facts, t),
    phoneMasked: p.phone_masked,
    hukou: p.hukou,
    education: p.education,
    ability: p.ability,
    willing: toBool(p.willing),
    state: STATE_OF(p),
    povertyRegister: toBool(p.poverty_register),
    povertyStatus: p.poverty_status,
    dibao: p.dibao,
    hasDisabilityNo: p.disability_enc !== null,
    note: p.note,
    skills: p.skills,
    wantedTrades: p.wanted_trades,
    // household membership flags come from the household's view; keep the stored ones for those bits
    flags: flagNames(
      (flags & ~(PERSON_FLAG.zeroEmploymentMember | PERSON_FLAG.zeroEmploymentCandidate)) |
        (p.flags & (PERSON_FLAG.zeroEmploymentMember | PERSON_FLAG.zeroEmploymentCandidate)),
    ),
    difficultyCandidates: difficultyCandidateCategories(facts, t, profile, {
      unitKind: unit?.kind ?? 'village',
      inUneliminatedZeroHousehold: (p.flags & PERSON_FLAG.zeroEmploymentMember) !== 0,
    }),
    employment: h.employment.map((e) => ({
      id: e.id,
      form: e.form,
      employer: e.employer,
      start: e.start_date,
      end: e.end_date,
    })),
    registrations: h.registrations.map((r) => ({
      id: r.id,
      approved: r.approved_on,
      closed: r.closed_on,
      closeReason: r.close_reason,
    })),
    difficulty: h.difficulty.map((d) => ({
      id: d.id,
      categories: splitCategories(d.categories),
      recognized: d.recognized_on,
      exited: d.exited_on,
    })),
    timeline,
    version: p.version,
  };
}

/** 查看完整号码 — one full personal number, for a permitted user who gives a reason; the look is audited. */
export async function revealPersonField(
  ctx: ServiceContext,
  id: number,
  input: { field: 'idNumber' | 'phone' | 'disabilityNo'; reason: string },
) {
  const p = await loadPersonInScope(ctx, id);
  const sealed =
    input.field === 'idNumber' ? p.id_enc : input.field === 'phone' ? p.phone_enc : p.disability_enc;
  if (!sealed) throw new AppError('NOT_FOUND', '该人员没有此项信息');
  const value = ctx.pii.decrypt(sealed);
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, ctx, {
      action: 'person.reveal',
      objectType: 'person',
      objectId: id,
      detail: { field: input.field, reason: input.reason },
    }),
  );
  return { value };
}

function formToRow(form: Partial<PersonForm>): Record<string, string> {
  const row: Record<string, string> = {};
  for (const [key, column] of Object.entries(PERSON_FORM_COLUMNS)) {
    const v = form[key as keyof PersonForm];
    if (v !== undefined) row[column] = v;
  }
  return row;
}

function validationError(errors: { column: string; message: string }[]): AppError {
  const fieldOf = Object.fromEntries(Object.entries(PERSON_FORM_COLUMNS).map(([k, c]) => [c, k]));
  return new AppError(
    'VALIDATION',
    errors.map((e) => `${e.column}：${e.message}`).join('；'),
    errors.map((e) => ({ path: fieldOf[e.column] ?? e.column, message: e.message })),
  );
}

/** 技能 / 求职意向 come only from the form (the 劳动力 sheet has no such columns); absent fields stay as they are. */
async function setJobSeeking(
  trx: Transaction<Database>,
  personId: number,
  form: Pick<PersonForm, 'skills' | 'wantedTrades'>,
) {
  const patch = {
    ...(form.skills !== undefined ? { skills: form.skills || null } : {}),
    ...(form.wantedTrades !== undefined ? { wanted_trades: form.wantedTrades || null } : {}),
  };
  if (Object.keys(patch).length)
    await trx.updateTable('person').set(patch).where('id', '=', personId).execute();
}

/**
 * The columns a form actually sent. A field left out is left alone: the page never holds full phone or
 * certificate numbers (only masks), so it cannot send them back, and must not erase them by omission.
 */
function sentColumns(form: Partial<PersonForm>): (c: LabourColumn) => boolean {
  const sent = new Set<string>(
    Object.entries(PERSON_FORM_COLUMNS)
      .filter(([key]) => form[key as keyof PersonForm] !== undefined)
      .map(([, column]) => column),
  );
  return (c) => sent.has(c);
}

/**
 * 新增人员 — one person from the form, with the same rules as an imported row. A number already in the
 * register is refused: in this unit, with a link to the person; in another unit, with the offer to transfer.
 */
export async function createPerson(ctx: ServiceContext, form: PersonForm): Promise<PersonDetail> {
  const actor = requireActor(ctx);
  assertInScope(actor, form.unitCode, '单位');
  const unit = await findUnitByCode(ctx.db, form.unitCode);
  if (!unit || unit.level !== 3)
    throw new AppError('VALIDATION', '人员须登记在村（社区）', [
      { path: 'unitCode', message: '请选择村（社区）' },
    ]);
  const v = validateLabourRow(formToRow(form), today(ctx));
  if (!v.ok) throw validationError(v.errors);
  const existing = await findPersonByIdHmac(ctx.db, ctx.pii.blindIndex(v.entry.idNumber));
  if (existing) {
    const where = existing.unit_code === form.unitCode ? '本单位' : await unitName(ctx, existing.unit_code);
    throw new AppError(
      'CONFLICT',
      existing.unit_code === form.unitCode
        ? `该身份证号已在本单位登记（${existing.name}）`
        : `该身份证号已在${where}登记。如此人已迁入，请办理迁入，不要重复登记。`,
      [
        {
          path: 'idNumber',
          message:
            existing.unit_code === form.unitCode
              ? `existing:${existing.id}`
              : `otherUnit:${existing.unit_code}`,
        },
      ],
    );
  }
  const now = ctx.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const r = await applyPersonEntries(trx, [v.entry], {
      pii: ctx.pii,
      now,
      today: today(ctx),
      present: sentColumns(form),
    });
    // Another request registered the same number since the check above: this one creates nothing.
    if (r.outcomes[0] !== 'created')
      throw new AppError('CONFLICT', '该身份证号刚由他人登记，请刷新后查看，不要重复登记。', [
        { path: 'idNumber', message: `existing:${r.personIds[0]}` },
      ]);
    const personId = r.personIds[0]!;
    await setJobSeeking(trx, personId, form);
    await refreshHouseholdFlags(trx, form.unitCode, { personIds: [personId] }, today(ctx));
    await registerChanged(trx, ctx, [form.unitCode], [personId]);
    await recordAudit(trx, ctx, {
      action: 'person.create',
      objectType: 'person',
      objectId: personId,
      detail: { unit: form.unitCode },
    });
    return personId;
  });
  return getPersonDetail(ctx, id);
}

/** Plain fields a stale edit is compared on (numbers at rest are encrypted and never echoed). */
const CONFLICT_FIELDS = {
  name: 'name',
  relation: 'relation',
  hukou: 'hukou',
  education: 'education',
  ability: 'ability',
  note: 'note',
  skills: 'skills',
  wantedTrades: 'wanted_trades',
} as const;

/**
 * The refusal of a stale edit, saying what the record holds now: its version, and each field whose current
 * value differs from the one submitted, so the page can show what changed before the user tries again.
 */
async function staleEdit(ctx: ServiceContext, id: number, form: Partial<PersonForm>): Promise<AppError> {
  const now = await loadPersonInScope(ctx, id);
  const details = [{ path: 'version', message: String(now.version) }];
  for (const [field, column] of Object.entries(CONFLICT_FIELDS)) {
    const submitted = form[field as keyof PersonForm];
    const current = (now[column] as string | null) ?? '';
    if (submitted !== undefined && submitted !== current)
      details.push({ path: field, message: `已被他人改为「${current}」` });
  }
  return new AppError('VERSION_CONFLICT', undefined, details);
}

/** 修改人员信息 — optimistic: an edit based on a stale version is refused with VERSION_CONFLICT. */
export async function updatePerson(
  ctx: ServiceContext,
  id: number,
  form: Omit<PersonForm, 'idNumber' | 'unitCode'> & { version: number },
): Promise<PersonDetail> {
  const p = await loadPersonInScope(ctx, id);
  if (p.version !== form.version) throw await staleEdit(ctx, id, form);
  const idNumber = ctx.pii.decrypt(p.id_enc);
  const v = validateLabourRow(formToRow({ ...form, idNumber, unitCode: p.unit_code }), today(ctx));
  if (!v.ok) throw validationError(v.errors);
  const updated = await ctx.db.transaction().execute(async (trx) => {
    // Claim the version first: two concurrent edits cannot both pass.
    const claimed = await trx
      .updateTable('person')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', form.version)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    await applyPersonEntries(trx, [v.entry], {
      pii: ctx.pii,
      now: ctx.now().toISOString(),
      today: today(ctx),
      present: sentColumns(form),
    });
    await setJobSeeking(trx, id, form);
    // the household the person is in now, and the one left if the edit moved them
    await refreshHouseholdFlags(
      trx,
      p.unit_code,
      { personIds: [id], householdIds: p.household_id ? [p.household_id] : [] },
      today(ctx),
    );
    await registerChanged(trx, ctx, [p.unit_code], [id]);
    await recordAudit(trx, ctx, { action: 'person.update', objectType: 'person', objectId: id });
    return true;
  });
  if (!updated) throw await staleEdit(ctx, id, form);
  return getPersonDetail(ctx, id);
}

/** A dated history change of one person: checked, applied, flags refreshed, audited — in one transaction. */
async function changeHistory(
  ctx: ServiceContext,
  id: number,
  action: string,
  detail: Record<string, unknown>,
  apply: (trx: Transaction<Database>, p: PersonRow) => Promise<void>,
): Promise<PersonDetail> {
  const p = await loadPersonInScope(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await apply(trx, p);
    await trx
      .updateTable('person')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: ctx.now().toISOString() }))
      .where('id', '=', id)
      .execute();
    await refreshHouseholdFlags(trx, p.unit_code, { personIds: [id] }, today(ctx));
    await registerChanged(trx, ctx, [p.unit_code], [id]);
    await recordAudit(trx, ctx, { action, objectType: 'person', objectId: id, detail });
  });
  return getPersonDetail(ctx, id);
}

function notAfterToday(ctx: ServiceContext, date: string, field: string) {
  if (date > today(ctx))
    throw new AppError('VALIDATION', `日期 ${date} 晚于今天`, [{ path: field, message: '不能晚于今天' }]);
}

/**
 * The core of 就业登记 inside the caller's transaction (also used when a 推荐就业 is accepted): an open spell
 * ends the day the new one starts. Returns the new spell's id.
 */
export async function insertEmploymentSpell(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  id: number,
  input: { form: string; employer?: string | null | undefined; start: string },
): Promise<number> {
  const open = await trx
    .selectFrom('employment_spell')
    .selectAll()
    .where('person_id', '=', id)
    .where('end_date', 'is', null)
    .execute();
  for (const s of open) {
    if (s.start_date > input.start)
      throw new AppError('VALIDATION', `已有 ${s.start_date} 起的就业记录，新就业日期不能更早`, [
        { path: 'start', message: '早于现有就业' },
      ]);
    await trx.updateTable('employment_spell').set({ end_date: input.start }).where('id', '=', s.id).execute();
  }
  const row = await trx
    .insertInto('employment_spell')
    .values({
      person_id: id,
      form: input.form,
      employer: input.employer ?? null,
      start_date: input.start,
      end_date: null,
      created_at: ctx.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** 就业登记 — a new employment spell; an open one ends the day the new one starts. */
export function startEmployment(
  ctx: ServiceContext,
  id: number,
  input: { form: string; employer?: string | undefined; start: string },
) {
  notAfterToday(ctx, input.start, 'start');
  return changeHistory(
    ctx,
    id,
    'person.employment.start',
    { form: input.form, start: input.start },
    async (trx) => {
      await insertEmploymentSpell(trx, ctx, id, input);
    },
  );
}

/** 离职 — ends the open employment spell. */
export function endEmployment(ctx: ServiceContext, id: number, input: { end: string }) {
  notAfterToday(ctx, input.end, 'end');
  return changeHistory(ctx, id, 'person.employment.end', { end: input.end }, async (trx) => {
    const open = await trx
      .selectFrom('employment_spell')
      .selectAll()
      .where('person_id', '=', id)
      .where('end_date', 'is', null)
      .execute();
    if (open.length === 0) throw new AppError('CONFLICT', '该人员当前没有就业记录');
    for (const s of open) {
      if (input.end < s.start_date)
        throw new AppError('VALIDATION', `离职日期早于就业日期 ${s.start_date}`, [
          { path: 'end', message: '早于就业日期' },
        ]);
      await trx.updateTable('employment_spell').set({ end_date: input.end }).where('id', '=', s.id).execute();
    }
  });
}

/** 失业登记 — a registration approved on the date; refused while another is open. */
export function openRegistration(ctx: ServiceContext, id: number, input: { approved: string }) {
  notAfterToday(ctx, input.approved, 'approved');
  return changeHistory(ctx, id, 'person.registration.open', input, async (trx) => {
    const open = await trx
      .selectFrom('unemployment_registration')
      .selectAll()
      .where('person_id', '=', id)
      .where('closed_on', 'is', null)
      .execute();
    if (open.length) throw new AppError('CONFLICT', `已有 ${open[0]!.approved_on} 的失业登记尚未注销`);
    await trx
      .insertInto('unemployment_registration')
      .values({
        person_id: id,
        approved_on: input.approved,
        closed_on: null,
        close_reason: null,
        created_at: ctx.now().toISOString(),
      })
      .execute();
  });
}

/** 注销失业登记 — closes the open registration with a reason. */
export function closeRegistration(
  ctx: ServiceContext,
  id: number,
  input: { closed: string; reason: string },
) {
  notAfterToday(ctx, input.closed, 'closed');
  return changeHistory(ctx, id, 'person.registration.close', input, async (trx) => {
    if ((await closeOpenRegistrations(trx, id, input)) === 0)
      throw new AppError('CONFLICT', '该人员没有未注销的失业登记');
  });
}

/** The core of 注销失业登记 inside the caller's transaction; returns how many open registrations it closed. */
export async function closeOpenRegistrations(
  trx: Transaction<Database>,
  id: number,
  input: { closed: string; reason: string },
): Promise<number> {
  const open = await trx
    .selectFrom('unemployment_registration')
    .selectAll()
    .where('person_id', '=', id)
    .where('closed_on', 'is', null)
    .execute();
  for (const r of open) {
    if (input.closed < r.approved_on)
      throw new AppError('VALIDATION', `注销日期早于登记日期 ${r.approved_on}`, [
        { path: 'closed', message: '早于登记日期' },
      ]);
    await trx
      .updateTable('unemployment_registration')
      .set({ closed_on: input.closed, close_reason: input.reason })
      .where('id', '=', r.id)
      .execute();
  }
  return open.length;
}

/** 就业困难人员认定 */
export function recogniseDifficulty(
  ctx: ServiceContext,
  id: number,
  input: { categories: string[]; recognized: string },
) {
  notAfterToday(ctx, input.recognized, 'recognized');
  return changeHistory(ctx, id, 'person.difficulty.recognise', input, async (trx) => {
    const active = await trx
      .selectFrom('difficulty_recognition')
      .selectAll()
      .where('person_id', '=', id)
      .where('exited_on', 'is', null)
      .execute();
    if (active.length) throw new AppError('CONFLICT', `已于 ${active[0]!.recognized_on} 认定为就业困难人员`);
    await trx
      .insertInto('difficulty_recognition')
      .values({
        person_id: id,
        categories: input.categories.join('、'),
        recognized_on: input.recognized,
        exited_on: null,
        exit_reason: null,
        created_at: ctx.now().toISOString(),
      })
      .execute();
  });
}

/** 退出就业困难人员 */
export function exitDifficulty(
  ctx: ServiceContext,
  id: number,
  input: { exited: string; reason?: string | undefined },
) {
  notAfterToday(ctx, input.exited, 'exited');
  return changeHistory(ctx, id, 'person.difficulty.exit', input, async (trx) => {
    const active = await trx
      .selectFrom('difficulty_recognition')
      .selectAll()
      .where('person_id', '=', id)
      .where('exited_on', 'is', null)
      .execute();
    if (active.length === 0) throw new AppError('CONFLICT', '该人员当前不是就业困难人员');
    for (const d of active) {
      if (input.exited <= d.recognized_on)
        throw new AppError('VALIDATION', `退出日期须晚于认定日期 ${d.recognized_on}`, [
          { path: 'exited', message: '须晚于认定日期' },
        ]);
      await trx
        .updateTable('difficulty_recognition')
        .set({ exited_on: input.exited, exit_reason: input.reason ?? null })
        .where('id', '=', d.id)
        .execute();
    }
  });
}

/**
 * 迁入 — a person registered in another unit moves into one of the actor's units: the same person, with
 * the move in their history (never a second record).
 */
export async function transferIn(
  ctx: ServiceContext,
  input: { idNumber: string; toUnit: string; date: string; householdNumber: string },
) {
  const actor = requireActor(ctx);
  assertInScope(actor, input.toUnit, '单位');
  notAfterToday(ctx, input.date, 'date');
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok)
    throw new AppError('VALIDATION', parsed.reason, [{ path: 'idNumber', message: parsed.reason }]);
  const p = await findPersonByIdHmac(ctx.db, ctx.pii.blindIndex(parsed.idNumber));
  if (!p) throw new AppError('NOT_FOUND', '系统中没有该身份证号的人员，请直接新增');
  if (p.unit_code === input.toUnit) throw new AppError('CONFLICT', '该人员已在本单位');
  const target = await findUnitByCode(ctx.db, input.toUnit);
  if (!target || target.level !== 3) throw new AppError('VALIDATION', '只能迁入村（社区）');
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    let household = await trx
      .selectFrom('household')
      .select('id')
      .where('unit_code', '=', input.toUnit)
      .where('number', '=', input.householdNumber)
      .executeTakeFirst();
    if (!household) {
      household = await trx
        .insertInto('household')
        .values({
          unit_code: input.toUnit,
          number: input.householdNumber,
          address: null,
          has_business_income: 0,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    await trx
      .insertInto('person_transfer')
      .values({
        person_id: p.id,
        from_unit: p.unit_code,
        to_unit: input.toUnit,
        on_date: input.date,
        actor_id: actor.userId,
        created_at: now,
      })
      .execute();
    await trx
      .updateTable('person')
      .set((eb) => ({
        unit_code: input.toUnit,
        household_id: household.id,
        relation: null,
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', p.id)
      .execute();
    await refreshFlags(trx, [p.unit_code, input.toUnit], today(ctx));
    await registerChanged(trx, ctx, [p.unit_code, input.toUnit], [p.id]);
    await recordAudit(trx, ctx, {
      action: 'person.transfer',
      objectType: 'person',
      objectId: p.id,
      detail: { from: p.unit_code, to: input.toUnit, date: input.date },
    });
  });
  return getPersonDetail(ctx, p.id);
}

/** 户 — the household with its members and its 零就业家庭 recognitions (elimination and deadline derived). */
export async function getHousehold(ctx: ServiceContext, id: number) {
  const actor = requireActor(ctx);
  const h = await findHouseholdById(ctx.db, id);
  if (!h || !inScope(actor, h.unit_code)) throw new AppError('NOT_FOUND', '未找到该户，或无权查看');
  const t = today(ctx);
  const profile = getProfile();
  const unit = await findUnitByCode(ctx.db, h.unit_code);
  const rows = await loadRegisterRows(ctx.db, [h.unit_code]);
  const facts = unitFactsFromRows(rows, [
    { code: h.unit_code, name: unit?.name ?? '', kind: unit?.kind ?? 'village' },
  ]).get(h.unit_code)!;
  const members = facts.persons.filter((p) => p.householdId === id);
  const hf = facts.households.find((x) => x.id === id)!;
  const statuses = zeroEmploymentStatuses(hf, members, profile);
  const memberRows = rows.persons.filter((p) => p.household_id === id);
  return {
    id: h.id,
    unitCode: h.unit_code,
    unitName: unit?.name ?? h.unit_code,
    number: h.number,
    address: h.address,
    hasBusinessIncome: toBool(h.has_business_income),
    members: memberRows.map((p) => ({ ...presentListItem(p, unit?.name ?? '', t), relation: p.relation })),
    zeroEmployment: statuses.map((s) => ({
      id: s.recognition.id,
      recognized: s.recognition.recognized,
      eliminated: s.eliminated,
      deadline: s.deadline,
    })),
    zeroEmploymentCandidate:
      !isUneliminatedOn(statuses, t) && isZeroEmploymentCandidate(hf, members, t, profile),
    version: h.version,
  };
}

/** 零就业家庭认定 for a household. */
export async function recogniseZeroEmployment(
  ctx: ServiceContext,
  id: number,
  input: { recognized: string; note?: string | undefined },
) {
  const actor = requireActor(ctx);
  const h = await findHouseholdById(ctx.db, id);
  if (!h || !inScope(actor, h.unit_code)) throw new AppError('NOT_FOUND', '未找到该户，或无权查看');
  notAfterToday(ctx, input.recognized, 'recognized');
  await ctx.db.transaction().execute(async (trx) => {
    const dup = await trx
      .selectFrom('zero_employment_recognition')
      .select('id')
      .where('household_id', '=', id)
      .where('recognized_on', '=', input.recognized)
      .executeTakeFirst();
    if (dup) throw new AppError('CONFLICT', '该户在此日期已有认定');
    await trx
      .insertInto('zero_employment_recognition')
      .values({
        household_id: id,
        recognized_on: input.recognized,
        note: input.note ?? null,
        created_at: ctx.now().toISOString(),
      })
      .execute();
    await refreshHouseholdFlags(trx, h.unit_code, { householdIds: [id] }, today(ctx));
    // a recognition is the household's: no person's own rows change
    await registerChanged(trx, ctx, [h.unit_code], []);
    await recordAudit(trx, ctx, {
      action: 'household.zero_employment.recognise',
      objectType: 'household',
      objectId: id,
      detail: { recognized: input.recognized },
    });
  });
  return getHousehold(ctx, id);
}

/** 数据质量 — findings (which cost item 5 points) and warnings of one unit on a date, each linked to its person. */
export async function listFindings(ctx: ServiceContext, unitCode: string, date?: string) {
  const actor = requireActor(ctx);
  assertInScope(actor, unitCode, '单位');
  const unit = await findUnitByCode(ctx.db, unitCode);
  if (!unit) throw new AppError('NOT_FOUND', '未找到该单位');
  const t = date ?? today(ctx);
  const rows = await loadRegisterRows(ctx.db, [unitCode]);
  const facts = unitFactsFromRows(rows, [{ code: unit.code, name: unit.name, kind: unit.kind }]).get(
    unitCode,
  )!;
  const byId = new Map(rows.persons.map((p) => [p.id, p]));
  const issues = findDataQualityIssues(facts, t, getProfile());
  return {
    unitCode,
    date: t,
    findings: issues.map((i) => {
      const p = i.personId !== null ? byId.get(i.personId) : undefined;
      return {
        kind: i.kind,
        severity: i.severity,
        message: i.message,
        person: p ? { id: p.id, name: p.name, idMasked: p.id_masked } : null,
        householdId: i.householdId,
        recordId: i.recordId,
      };
    }),
  };
}
