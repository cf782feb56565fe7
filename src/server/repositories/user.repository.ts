import type { Kysely, Transaction } from 'kysely';
import type { AppUserRow, AppUserUpdate, Database, NewAppUser } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function findUserByUsername(db: Db, username: string): Promise<AppUserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Db, id: number): Promise<AppUserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface UserFilter {
  role?: string | undefined;
  unitCodes?: readonly string[] | undefined;
  search?: string | undefined;
}

export function findUsers(db: Db, filter: UserFilter = {}): Promise<AppUserRow[]> {
  return db
    .selectFrom('app_user')
    .selectAll()
    .$if(filter.role !== undefined, (q) => q.where('role', '=', filter.role!))
    .$if(filter.unitCodes !== undefined, (q) => q.where('unit_code', 'in', [...filter.unitCodes!, '']))
    .$if(!!filter.search, (q) =>
      q.where((eb) =>
        eb.or([
          eb('username', 'like', `%${filter.search}%`),
          eb('display_name', 'like', `%${filter.search}%`),
        ]),
      ),
    )
    .orderBy('id')
    .execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(db: Db, user: NewAppUser): Promise<number> {
  const row = await db.insertInto('app_user').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Optimistic update: succeeds only when the row still has `expectedVersion` (when given). */
export async function updateUser(
  db: Db,
  id: number,
  patch: AppUserUpdate,
  expectedVersion?: number,
): Promise<boolean> {
  const res = await db
    .updateTable('app_user')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .$if(expectedVersion !== undefined, (q) => q.where('version', '=', expectedVersion!))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
