import type { AnyDb } from './helpers.ts';

/**
 * 登记版本的标记: each raise of a unit's register revision (migration 044) also writes a new random `token` and
 * keeps the one it replaced in `prev_token`. A process that knows which persons each of its own writes
 * touched can then tell, from the token it last read and the one stored now, whether the revisions in between
 * are exactly its own committed writes (a rolled-back write's token is never stored; another process's write
 * leaves a token it does not know) and bring what it keeps of the unit up to date person by person.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('register_revision')
    .addColumn('token', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('register_revision')
    .addColumn('prev_token', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('register_revision').dropColumn('prev_token').execute();
  await db.schema.alterTable('register_revision').dropColumn('token').execute();
}
