import path from 'node:path';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  actorFor,
  tempDir,
  villageLabourRows,
  villageWorkbookSheets,
  writeWorkbook,
} from '../testing/ledger-files.ts';
import { testContext } from '../testing/context.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import { refreshFlags, refreshHouseholdFlags } from './flags.service.ts';
import { importLedger } from './import.service.ts';

const UNIT = '350505100201';
const TODAY = '2026-11-26';

describe.each(DIALECTS)('refreshHouseholdFlags on %s', (dialect) => {
  let t: TestDb;
  let dir: string;

  beforeEach(async () => {
    t = await createTestDb(dialect);
    dir = tempDir();
    const file = await writeWorkbook(
      path.join(dir, 'village.xlsx'),
      villageWorkbookSheets({ unitCode: UNIT }),
    );
    const ctx = testContext(t, { actor: actorFor('district') });
    expect(
      (await importLedger(ctx, { path: file, filename: 'village.xlsx' }, { partial: false })).applied,
    ).toBe(true);
    // the import left every flag current: a refresh of the whole unit finds nothing to do
    expect(await refreshFlags(t.db, [UNIT], TODAY)).toBe(0);
  });

  afterEach(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The person of the workbook's row `i` (households of three; row 0 employed, rows 1 and 2 not). */
  const personOf = async (i: number) =>
    t.db
      .selectFrom('person')
      .select(['id', 'household_id', 'flags'])
      .where(
        'id_hmac',
        '=',
        testContext(t).pii.blindIndex(String(villageLabourRows({ unitCode: UNIT })[i]!['身份证号'])),
      )
      .executeTakeFirstOrThrow();
  const flagsOfHousehold = async (householdId: number) =>
    (
      await t.db
        .selectFrom('person')
        .select(['id', 'flags'])
        .where('household_id', '=', householdId)
        .orderBy('id')
        .execute()
    ).map((p) => [p.id, p.flags]);

  it('leaves the flags a refresh of the whole unit would, after a person lost their job', async () => {
    const head = await personOf(0);
    const before = await flagsOfHousehold(head.household_id!);
    await t.db
      .updateTable('employment_spell')
      .set({ end_date: '2026-11-01' })
      .where('person_id', '=', head.id)
      .execute();
    expect(await refreshHouseholdFlags(t.db, UNIT, { personIds: [head.id] }, TODAY)).toBeGreaterThan(0);
    expect(await flagsOfHousehold(head.household_id!)).not.toEqual(before);
    expect(await refreshFlags(t.db, [UNIT], TODAY)).toBe(0);
  });

  it('refreshes the household a person left as well as the one joined', async () => {
    // the only employed member of household 0001 moves to 0002: the two left behind are a household without work
    const head = await personOf(0);
    const other = await personOf(3);
    const left = await flagsOfHousehold(head.household_id!);
    await t.db
      .updateTable('person')
      .set({ household_id: other.household_id })
      .where('id', '=', head.id)
      .execute();
    await refreshHouseholdFlags(
      t.db,
      UNIT,
      { personIds: [head.id], householdIds: [head.household_id!] },
      TODAY,
    );
    expect(await flagsOfHousehold(head.household_id!)).not.toEqual(left.filter(([id]) => id !== head.id));
    expect(await refreshFlags(t.db, [UNIT], TODAY)).toBe(0);
  });
});
