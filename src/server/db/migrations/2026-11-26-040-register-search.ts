import { sql } from 'kysely';
import { type AnyDb, isPostgres } from './helpers.ts';

/**
 * 台账搜索: the search box matches a prefix of the name, of the pinyin initials (`name_pinyin` starts with them:
 * "wxy wangxiuying") or of the full pinyin (what follows its first space). Each key is indexed after the unit
 * and before the id, so a search reads one range per unit in order and stops at the page's end, at any scale
 * (register.repository.ts `findPersonPage` writes the same expressions). PostgreSQL compares these keys in byte
 * order (COLLATE "C") like SQLite, so a prefix is one range whatever the database's collation.
 */
export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`create index person_unit_name_c_idx on person (unit_code, name collate "C", id)`.execute(db);
    await sql`create index person_unit_pinyin_idx on person (unit_code, name_pinyin collate "C", id)`.execute(
      db,
    );
    await sql`create index person_unit_full_pinyin_idx
      on person (unit_code, (substr(name_pinyin, strpos(name_pinyin, ' ') + 1)) collate "C", id)`.execute(db);
  } else {
    // person_unit_name_idx (unit_code, name, id) already serves the name.
    await sql`create index person_unit_pinyin_idx on person (unit_code, name_pinyin, id)`.execute(db);
    await sql`create index person_unit_full_pinyin_idx
      on person (unit_code, substr(name_pinyin, instr(name_pinyin, ' ') + 1), id)`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const name of ['person_unit_full_pinyin_idx', 'person_unit_pinyin_idx']) {
    await db.schema.dropIndex(name).execute();
  }
  if (isPostgres(db)) await db.schema.dropIndex('person_unit_name_c_idx').execute();
}
