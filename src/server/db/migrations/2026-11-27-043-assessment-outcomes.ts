import type { AnyDb } from './helpers.ts';

/**
 * Coverage reads every assessment that ended — accepted, awarded or rejected — up to a year: at province scale a
 * few thousand among hundreds of thousands of assessments. This index answers it from the index alone, instead
 * of reading every assessment row of every year.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('assessment_outcome_idx')
    .on('assessment')
    .columns(['state', 'year', 'unit_code'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('assessment_outcome_idx').execute();
}
