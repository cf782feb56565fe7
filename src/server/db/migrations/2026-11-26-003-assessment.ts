import { sql } from 'kysely';
import { type AnyDb, withId } from './helpers.ts';

/**
 * 考核验收 workflow (DOMAIN.md §6): one assessment per unit and year, its transition history, the award (once
 * per unit), reviewer-flagged ledger mismatches, towns' implementation plans and the files attached to them.
 */
export async function up(db: AnyDb): Promise<void> {
  /** Uploaded documents (验收报告, 实施方案), kept in the database so a backup holds them too. */
  await withId(db, db.schema.createTable('upload'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    /** base64 of the bytes */
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('assessment'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    /** draft | self_assessed | returned | town_reviewed | accepted | rejected | awarded */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('profile_version', 'text')
    .addColumn('as_of', 'text')
    /** the computed result frozen at submission (JSON, with profile id and version) */
    .addColumn('snapshot', 'text')
    .addColumn('computed_total', 'integer')
    .addColumn('computed_passed', 'integer')
    /** JSON [{no, score, reason}] */
    .addColumn('self_scores', 'text')
    .addColumn('self_total', 'integer')
    .addColumn('report_text', 'text')
    .addColumn('report_upload_id', 'integer', (c) => c.references('upload.id'))
    .addColumn('self_at', 'text')
    .addColumn('self_days_late', 'integer')
    .addColumn('return_reason', 'text')
    /** JSON [{no, score, comment}] */
    .addColumn('town_scores', 'text')
    .addColumn('town_total', 'integer')
    .addColumn('town_comment', 'text')
    .addColumn('town_at', 'text')
    .addColumn('town_days_late', 'integer')
    .addColumn('district_scores', 'text')
    .addColumn('district_total', 'integer')
    .addColumn('district_comment', 'text')
    .addColumn('district_at', 'text')
    .addColumn('district_days_late', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('assessment_unit_year_uq', ['unit_code', 'year'])
    .addCheckConstraint(
      'assessment_state_check',
      sql`state in ('draft','self_assessed','returned','town_reviewed','accepted','rejected','awarded')`,
    )
    .execute();
  await db.schema
    .createIndex('assessment_year_idx')
    .on('assessment')
    .columns(['year', 'unit_code'])
    .execute();

  await withId(db, db.schema.createTable('assessment_transition'))
    .addColumn('assessment_id', 'integer', (c) => c.notNull().references('assessment.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('reason', 'text')
    .addColumn('days_late', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('assessment_transition_idx')
    .on('assessment_transition')
    .columns(['assessment_id', 'id'])
    .execute();

  /** 专项经费补助: at most one per unit, ever (awardOncePerUnit). */
  await withId(db, db.schema.createTable('assessment_award'))
    .addColumn('unit_code', 'text', (c) => c.notNull().unique().references('unit.code'))
    .addColumn('assessment_id', 'integer', (c) => c.notNull().references('assessment.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('recommended_upward', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('proposed_by', 'integer', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('proposal_note', 'text')
    .addColumn('approved_by', 'integer')
    .addColumn('approved_at', 'text')
    .addColumn('approval_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('award_two_people', sql`approved_by is null or approved_by <> proposed_by`)
    .execute();

  /** 台账信息与实际情况不相符, flagged by a reviewer (annex item 5). */
  await withId(db, db.schema.createTable('reviewer_mismatch_flag'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mismatch_flag_unit_idx')
    .on('reviewer_mismatch_flag')
    .columns(['unit_code', 'year'])
    .execute();

  /** 实施方案: a town files its plan with the district (四(二), by 11-25). One per town and year, refiled in place. */
  await withId(db, db.schema.createTable('implementation_plan'))
    .addColumn('town_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('upload_id', 'integer', (c) => c.references('upload.id'))
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'integer')
    .addColumn('days_late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('implementation_plan_town_year_uq', ['town_code', 'year'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'implementation_plan',
    'reviewer_mismatch_flag',
    'assessment_award',
    'assessment_transition',
    'assessment',
    'upload',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
