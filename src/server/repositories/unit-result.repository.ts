import type { Kysely, Transaction } from 'kysely';
import type { Database, NewUnitResult, UnitResultRow } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Writes (insert or replace) the results of one or more units; one statement per batch. */
export async function upsertUnitResults(db: Db, rows: readonly NewUnitResult[]): Promise<void> {
  // Kept well below both engines' bound-parameter limits (36 columns a row).
  for (let i = 0; i < rows.length; i += 200) {
    const batch = rows.slice(i, i + 200);
    await db
      .insertInto('unit_result')
      .values([...batch])
      .onConflict((oc) =>
        oc.columns(['unit_code', 'year']).doUpdateSet((eb) => {
          const cols = Object.keys(batch[0]!).filter(
            (c) => c !== 'unit_code' && c !== 'year',
          ) as (keyof NewUnitResult)[];
          return Object.fromEntries(cols.map((c) => [c, eb.ref(`excluded.${c}`)]));
        }),
      )
      .execute();
  }
}

/** Results of a year for the given units (null: every unit). */
export function findUnitResults(
  db: Db,
  year: number,
  units: readonly string[] | null,
): Promise<UnitResultRow[]> {
  return db
    .selectFrom('unit_result')
    .selectAll()
    .where('year', '=', year)
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .orderBy('unit_code')
    .execute();
}

/** Results of several years (a trend) for the given units (null: every unit). */
export function findUnitResultsBetween(
  db: Db,
  fromYear: number,
  toYear: number,
  units: readonly string[] | null,
): Promise<UnitResultRow[]> {
  return db
    .selectFrom('unit_result')
    .selectAll()
    .where('year', '>=', fromYear)
    .where('year', '<=', toYear)
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .orderBy('year')
    .orderBy('unit_code')
    .execute();
}

/** When each unit's result of `year` was computed (for staleness checks against the assessment rows). */
export function findResultStamps(db: Db, year: number) {
  return db.selectFrom('unit_result').select(['unit_code', 'computed_at']).where('year', '=', year).execute();
}

/** (unit, updated_at) of the assessments of a year: a result older than its assessment is stale. */
export function findAssessmentStamps(db: Db, year: number) {
  return db.selectFrom('assessment').select(['unit_code', 'updated_at']).where('year', '=', year).execute();
}

/** Every accepted (or awarded) assessment up to `toYear`: the coverage's only input besides the units. */
export function findAcceptances(db: Db, toYear: number) {
  return db
    .selectFrom('assessment')
    .select(['unit_code', 'year', 'state'])
    .where('state', 'in', ['accepted', 'awarded'])
    .where('year', '<=', toYear)
    .orderBy('year')
    .execute();
}

/** Awards approved or proposed, with their year and amount. */
export function findAwardTotals(db: Db) {
  return db
    .selectFrom('assessment_award')
    .select(['unit_code', 'year', 'amount_fen', 'approved_by'])
    .execute();
}

export async function deleteUnitResults(db: Db, year: number): Promise<void> {
  await db.deleteFrom('unit_result').where('year', '=', year).execute();
}

/** How many assessments exist for the years fromYear…toYear (demo history refuses to write over them). */
export async function countAssessmentsBetween(db: Db, fromYear: number, toYear: number): Promise<number> {
  const row = await db
    .selectFrom('assessment')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('year', '>=', fromYear)
    .where('year', '<=', toYear)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
