import { pinyin } from 'pinyin-pro';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { maskIdNumber, maskPhone } from '../../domain/id-number.ts';
import type { LabourColumn, PersonEntry } from '../../domain/ledger-entry.ts';
import type {
  Database,
  DifficultyRecognitionTable,
  EmploymentSpellTable,
  NewPerson,
  PersonRow,
  UnemploymentRegistrationTable,
} from '../db/database.ts';
import type { PiiCipher } from '../security/pii-cipher.ts';

/**
 * Applies 劳动力 entries (from a form or a workbook) to the register in batches: one query per table per
 * batch, never one per person. Matching: a person by ID number (blind index), a household by (unit, 户编号),
 * a history record by its date. Applying the same entry twice changes nothing.
 */

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

export interface ApplyResult {
  outcomes: ApplyOutcome[];
  personIds: number[];
  /** per entry, notes about what was inferred (Chinese) */
  notes: string[][];
  /** units whose persons changed (their ledger flags need recomputing) */
  touchedUnits: Set<string>;
}

export function namePinyin(name: string): string {
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
  const full = pinyin(name, { toneType: 'none', type: 'array' }).join('');
  return `${initials} ${full}`.toLowerCase().replace(/[^a-z ]/g, '');
}

/** The person columns an entry sets (everything but identity, histories and bookkeeping). */
function personColumns(
  e: PersonEntry,
  pii: PiiCipher,
  present: (c: LabourColumn) => boolean,
  existing: PersonRow | undefined,
  today: string,
) {
  const keep = <K extends keyof PersonRow>(col: LabourColumn, key: K, value: PersonRow[K]): PersonRow[K] =>
    present(col) || !existing ? value : existing[key];
  const phoneSame = existing?.phone_hmac && e.phone && pii.blindIndex(e.phone) === existing.phone_hmac;
  const disabilitySame =
    existing?.disability_enc && e.disabilityNo && pii.decrypt(existing.disability_enc) === e.disabilityNo;
  return {
    relation: keep('与户主关系', 'relation', e.relation),
    name: e.name,
    name_pinyin: existing && existing.name === e.name ? existing.name_pinyin : namePinyin(e.name),
    phone_enc: keep(
      '联系电话',
      'phone_enc',
      e.phone ? (phoneSame ? existing!.phone_enc : pii.encrypt(e.phone)) : null,
    ),
    phone_hmac: keep('联系电话', 'phone_hmac', e.phone ? pii.blindIndex(e.phone) : null),
    phone_masked: keep('联系电话', 'phone_masked', e.phone ? maskPhone(e.phone) : null),
    hukou: keep('户籍性质', 'hukou', e.hukou),
    education: keep('文化程度', 'education', e.education),
    ability: keep('劳动能力', 'ability', e.ability),
    willing: keep('就业意愿', 'willing', e.willing ? 1 : 0),
    student: keep('人员状态', 'student', e.state === '在校学生' ? 1 : 0),
    soldier: keep('人员状态', 'soldier', e.state === '服役' ? 1 : 0),
    pension_since: keep(
      '人员状态',
      'pension_since',
      e.state === '领取养老金' ? (existing?.pension_since ?? today) : null,
    ),
    poverty_register: keep('建档立卡贫困劳动力', 'poverty_register', e.povertyRegister ? 1 : 0),
    poverty_status: keep('脱贫状态', 'poverty_status', e.povertyStatus),
    dibao: keep('低保', 'dibao', e.dibao),
    disability_enc: keep(
      '残疾证号',
      'disability_enc',
      e.disabilityNo ? (disabilitySame ? existing!.disability_enc : pii.encrypt(e.disabilityNo)) : null,
    ),
    note: keep('备注', 'note', e.note),
  };
}

type PersonColumns = ReturnType<typeof personColumns>;

function changedColumns(
  existing: PersonRow,
  next: PersonColumns & { household_id: number | null },
): Partial<PersonColumns & { household_id: number | null }> {
  const diff: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if ((existing as unknown as Record<string, unknown>)[k] !== v) diff[k] = v;
  }
  return diff as Partial<PersonColumns & { household_id: number | null }>;
}

export interface ApplyOptions {
  pii: PiiCipher;
  now: string;
  today: string;
  /** which columns the source carried: a column absent from a workbook leaves its data alone */
  present: (c: LabourColumn) => boolean;
}

/**
 * Applies a batch inside the caller's transaction. The caller has checked scope and that no entry names a
 * person registered in another unit (see {@link findCrossUnitConflicts}).
 */
