import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database, ServiceRecordRow, ServiceRecordTable } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertServiceRecord(db: Db, row: Insertable<ServiceRecordTable>): Promise<number> {
  return (await db.insertInto('service_record').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findServiceRecord(db: Db, id: number): Promise<ServiceRecordRow | undefined> {
  return db.selectFrom('service_record').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One person's records, newest first. */
export function findServiceRecordsOfPerson(db: Db, personId: number): Promise<ServiceRecordRow[]> {
  return db
    .selectFrom('service_record')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Optimistic update: true when the row still had `expectedVersion` (and now has the next one). */
export async function updateServiceRecordRow(
  db: Db,
  id: number,
  expectedVersion: number,
  patch: Updateable<ServiceRecordTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('service_record')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteServiceRecordRow(db: Db, id: number, expectedVersion: number): Promise<boolean> {
  const res = await db
    .deleteFrom('service_record')
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

/** Records made in `units` of the given types dated `from … to`, with the person's name and masked ID, for ledgers. */
export function findServiceRecordsForLedger(
  db: Db,
  units: readonly string[],
  types: readonly string[],
  from: string,
  to: string,
) {
  return db
    .selectFrom('service_record as s')
    .innerJoin('person as p', 'p.id', 's.person_id')
    .selectAll('s')
    .select([
      'p.name as person_name',
      'p.id_masked as person_id_masked',
      'p.sex as person_sex',
      'p.birth_date as person_birth_date',
    ])
    .where('s.unit_code', 'in', units.length ? [...units] : [''])
    .where('s.type', 'in', [...types])
    .where('s.date', '>=', from)
    .where('s.date', '<=', to)
    .orderBy('s.unit_code')
    .orderBy('s.date')
    .orderBy('s.id')
    .execute();
}

/** Links a recommendation to the employment spell it became (no version bump: part of the same write). */
export async function setServiceEmploymentSpell(db: Db, id: number, spellId: number): Promise<void> {
  await db.updateTable('service_record').set({ employment_spell_id: spellId }).where('id', '=', id).execute();
}
