import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type {
  Database,
  TownActivityRow,
  TownActivityTable,
  UnitRecordRow,
  UnitRecordTable,
} from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

// ——— 村级工作 (unit_record) ———

export async function insertUnitRecord(db: Db, row: Insertable<UnitRecordTable>): Promise<number> {
  return (await db.insertInto('unit_record').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findUnitRecord(db: Db, id: number): Promise<UnitRecordRow | undefined> {
  return db.selectFrom('unit_record').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A unit's records dated `from … to`, newest first. */
export function findUnitRecords(
  db: Db,
  units: readonly string[],
  from: string,
  to: string,
  type?: string,
): Promise<UnitRecordRow[]> {
  return db
    .selectFrom('unit_record')
    .selectAll()
    .where('unit_code', 'in', units.length ? [...units] : [''])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .$if(type !== undefined, (q) => q.where('type', '=', type!))
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function updateUnitRecordRow(
  db: Db,
  id: number,
  expectedVersion: number,
  patch: Updateable<UnitRecordTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('unit_record')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteUnitRecordRow(db: Db, id: number, expectedVersion: number): Promise<boolean> {
  const res = await db
    .deleteFrom('unit_record')
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

// ——— 镇（街道）、区 activities ———

export async function insertActivity(db: Db, row: Insertable<TownActivityTable>): Promise<number> {
  return (await db.insertInto('town_activity').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findActivity(db: Db, id: number): Promise<TownActivityRow | undefined> {
  return db.selectFrom('town_activity').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findActivities(
  db: Db,
  units: readonly string[] | null,
  from: string,
  to: string,
): Promise<TownActivityRow[]> {
  return db
    .selectFrom('town_activity')
    .selectAll()
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function updateActivityRow(
  db: Db,
  id: number,
  expectedVersion: number,
  patch: Updateable<TownActivityTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('town_activity')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteActivityRow(db: Db, id: number, expectedVersion: number): Promise<boolean> {
  const res = await db
    .deleteFrom('town_activity')
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
