import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database, PersonRow, VacancyRow, VacancyTable } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertVacancy(db: Db, row: Insertable<VacancyTable>): Promise<number> {
  return (await db.insertInto('vacancy').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findVacancy(db: Db, id: number): Promise<VacancyRow | undefined> {
  return db.selectFrom('vacancy').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateVacancyRow(
  db: Db,
  id: number,
  expectedVersion: number,
  patch: Updateable<VacancyTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('vacancy')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteVacancyRow(db: Db, id: number, expectedVersion: number): Promise<boolean> {
  const res = await db
    .deleteFrom('vacancy')
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

export interface VacancyFilter {
  /** collected by one of these units; null = anywhere */
  units: readonly string[] | null;
  /** open on this date */
  openOn?: string | undefined;
  limit: number;
}

/** Vacancies, newest collection first. */
export function findVacancies(db: Db, f: VacancyFilter): Promise<VacancyRow[]> {
  return db
    .selectFrom('vacancy')
    .selectAll()
    .$if(f.units !== null, (q) => q.where('unit_code', 'in', f.units!.length ? [...f.units!] : ['']))
    .$if(f.openOn !== undefined, (q) =>
      q
        .where('collected_on', '<=', f.openOn!)
        .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', f.openOn!)]))
        .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', f.openOn!)])),
    )
    .orderBy('collected_on', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit)
    .execute();
}

/**
 * Job seekers of the units: registered unemployed, or in the labour force, able and willing and not employed —
 * read from the ledger flags (src/domain/ledgers.ts), so the database filters and never the whole register
 * comes back.
 */
export function findJobSeekers(
  db: Db,
  units: readonly string[] | null,
  flags: { registered: number; labourAbleWilling: number; employed: number },
): Promise<PersonRow[]> {
  return db
    .selectFrom('person')
    .selectAll()
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .where((eb) =>
      eb.or([
        eb(eb('flags', '&', flags.registered), '<>', 0),
        eb(eb('flags', '&', flags.labourAbleWilling | flags.employed), '=', flags.labourAbleWilling),
      ]),
    )
    .orderBy('id')
    .execute();
}
