import { type AnyDb, isPostgres, withId } from './helpers.ts';

/**
 * 服务与跟踪: typed details of service records, sub-types of unit records, the job board (岗位信息), town and
 * district activities (四(三) 宣传, 四(四) 业务培训), evidence files kept in the database, and the archive that
 * deleted records move to (a soft delete no reader can count by mistake).
 */
export async function up(db: AnyDb): Promise<void> {
  const serviceColumns = [
    ['employer', 'text'],
    ['post', 'text'],
    ['vacancy_id', 'integer'],
    ['employment_spell_id', 'integer'],
    ['course', 'text'],
    ['start_date', 'text'],
    ['end_date', 'text'],
    ['certificate', 'text'],
    ['policy', 'text'],
    ['amount_fen', 'integer'],
    ['subsidy_status', 'text'],
    ['updated_at', 'text'],
    ['updated_by', 'integer'],
  ] as const;
  for (const [name, type] of serviceColumns)
    await db.schema.alterTable('service_record').addColumn(name, type).execute();

  /** 六到位 records carry their element (人员/经费/场地/机构/制度/工作) here; other types leave it empty. */
  for (const [name, type] of [
    ['subtype', 'text'],
    ['title', 'text'],
    ['updated_at', 'text'],
    ['updated_by', 'integer'],
  ] as const) {
    await db.schema.alterTable('unit_record').addColumn(name, type).execute();
  }

  /** 岗位信息: a vacancy collected by a village, community or town. Money in fen. */
  await withId(db, db.schema.createTable('vacancy'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('employer', 'text', (c) => c.notNull())
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('headcount', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('pay_text', 'text')
    .addColumn('pay_min_fen', 'integer')
    .addColumn('pay_max_fen', 'integer')
    .addColumn('place', 'text')
    .addColumn('requirements', 'text')
    /** trades joined with 、 */
    .addColumn('trades', 'text')
    .addColumn('age_min', 'integer')
    .addColumn('age_max', 'integer')
    .addColumn('sex', 'text')
    .addColumn('education', 'text')
    .addColumn('contact', 'text')
    .addColumn('source', 'text')
    .addColumn('collected_on', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('vacancy_unit_idx')
    .on('vacancy')
    .columns(['unit_code', 'collected_on'])
    .execute();
  await db.schema
    .createIndex('vacancy_open_idx')
    .on('vacancy')
    .columns(['closed_on', 'valid_until'])
    .execute();

  /** 宣传动员 (动员大会/新闻媒体/网络平台/宣传专栏) and 业务培训 held by a town or the district. */
  await withId(db, db.schema.createTable('town_activity'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('organiser', 'text')
    .addColumn('participants', 'integer')
    .addColumn('audience', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('town_activity_unit_idx')
    .on('town_activity')
    .columns(['unit_code', 'date'])
    .execute();

  /** Photos and documents behind a record, kept with it in the database (a backup holds both). */
  await withId(db, db.schema.createTable('evidence_file'))
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evidence_owner_idx')
    .on('evidence_file')
    .columns(['owner_type', 'owner_id'])
    .execute();

  /** A deleted record, whole, as JSON: restorable, while every reader of the live tables simply no longer sees it. */
  await withId(db, db.schema.createTable('deleted_record'))
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'integer', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('person_id', 'integer')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('deleted_by', 'integer')
    .addColumn('deleted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('deleted_record_idx')
    .on('deleted_record')
    .columns(['record_type', 'record_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['deleted_record', 'evidence_file', 'town_activity', 'vacancy'])
    await db.schema.dropTable(t).execute();
  for (const c of ['subtype', 'title', 'updated_at', 'updated_by'])
    await db.schema.alterTable('unit_record').dropColumn(c).execute();
  for (const c of [
    'employer',
    'post',
    'vacancy_id',
    'employment_spell_id',
    'course',
    'start_date',
    'end_date',
    'certificate',
    'policy',
    'amount_fen',
    'subsidy_status',
    'updated_at',
    'updated_by',
  ]) {
    await db.schema.alterTable('service_record').dropColumn(c).execute();
  }
}
