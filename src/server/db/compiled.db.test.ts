import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCounter } from '../testing/query-counter.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import { runCompiled } from './compiled.ts';

describe.each(DIALECTS)('runCompiled on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(() => db.destroy());

  const children = (parent: string) =>
    runCompiled(
      db.db,
      'test-children',
      (arg) =>
        db.db
          .selectFrom('unit')
          .select('code')
          .where((eb) => eb.or([eb('code', '=', arg(0)), eb('parent_code', '=', arg(0))]))
          .where('level', '<=', 3)
          .orderBy('code'),
      [parent],
    );

  it('answers each call with its own arguments, a placeholder used twice bound twice', async () => {
    const direct = async (parent: string) =>
      (
        await db.db
          .selectFrom('unit')
          .select('code')
          .where((eb) => eb.or([eb('code', '=', parent), eb('parent_code', '=', parent)]))
          .orderBy('code')
          .execute()
      ).map((u) => u.code);
    const towns = await db.db.selectFrom('unit').select('code').where('level', '=', 2).execute();
    expect(towns.length).toBeGreaterThan(1);
    for (const t of towns.slice(0, 3))
      expect((await children(t.code)).map((u) => u.code)).toEqual(await direct(t.code));
  });

  it('builds every query anew on a database with plugins, so a query counter sees them all', async () => {
    const counter = new QueryCounter();
    const counted = db.db.withPlugin(counter);
    for (let i = 0; i < 3; i++)
      await runCompiled(
        counted,
        'test-count',
        (arg) => counted.selectFrom('person').select('id').where('id', '=', arg(0)),
        [i],
      );
    expect(counter.counts.get('person')).toBe(3);
  });
});
