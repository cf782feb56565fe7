import { sql } from 'kysely';
import { type AnyDb, withId } from './helpers.ts';

/** 劳动力资源信息库: households, persons, their dated histories, services and unit-level records. */
export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('household'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('has_business_income', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('household_unit_number_uq', ['unit_code', 'number'])
    .execute();

  await withId(db, db.schema.createTable('person'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('household_id', 'integer', (c) => c.references('household.id'))
    .addColumn('relation', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    /** pinyin initials and full pinyin, lower case, for search: "zs zhangsan" */
    .addColumn('name_pinyin', 'text', (c) => c.notNull())
    /** AES-256-GCM ciphertext of the 18-digit ID number */
    .addColumn('id_enc', 'text', (c) => c.notNull())
    /** HMAC-SHA256 blind index of the ID number: exact search and one person per number */
    .addColumn('id_hmac', 'text', (c) => c.notNull().unique())
    .addColumn('id_masked', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text')
    .addColumn('phone_hmac', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('hukou', 'text')
    .addColumn('education', 'text')
    .addColumn('ability', 'text', (c) => c.notNull().defaultTo('full'))
    .addColumn('willing', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('student', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('soldier', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pension_since', 'text')
    .addColumn('female_worker', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('poverty_register', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('poverty_status', 'text')
    .addColumn('dibao', 'text')
    .addColumn('disability_enc', 'text')
    .addColumn('skills', 'text')
    .addColumn('wanted_trades', 'text')
    .addColumn('note', 'text')
    /** the person's classes (src/domain/ledgers.ts PERSON_FLAG) on `flags_on`: a cache the ledgers filter on */
    .addColumn('flags', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flags_on', 'text', (c) => c.notNull().defaultTo('0000-00-00'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('person_unit_idx').on('person').columns(['unit_code', 'id']).execute();
  await db.schema
    .createIndex('person_unit_name_idx')
    .on('person')
    .columns(['unit_code', 'name', 'id'])
    .execute();
  await db.schema.createIndex('person_household_idx').on('person').columns(['household_id']).execute();
  await db.schema.createIndex('person_phone_idx').on('person').columns(['phone_hmac']).execute();

  await withId(db, db.schema.createTable('employment_spell'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('employer', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('employment_spell_dates', sql`end_date is null or end_date >= start_date`)
    .execute();
  await db.schema
    .createIndex('employment_person_idx')
    .on('employment_spell')
    .columns(['person_id', 'start_date'])
    .execute();

  await withId(db, db.schema.createTable('unemployment_registration'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
    .addColumn('approved_on', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('close_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('registration_dates', sql`closed_on is null or closed_on >= approved_on`)
    .execute();
  await db.schema
    .createIndex('registration_person_idx')
    .on('unemployment_registration')
    .columns(['person_id', 'approved_on'])
    .execute();

  await withId(db, db.schema.createTable('difficulty_recognition'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
    /** categories joined with 、 */
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('recognized_on', 'text', (c) => c.notNull())
    .addColumn('exited_on', 'text')
    .addColumn('exit_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('difficulty_person_idx')
    .on('difficulty_recognition')
    .columns(['person_id'])
    .execute();

  await withId(db, db.schema.createTable('zero_employment_recognition'))
    .addColumn('household_id', 'integer', (c) => c.notNull().references('household.id'))
    .addColumn('recognized_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('zero_employment_uq', ['household_id', 'recognized_on'])
    .execute();

  await withId(db, db.schema.createTable('person_transfer'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
    .addColumn('from_unit', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('to_unit', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transfer_person_idx').on('person_transfer').columns(['person_id']).execute();

  await withId(db, db.schema.createTable('service_record'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
    /** the unit where it was recorded (the person may have moved since) */
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('mode', 'text')
    .addColumn('request_item', 'text')
    .addColumn('fulfilled_on', 'text')
    .addColumn('employer_post', 'text')
    .addColumn('result', 'text')
    .addColumn('staff', 'text')
    .addColumn('content', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('service_person_idx')
    .on('service_record')
    .columns(['person_id', 'date'])
    .execute();
  await db.schema
    .createIndex('service_unit_idx')
    .on('service_record')
    .columns(['unit_code', 'date'])
    .execute();

  await withId(db, db.schema.createTable('unit_record'))
    .addColumn('unit_code', 'text', (c) => c.notNull().references('unit.code'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('ledger_class', 'text')
    .addColumn('participants', 'integer')
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('unit_record_unit_idx')
    .on('unit_record')
    .columns(['unit_code', 'date'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'unit_record',
    'service_record',
    'person_transfer',
    'zero_employment_recognition',
    'difficulty_recognition',
    'unemployment_registration',
    'employment_spell',
    'person',
    'household',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
