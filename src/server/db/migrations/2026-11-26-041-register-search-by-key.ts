import { sql } from 'kysely';
import { type AnyDb, isPostgres } from './helpers.ts';

/**
 * 台账搜索, second form: a search lists its matches in the order of the key searched (name, pinyin initials,
 * full pinyin), then unit and id, so each key is indexed first — (key, unit_code, id) — and a page is one range
 * read in order that stops at the page's end, whatever the scope: the district's whole register, a town's
 * villages checked on the index entry, or a village (which for names keeps person_unit_name_idx). The indexes of
 * migration 040 (unit first, one range per unit) are dropped: they cost a probe per unit of the scope.
 */
export async function up(db: AnyDb): Promise<void> {
  for (const name of ['person_unit_pinyin_idx', 'person_unit_full_pinyin_idx']) {
    await db.schema.dropIndex(name).execute();
  }
  if (isPostgres(db)) {
    await db.schema.dropIndex('person_unit_name_c_idx').execute();
    await sql`create index person_name_key_idx on person (name collate "C", unit_code, id)`.execute(db);
    await sql`create index person_pinyin_key_idx on person (name_pinyin collate "C", unit_code, id)`.execute(
      db,
    );
    await sql`create index person_full_pinyin_key_idx
      on person ((substr(name_pinyin, strpos(name_pinyin, ' ') + 1)) collate "C", unit_code, id)`.execute(db);
  } else {
    await sql`create index person_name_key_idx on person (name, unit_code, id)`.execute(db);
    await sql`create index person_pinyin_key_idx on person (name_pinyin, unit_code, id)`.execute(db);
    await sql`create index person_full_pinyin_key_idx
      on person (substr(name_pinyin, instr(name_pinyin, ' ') + 1), unit_code, id)`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const name of ['person_name_key_idx', 'person_pinyin_key_idx', 'person_full_pinyin_key_idx']) {
    await db.schema.dropIndex(name).execute();
  }
  if (isPostgres(db)) {
    await sql`create index person_unit_name_c_idx on person (unit_code, name collate "C", id)`.execute(db);
    await sql`create index person_unit_pinyin_idx on person (unit_code, name_pinyin collate "C", id)`.execute(
      db,
    );
    await sql`create index person_unit_full_pinyin_idx
      on person (unit_code, (substr(name_pinyin, strpos(name_pinyin, ' ') + 1)) collate "C", id)`.execute(db);
  } else {
    await sql`create index person_unit_pinyin_idx on person (unit_code, name_pinyin, id)`.execute(db);
    await sql`create index person_unit_full_pinyin_idx
      on person (unit_code, substr(name_pinyin, instr(name_pinyin, ' ') + 1), id)`.execute(db);
  }
}