export async function applyPersonEntries(
  trx: Transaction<Database>,
  entries: readonly PersonEntry[],
  opts: ApplyOptions,
): Promise<ApplyResult> {
  const { pii, now, today, present } = opts;
  const result: ApplyResult = {
    outcomes: [],
    personIds: [],
    notes: entries.map(() => []),
    touchedUnits: new Set(),
  };
  if (entries.length === 0) return result;
  const hmacs = entries.map((e) => pii.blindIndex(e.idNumber));

  // — households: find or create every (unit, 户编号) of the batch —
  const units = [...new Set(entries.map((e) => e.unitCode))];
  const numbers = [...new Set(entries.map((e) => e.householdNumber))];
  const households = await trx
    .selectFrom('household')
    .select(['id', 'unit_code', 'number'])
    .where('unit_code', 'in', units)
    .where('number', 'in', numbers)
    .execute();
  const householdId = new Map(households.map((h) => [`${h.unit_code}|${h.number}`, h.id]));
  const newHouseholds = [...new Set(entries.map((e) => `${e.unitCode}|${e.householdNumber}`))].filter(
    (k) => !householdId.has(k),
  );
  for (let i = 0; i < newHouseholds.length; i += 500) {
    const rows = newHouseholds.slice(i, i + 500).map((k) => {
      const [unit_code, number] = k.split('|') as [string, string];
      return {
        unit_code,
        number,
        address: null,
        has_business_income: 0,
        created_at: now,
        updated_at: now,
        version: 1,
      };
    });
    const inserted = await trx
      .insertInto('household')
      .values(rows)
      .returning(['id', 'unit_code', 'number'])
      .execute();
    for (const h of inserted) householdId.set(`${h.unit_code}|${h.number}`, h.id);
  }

  // — persons —
  const existingRows = await trx.selectFrom('person').selectAll().where('id_hmac', 'in', hmacs).execute();
  const existing = new Map(existingRows.map((p) => [p.id_hmac, p]));
  const toInsert: NewPerson[] = [];
  const insertIndex: number[] = [];
  const updates: { index: number; id: number; patch: Record<string, unknown> }[] = [];
  entries.forEach((e, i) => {
    const hmac = hmacs[i]!;
    const prev = existing.get(hmac);
    const cols = {
      ...personColumns(e, pii, present, prev, today),
      household_id: householdId.get(`${e.unitCode}|${e.householdNumber}`) ?? null,
    };
    if (!prev) {
      toInsert.push({
        ...cols,
        unit_code: e.unitCode,
        id_enc: pii.encrypt(e.idNumber),
        id_hmac: hmac,
        id_masked: maskIdNumber(e.idNumber),
        sex: e.sex,
        birth_date: e.birthDate,
        female_worker: 0,
        skills: null,
        wanted_trades: null,
        flags: 0,
        flags_on: '0000-00-00',
        created_at: now,
        updated_at: now,
        version: 1,
      });
      insertIndex.push(i);
      result.touchedUnits.add(e.unitCode);
    } else {
      const patch = changedColumns(prev, cols);
      if (Object.keys(patch).length) {
        updates.push({ index: i, id: prev.id, patch });
        result.touchedUnits.add(prev.unit_code);
      }
    }
  });
  const idOf = new Map<string, number>(existingRows.map((p) => [p.id_hmac, p.id]));
  // ~35 columns a row: 800 rows stay under SQLite's 32,766 bound parameters and PostgreSQL's 65,535.
  for (let i = 0; i < toInsert.length; i += 800) {
    const inserted = await trx
      .insertInto('person')
      .values(toInsert.slice(i, i + 800))
      .returning(['id', 'id_hmac'])
      .execute();
    for (const p of inserted) idOf.set(p.id_hmac, p.id);
  }
  for (const u of updates) {
    await trx
      .updateTable('person')
      .set((eb) => ({ ...u.patch, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', u.id)
      .execute();
  }

  // — dated histories: compare with what each existing person already has —
  const existingIds = existingRows.map((p) => p.id);
  const [spells, regs, diffs] = existingIds.length
    ? await Promise.all([
        trx.selectFrom('employment_spell').selectAll().where('person_id', 'in', existingIds).execute(),
        trx
          .selectFrom('unemployment_registration')
          .selectAll()
          .where('person_id', 'in', existingIds)
          .execute(),
        trx.selectFrom('difficulty_recognition').selectAll().where('person_id', 'in', existingIds).execute(),
      ])
    : [[], [], []];
  const byPerson = <T extends { person_id: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) (m.get(r.person_id) ?? m.set(r.person_id, []).get(r.person_id)!).push(r);
    return m;
  };
  const spellsOf = byPerson(spells);
  const regsOf = byPerson(regs);
  const diffsOf = byPerson(diffs);

  const newSpells: Insertable<EmploymentSpellTable>[] = [];
  const newRegs: Insertable<UnemploymentRegistrationTable>[] = [];
  const newDiffs: Insertable<DifficultyRecognitionTable>[] = [];
  const historyChanged = new Set<number>();

  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const personId = idOf.get(hmacs[i]!)!;
    result.personIds.push(personId);
    const notes = result.notes[i]!;

    if (present('就业形式')) {
      const mine = spellsOf.get(personId) ?? [];
      const open = mine.filter((s) => s.end_date === null);
      if (e.employment) {
        const same = mine.find((s) => s.start_date === e.employment!.start && s.form === e.employment!.form);
        if (same) {
          if (same.employer !== e.employment.employer && present('就业单位')) {
            await trx
              .updateTable('employment_spell')
              .set({ employer: e.employment.employer })
              .where('id', '=', same.id)
              .execute();
            historyChanged.add(i);
          }
        } else {
          for (const s of open) {
            if (s.start_date <= e.employment.start) {
              await trx
                .updateTable('employment_spell')
                .set({ end_date: e.employment.start })
                .where('id', '=', s.id)
                .execute();
              notes.push(`原就业记录（${s.form}，${s.start_date} 起）已于 ${e.employment.start} 结束`);
            }
          }
          newSpells.push({
            person_id: personId,
            form: e.employment.form,
            employer: e.employment.employer,
            start_date: e.employment.start,
            end_date: null,
            created_at: now,
          });
          historyChanged.add(i);
        }
      } else if (open.length) {
        for (const s of open) {
          await trx
            .updateTable('employment_spell')
            .set({ end_date: today < s.start_date ? s.start_date : today })
            .where('id', '=', s.id)
            .execute();
          notes.push(`就业形式为空：原就业记录（${s.form}，${s.start_date} 起）已于 ${today} 结束`);
        }
        historyChanged.add(i);
      }
    }

    if (e.registration && present('失业登记日期')) {
      const mine = regsOf.get(personId) ?? [];
      const same = mine.find((r) => r.approved_on === e.registration!.approved);
      if (same) {
        const closeOn = present('失业登记注销日期') ? e.registration.closed : same.closed_on;
        const reason = present('注销原因') ? e.registration.closeReason : same.close_reason;
        if (same.closed_on !== closeOn || same.close_reason !== reason) {
          await trx
            .updateTable('unemployment_registration')
            .set({ closed_on: closeOn, close_reason: reason })
            .where('id', '=', same.id)
            .execute();
          historyChanged.add(i);
        }
      } else {
        newRegs.push({
          person_id: personId,
          approved_on: e.registration.approved,
          closed_on: e.registration.closed,
          close_reason: e.registration.closeReason,
          created_at: now,
        });
        historyChanged.add(i);
      }
    }

    if (e.difficulty && present('困难认定日期')) {
      const mine = diffsOf.get(personId) ?? [];
      const categories = e.difficulty.categories.join('、');
      const same = mine.find((d) => d.recognized_on === e.difficulty!.recognized);
      if (same) {
        const exited = present('困难退出日期') ? e.difficulty.exited : same.exited_on;
        if (same.categories !== categories || same.exited_on !== exited) {
          await trx
            .updateTable('difficulty_recognition')
            .set({ categories, exited_on: exited })
            .where('id', '=', same.id)
            .execute();
          historyChanged.add(i);
        }
      } else {
        newDiffs.push({
          person_id: personId,
          categories,
          recognized_on: e.difficulty.recognized,
          exited_on: e.difficulty.exited,
          exit_reason: null,
          created_at: now,
        });
        historyChanged.add(i);
      }
    }
  }
  for (let i = 0; i < newSpells.length; i += 500)
    await trx
      .insertInto('employment_spell')
      .values(newSpells.slice(i, i + 500))
      .execute();
  for (let i = 0; i < newRegs.length; i += 500)
    await trx
      .insertInto('unemployment_registration')
      .values(newRegs.slice(i, i + 500))
      .execute();
  for (let i = 0; i < newDiffs.length; i += 500)
    await trx
      .insertInto('difficulty_recognition')
      .values(newDiffs.slice(i, i + 500))
      .execute();

  const updated = new Set(updates.map((u) => u.index));
  const created = new Set(insertIndex);
  entries.forEach((e, i) => {
    if (created.has(i)) result.outcomes.push('created');
    else if (updated.has(i) || historyChanged.has(i)) {
      result.outcomes.push('updated');
      result.touchedUnits.add(e.unitCode);
    } else result.outcomes.push('unchanged');
  });
  return result;
}

/** Entries naming a person who is registered in a unit other than the entry's: a transfer, not an edit. */
export async function findCrossUnitConflicts(
  trx: Transaction<Database> | Kysely<Database>,
  entries: readonly PersonEntry[],
  pii: PiiCipher,
): Promise<Map<number, string>> {
  const hmacs = entries.map((e) => pii.blindIndex(e.idNumber));
  const conflicts = new Map<number, string>();
  const found = hmacs.length
    ? await trx.selectFrom('person').select(['id_hmac', 'unit_code']).where('id_hmac', 'in', hmacs).execute()
    : [];
  const unitOf = new Map(found.map((f) => [f.id_hmac, f.unit_code]));
  entries.forEach((e, i) => {
    const u = unitOf.get(hmacs[i]!);
    if (u && u !== e.unitCode) conflicts.set(i, u);
  });
  return conflicts;
}
