import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type {
  AssessmentAwardRow,
  AssessmentAwardTable,
  AssessmentRow,
  AssessmentTable,
  AssessmentTransitionTable,
  Database,
  ImplementationPlanTable,
  UploadTable,
} from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

// ——— assessments ———

export function findAssessment(db: Db, unitCode: string, year: number): Promise<AssessmentRow | undefined> {
  return db
    .selectFrom('assessment')
    .selectAll()
    .where('unit_code', '=', unitCode)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Assessments of a year for the given units (null: all). */
export function findAssessments(
  db: Db,
  year: number,
  units: readonly string[] | null,
): Promise<AssessmentRow[]> {
  return db
    .selectFrom('assessment')
    .selectAll()
    .where('year', '=', year)
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .orderBy('unit_code')
    .execute();
}

/**
 * Creates the draft of (unit, year) unless it exists; concurrent callers all get the one row (the UNIQUE
 * constraint decides, on both engines).
 */
export async function ensureAssessmentRow(db: Db, row: Insertable<AssessmentTable>): Promise<AssessmentRow> {
  await db
    .insertInto('assessment')
    .values(row)
    .onConflict((oc) => oc.columns(['unit_code', 'year']).doNothing())
    .execute();
  const found = await findAssessment(db, row.unit_code, row.year);
  if (!found) throw new Error('assessment row vanished after insert');
  return found;
}

/** Optimistic update: false when the row's version is no longer `expectedVersion`. */
export async function updateAssessment(
  db: Db,
  id: number,
  expectedVersion: number,
  patch: Updateable<AssessmentTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('assessment')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertTransition(db: Db, t: Insertable<AssessmentTransitionTable>): Promise<void> {
  await db.insertInto('assessment_transition').values(t).execute();
}

export function findTransitions(db: Db, assessmentId: number) {
  return db
    .selectFrom('assessment_transition')
    .selectAll()
    .where('assessment_id', '=', assessmentId)
    .orderBy('id')
    .execute();
}

// ——— awards ———

export function findAwardByUnit(db: Db, unitCode: string): Promise<AssessmentAwardRow | undefined> {
  return db.selectFrom('assessment_award').selectAll().where('unit_code', '=', unitCode).executeTakeFirst();
}

export function findAwards(db: Db, units: readonly string[] | null): Promise<AssessmentAwardRow[]> {
  return db
    .selectFrom('assessment_award')
    .selectAll()
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .execute();
}

/** false when the unit already has an award (the UNIQUE constraint on unit_code holds under races too). */
export async function insertAward(db: Db, award: Insertable<AssessmentAwardTable>): Promise<boolean> {
  const res = await db
    .insertInto('assessment_award')
    .values(award)
    .onConflict((oc) => oc.column('unit_code').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function approveAward(
  db: Db,
  id: number,
  expectedVersion: number,
  patch: { approved_by: number; approved_at: string; approval_note: string | null },
): Promise<boolean> {
  const res = await db
    .updateTable('assessment_award')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('approved_by', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ——— reviewer flags ———

export async function insertMismatchFlag(
  db: Db,
  flag: {
    unit_code: string;
    year: number;
    date: string;
    note: string;
    created_by: number | null;
    created_at: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('reviewer_mismatch_flag')
    .values(flag)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Flags of the given units (null: all), any year: the rules keep those dated in the assessment period. */
export function findMismatchFlags(db: Db, units: readonly string[] | null) {
  return db
    .selectFrom('reviewer_mismatch_flag')
    .select(['id', 'unit_code', 'year', 'date', 'note', 'created_by'])
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .orderBy('id')
    .execute();
}

// ——— uploads ———

export async function insertUpload(db: Db, upload: Insertable<UploadTable>): Promise<number> {
  const row = await db.insertInto('upload').values(upload).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findUpload(db: Db, id: number) {
  return db.selectFrom('upload').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Names and sizes only (not the bytes). */
export function findUploadMeta(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('upload')
    .select(['id', 'filename', 'mime', 'size', 'created_at'])
    .where('id', 'in', [...ids])
    .execute();
}

// ——— implementation plans ———

export function findPlan(db: Db, townCode: string, year: number) {
  return db
    .selectFrom('implementation_plan')
    .selectAll()
    .where('town_code', '=', townCode)
    .where('year', '=', year)
    .executeTakeFirst();
}

export function findPlanById(db: Db, id: number) {
  return db.selectFrom('implementation_plan').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPlans(db: Db, year: number | null, towns: readonly string[] | null) {
  return db
    .selectFrom('implementation_plan')
    .selectAll()
    .$if(year !== null, (q) => q.where('year', '=', year!))
    .$if(towns !== null, (q) => q.where('town_code', 'in', towns!.length ? [...towns!] : ['']))
    .orderBy('year', 'desc')
    .orderBy('town_code')
    .execute();
}

export async function insertPlan(db: Db, plan: Insertable<ImplementationPlanTable>): Promise<number> {
  const row = await db
    .insertInto('implementation_plan')
    .values(plan)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePlan(
  db: Db,
  id: number,
  expectedVersion: number,
  patch: Updateable<ImplementationPlanTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('implementation_plan')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
