import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { FACT_PERSON_COLUMNS, type FactPersonRow, type RegisterRows } from './register.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The rows behind the facts of a few households of one unit: the given persons, every member of their
 * households and of `householdIds`, with their records. What a write to one person needs to classify again,
 * since members of one household classify together (零就业家庭) and nobody else's classes depend on them.
 * Unit-level records and vacancies are left out: no person's class reads them.
 */
export async function loadHouseholdRegisterRows(
  db: Db,
  unitCode: string,
  personIds: readonly number[],
  householdIds: readonly number[],
): Promise<RegisterRows> {
  const ids = personIds.length ? [...personIds] : [-1];
  const households = [
    ...new Set([
      ...householdIds,
      ...(
        await db
          .selectFrom('person')
          .select('household_id')
          .where('id', 'in', ids)
          .where('household_id', 'is not', null)
          .execute()
      ).map((r) => r.household_id!),
    ]),
  ];
  const inHouseholds = households.length ? households : [-1];
  const persons: FactPersonRow[] = await db
    .selectFrom('person')
    .select(FACT_PERSON_COLUMNS)
    .where('unit_code', '=', unitCode)
    .where((eb) => eb.or([eb('id', 'in', ids), eb('household_id', 'in', inHouseholds)]))
    .orderBy('id')
    .execute();
  const members = persons.length ? persons.map((p) => p.id) : [-1];
  const [employment, registrations, difficulty, services, householdRows, zero] = await Promise.all([
    db.selectFrom('employment_spell').selectAll().where('person_id', 'in', members).execute(),
    db.selectFrom('unemployment_registration').selectAll().where('person_id', 'in', members).execute(),
    db.selectFrom('difficulty_recognition').selectAll().where('person_id', 'in', members).execute(),
    db
      .selectFrom('service_record')
      .select(['id', 'person_id', 'type', 'date', 'mode', 'request_item', 'fulfilled_on'])
      .where('person_id', 'in', members)
      .execute(),
    db
      .selectFrom('household')
      .selectAll()
      .where('id', 'in', inHouseholds)
      .where('unit_code', '=', unitCode)
      .execute(),
    db
      .selectFrom('zero_employment_recognition')
      .selectAll()
      .where('household_id', 'in', inHouseholds)
      .execute(),
  ]);
  return {
    persons,
    employment,
    registrations,
    difficulty,
    services,
    households: householdRows,
    zero,
    unitRecords: [],
    vacancies: [],
  };
}
