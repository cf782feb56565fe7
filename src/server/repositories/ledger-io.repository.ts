import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, ServiceRecordTable, UnitRecordTable } from '../db/database.ts';

/** Queries behind the ledger workbook's import and export: batched, never one query per row. */

type Db = Kysely<Database> | Transaction<Database>;

export function findPersonsForImport(db: Db, hmacs: readonly string[]) {
  if (hmacs.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('person')
    .select(['id', 'id_hmac', 'unit_code'])
    .where('id_hmac', 'in', [...hmacs])
    .execute();
}

export async function findOpenHistories(db: Db, personIds: readonly number[]) {
  if (personIds.length === 0) return { spells: [], registrations: [] };
  const [spells, registrations] = await Promise.all([
    db
      .selectFrom('employment_spell')
      .selectAll()
      .where('person_id', 'in', [...personIds])
      .orderBy('start_date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('unemployment_registration')
      .selectAll()
      .where('person_id', 'in', [...personIds])
      .orderBy('approved_on')
      .orderBy('id')
      .execute(),
  ]);
  return { spells, registrations };
}

export async function insertSpell(
  db: Db,
  s: {
    person_id: number;
    form: string;
    employer: string | null;
    start_date: string;
    end_date: string | null;
    created_at: string;
  },
): Promise<number> {
  return (await db.insertInto('employment_spell').values(s).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateSpell(
  db: Db,
  id: number,
  patch: { end_date?: string | null; employer?: string | null },
): Promise<void> {
  await db.updateTable('employment_spell').set(patch).where('id', '=', id).execute();
}

export async function insertRegistration(
  db: Db,
  r: {
    person_id: number;
    approved_on: string;
    closed_on: string | null;
    close_reason: string | null;
    created_at: string;
  },
): Promise<number> {
  return (
    await db.insertInto('unemployment_registration').values(r).returning('id').executeTakeFirstOrThrow()
  ).id;
}

export async function closeRegistration(
  db: Db,
  id: number,
  closedOn: string,
  reason: string | null,
): Promise<void> {
  await db
    .updateTable('unemployment_registration')
    .set({ closed_on: closedOn, close_reason: reason })
    .where('id', '=', id)
    .execute();
}

export function findServiceRecordsOf(db: Db, personIds: readonly number[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('service_record')
    .select([
      'person_id',
      'type',
      'date',
      'mode',
      'request_item',
      'fulfilled_on',
      'employer_post',
      'result',
      'staff',
      'content',
    ])
    .where('person_id', 'in', [...personIds])
    .execute();
}

export async function insertServiceRecords(db: Db, rows: Insertable<ServiceRecordTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('service_record')
      .values(rows.slice(i, i + 500))
      .execute();
}

export function findHouseholdsByNumbers(db: Db, units: readonly string[], numbers: readonly string[]) {
  if (units.length === 0 || numbers.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('household')
    .select(['id', 'unit_code', 'number'])
    .where('unit_code', 'in', [...units])
    .where('number', 'in', [...numbers])
    .execute();
}

export function findZeroRecognitions(db: Db, householdIds: readonly number[]) {
  if (householdIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('zero_employment_recognition')
    .selectAll()
    .where('household_id', 'in', [...householdIds])
    .execute();
}

export async function insertZeroRecognition(
  db: Db,
  r: { household_id: number; recognized_on: string; note: string | null; created_at: string },
): Promise<number> {
  return (
    await db.insertInto('zero_employment_recognition').values(r).returning('id').executeTakeFirstOrThrow()
  ).id;
}

export async function updateZeroRecognitionNote(db: Db, id: number, note: string | null): Promise<void> {
  await db.updateTable('zero_employment_recognition').set({ note }).where('id', '=', id).execute();
}

export function findUnitRecordsOf(db: Db, units: readonly string[]) {
  if (units.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('unit_record')
    .select(['unit_code', 'type', 'date', 'ledger_class', 'participants', 'note'])
    .where('unit_code', 'in', [...units])
    .execute();
}

export async function insertUnitRecords(db: Db, rows: Insertable<UnitRecordTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('unit_record')
      .values(rows.slice(i, i + 500))
      .execute();
}

// ——— export ———

/** One page of a ledger's persons with their household number, ordered by (unit, id). */
export function findLedgerPage(
  db: Db,
  f: { units: readonly string[]; flag: number; afterId: number; limit: number },
) {
  return db
    .selectFrom('person')
    .leftJoin('household', 'household.id', 'person.household_id')
    .selectAll('person')
    .select('household.number as household_number')
    .where('person.unit_code', 'in', f.units.length ? [...f.units] : [''])
    .where((eb) => eb(eb('person.flags', '&', f.flag), '=', f.flag))
    .where('person.id', '>', f.afterId)
    .orderBy('person.id')
    .limit(f.limit)
    .execute();
}

export async function findHistoriesOf(db: Db, personIds: readonly number[]) {
  if (personIds.length === 0) return { spells: [], registrations: [], recognitions: [], services: [] };
  const ids = [...personIds];
  const [spells, registrations, recognitions, services] = await Promise.all([
    db
      .selectFrom('employment_spell')
      .selectAll()
      .where('person_id', 'in', ids)
      .orderBy('start_date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('unemployment_registration')
      .selectAll()
      .where('person_id', 'in', ids)
      .orderBy('approved_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('difficulty_recognition')
      .selectAll()
      .where('person_id', 'in', ids)
      .orderBy('recognized_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('service_record')
      .selectAll()
      .where('person_id', 'in', ids)
      .orderBy('person_id')
      .orderBy('date')
      .orderBy('id')
      .execute(),
  ]);
  return { spells, registrations, recognitions, services };
}
