import type { Kysely, Transaction } from 'kysely';
import { runCompiled } from '../db/compiled.ts';
import type { Database, NewUnit, UnitRow } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface UnitFilter {
  /** Restrict to these codes (an actor's scope); undefined = no restriction. */
  codes?: readonly string[] | undefined;
  parentCode?: string | undefined;
  kind?: UnitRow['kind'] | undefined;
  includeInactive?: boolean | undefined;
}

export async function countUnits(db: Db): Promise<number> {
  const row = await db
    .selectFrom('unit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findUnits(db: Db, filter: UnitFilter = {}): Promise<UnitRow[]> {
  return db
    .selectFrom('unit')
    .selectAll()
    .$if(filter.codes !== undefined, (q) =>
      q.where('code', 'in', filter.codes!.length ? [...filter.codes!] : ['']),
    )
    .$if(filter.parentCode !== undefined, (q) => q.where('parent_code', '=', filter.parentCode!))
    .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind!))
    .$if(!filter.includeInactive, (q) => q.where('active', '=', 1))
    .orderBy('level')
    .orderBy('code')
    .execute();
}

/** The active units with only what a directory needs (name, kind, place in the tree): dashboards' scope. */
export function findUnitDirectory(
  db: Db,
): Promise<Pick<UnitRow, 'code' | 'name' | 'kind' | 'parent_code' | 'level'>[]> {
  return db
    .selectFrom('unit')
    .select(['code', 'name', 'kind', 'parent_code', 'level'])
    .where('active', '=', 1)
    .orderBy('level')
    .orderBy('code')
    .execute();
}

export function findUnitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  return db.selectFrom('unit').selectAll().where('code', '=', code).executeTakeFirst();
}

/**
 * The unit itself and every unit below it (two levels at most: district → town → village), in one read —
 * a town's staff resolve their scope with it on every request.
 */
export async function findSubtreeCodes(db: Db, code: string): Promise<string[]> {
  const rows = await runCompiled(
    db,
    'unit-subtree',
    (arg) =>
      db
        .selectFrom('unit')
        .select('code')
        .where('code', '=', arg(0))
        .unionAll(db.selectFrom('unit').select('code').where('parent_code', '=', arg(0)))
        .unionAll(
          db
            .selectFrom('unit as p')
            .innerJoin('unit as c', 'c.parent_code', 'p.code')
            .select('c.code')
            .where('p.parent_code', '=', arg(0)),
        ),
    [code],
  );
  return rows.map((r) => r.code);
}

export async function insertUnit(db: Db, unit: NewUnit): Promise<void> {
  await db.insertInto('unit').values(unit).execute();
}

export async function updateUnit(
  db: Db,
  code: string,
  expectedVersion: number,
  patch: Partial<
    Pick<UnitRow, 'name' | 'official_name' | 'kind' | 'parent_code' | 'active' | 'merged_into' | 'updated_at'>
  >,
): Promise<boolean> {
  const res = await db
    .updateTable('unit')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('code', '=', code)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertUnitEvent(
  db: Db,
  event: {
    unit_code: string;
    at: string;
    action: 'create' | 'rename' | 'merge' | 'reparent' | 'reactivate';
    old_value: string | null;
    new_value: string | null;
    actor_id: number | null;
    note: string | null;
  },
): Promise<void> {
  await db.insertInto('unit_event').values(event).execute();
}

export function findUnitEvents(db: Db, code: string) {
  return db.selectFrom('unit_event').selectAll().where('unit_code', '=', code).orderBy('id').execute();
}
