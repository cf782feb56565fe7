import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, DeletedRecordTable, EvidenceFileTable } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type EvidenceOwner = EvidenceFileTable['owner_type'];

export async function insertEvidenceFile(db: Db, row: Insertable<EvidenceFileTable>): Promise<number> {
  return (await db.insertInto('evidence_file').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** File metadata of many owners at once (never the bytes). */
export function findEvidenceOf(db: Db, ownerType: EvidenceOwner, ownerIds: readonly number[]) {
  if (ownerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('evidence_file')
    .select(['id', 'owner_type', 'owner_id', 'filename', 'mime', 'size', 'created_at'])
    .where('owner_type', '=', ownerType)
    .where('owner_id', 'in', [...ownerIds])
    .orderBy('id')
    .execute();
}

export function findEvidenceMeta(db: Db, id: number) {
  return db
    .selectFrom('evidence_file')
    .select(['id', 'owner_type', 'owner_id', 'unit_code', 'filename', 'mime', 'size', 'sha256'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findEvidenceContent(db: Db, id: number) {
  return db.selectFrom('evidence_file').select(['content']).where('id', '=', id).executeTakeFirst();
}

export async function deleteEvidenceFile(db: Db, id: number): Promise<void> {
  await db.deleteFrom('evidence_file').where('id', '=', id).execute();
}

export async function insertDeletedRecord(db: Db, row: Insertable<DeletedRecordTable>): Promise<void> {
  await db.insertInto('deleted_record').values(row).execute();
}
