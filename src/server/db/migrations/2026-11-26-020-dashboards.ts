import { type AnyDb } from './helpers.ts';

/**
 * 看板 (issue 6): one precomputed result per village-level unit and creation year, so district and town
 * dashboards read one small row per unit instead of the register. The row is rewritten whenever the unit's
 * assessment changes (a frozen snapshot wins over live computation) and in bulk by `results refresh`.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('unit_result')
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    /** the town the unit belonged to when computed (a town's dashboard filters on it) */
    .addColumn('town_code', 'text')
    /** village | community | other */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** snapshot (frozen at submission) | live (computed from the register) */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('profile_version', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    /** JSON [score of item 1, …, item 8] */
    .addColumn('item_scores', 'text', (c) => c.notNull())
    /** JSON [{no, code, points}] — which rules cost points */
    .addColumn('deductions', 'text', (c) => c.notNull())
    /** JSON [met of outcome 1, …, 4] */
    .addColumn('outcomes', 'text', (c) => c.notNull())
    .addColumn('employment_num', 'integer', (c) => c.notNull())
    .addColumn('employment_den', 'integer', (c) => c.notNull())
    .addColumn('visit_num', 'integer', (c) => c.notNull())
    .addColumn('visit_den', 'integer', (c) => c.notNull())
    .addColumn('contact_num', 'integer', (c) => c.notNull())
    .addColumn('contact_den', 'integer', (c) => c.notNull())
    .addColumn('request_num', 'integer', (c) => c.notNull())
    .addColumn('request_den', 'integer', (c) => c.notNull())
    .addColumn('zero_num', 'integer', (c) => c.notNull())
    .addColumn('zero_den', 'integer', (c) => c.notNull())
    .addColumn('recommend_num', 'integer', (c) => c.notNull())
    .addColumn('recommend_den', 'integer', (c) => c.notNull())
    /** the workflow's state and entered totals, copied so a league table is one query */
    .addColumn('state', 'text')
    .addColumn('self_total', 'integer')
    .addColumn('town_total', 'integer')
    .addColumn('district_total', 'integer')
    /** the next level (fujian-star-community) scored on the same facts; null when not computed */
    .addColumn('star_total', 'integer')
    .addColumn('star_passed', 'integer')
    /** JSON [text] — what the unit would still miss under the star profile */
    .addColumn('star_missing', 'text')
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_result_pk', ['unit_code', 'year'])
    .execute();
  await db.schema
    .createIndex('unit_result_year_town_idx')
    .on('unit_result')
    .columns(['year', 'town_code'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('unit_result').execute();
}
