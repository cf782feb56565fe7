import type { Kysely, Transaction } from 'kysely';
import type { AuditLogRow, Database } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Claims the next sequence number and returns the previous record's hash. The UPDATE takes the row lock
 * on PostgreSQL (SQLite serialises writers anyway), so concurrent writers chain one after another.
 */
export async function claimAuditSeq(db: Db): Promise<{ seq: number; prevHash: string }> {
  const row = await db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  return { seq: Number(row.seq), prevHash: row.hash };
}

export async function insertAuditRecord(db: Db, record: AuditLogRow): Promise<void> {
  await db.insertInto('audit_log').values(record).execute();
  await db.updateTable('audit_head').set({ hash: record.hash }).where('id', '=', 1).execute();
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** keyset: records with seq below this */
  beforeSeq?: number | undefined;
  limit: number;
}

export function findAuditRecords(db: Db, f: AuditFilter): Promise<AuditLogRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .$if(!!f.actor, (q) => q.where('actor', '=', f.actor!))
    .$if(!!f.action, (q) => q.where('action', 'like', `${f.action}%`))
    .$if(!!f.objectType, (q) => q.where('object_type', '=', f.objectType!))
    .$if(!!f.objectId, (q) => q.where('object_id', '=', f.objectId!))
    .$if(!!f.from, (q) => q.where('at', '>=', f.from!))
    .$if(!!f.to, (q) => q.where('at', '<', f.to!))
    .$if(f.beforeSeq !== undefined, (q) => q.where('seq', '<', f.beforeSeq!))
    .orderBy('seq', 'desc')
    .limit(f.limit)
    .execute();
}

/** Streams the whole chain in order, in pages, for verification. */
export async function* iterateAuditRecords(db: Db, pageSize = 5000): AsyncGenerator<AuditLogRow> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (page.length === 0) return;
    for (const r of page) yield r;
    after = Number(page[page.length - 1]!.seq);
  }
}

export function getAuditHead(db: Db) {
  return db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}
