import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessUnit } from '../../domain/assess.ts';
import { classifyPersons } from '../../domain/ledgers.ts';
import { getProfile, listProfiles } from '../../domain/profile.ts';
import { workQueue } from '../../domain/work-queues.ts';
import { loadRegisterRows } from '../repositories/register.repository.ts';
import { bumpRegisterRevisions } from '../repositories/unit-result.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { testContext, TEST_PII } from '../testing/context.ts';
import { actorFor } from '../testing/ledger-files.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import { unitFactsFromRows, type UnitInfo } from './facts.mapper.ts';
import { recogniseZeroEmployment, startEmployment, transferIn } from './person.service.ts';
import { loadUnitRegisters, registerCacheReads } from './register-cache.ts';
import { createServiceRecord } from './service-record.service.ts';
import { generateSyntheticDistrict } from './synthetic.service.ts';
import { registerChanged } from './unit-result.service.ts';

/**
 * The registers kept in memory are what a fresh read of the database gives, after every kind of write — and
 * after a write of this process only the persons it touched are read again, while a write the process cannot
 * account for (another process's, an import's) has the unit read whole.
 */
describe.each(DIALECTS)('the registers kept in memory on %s', (dialect) => {
  let t: TestDb;
  let units: UnitInfo[];
  const ctx = () => testContext(t, { actor: actorFor('district') });

  beforeAll(async () => {
    t = await createTestDb(dialect);
    await generateSyntheticDistrict(testContext(t), { persons: 2000, seed: 5, year: 2026 });
    // two villages of one town
    units = (await findUnits(t.db, { parentCode: '350505100000' }))
      .filter((u) => u.level === 3)
      .slice(0, 2)
      .map((u) => ({ code: u.code, name: u.name, kind: u.kind }));
    expect(units).toHaveLength(2);
  });
  afterAll(() => t.destroy());

  const [A, B] = [0, 1];
  const code = (i: number) => units[i]!.code;

  /** What the cache gives equals a fresh read; returns what the cache read meanwhile. */
  async function expectCurrent() {
    const before = registerCacheReads(t.db);
    const kept = await loadUnitRegisters(t.db, units);
    const after = registerCacheReads(t.db);
    const rows = await loadRegisterRows(
      t.db,
      units.map((u) => u.code),
    );
    const fresh = unitFactsFromRows(rows, units);
    for (const u of units) {
      expect(kept.get(u.code)!.facts).toEqual(fresh.get(u.code));
      const masked = rows.persons.filter((p) => p.unit_code === u.code);
      for (const p of masked)
        expect(kept.get(u.code)!.people.get(p.id)).toEqual({ name: p.name, idMasked: p.id_masked });
    }
    return {
      whole: after.whole - before.whole,
      updated: after.updated - before.updated,
      persons: after.persons - before.persons,
    };
  }

  const personsOf = async (i: number) =>
    t.db
      .selectFrom('person')
      .select(['id', 'id_enc', 'household_id'])
      .where('unit_code', '=', code(i))
      .orderBy('id')
      .execute();

  it('reads a unit whole the first time, then nothing while nobody writes', async () => {
    expect(await expectCurrent()).toEqual({ whole: 2, updated: 0, persons: 0 });
    expect(await expectCurrent()).toEqual({ whole: 0, updated: 0, persons: 0 });
  });

  it('reads again only the person an employment or a service was recorded for', async () => {
    const [p, q] = await personsOf(A);
    await startEmployment(ctx(), p!.id, { form: '灵活就业', start: '2026-11-20' });
    await createServiceRecord(ctx(), q!.id, { type: '电话联系', content: '回访' });
    expect(await expectCurrent()).toEqual({ whole: 0, updated: 1, persons: 2 });
    const facts = (await loadUnitRegisters(t.db, units)).get(code(A))!.facts;
    expect(facts.persons.find((x) => x.id === p!.id)!.employment.at(-1)).toMatchObject({
      form: '灵活就业',
      start: '2026-11-20',
      end: null,
    });
  });

  it('moves a transferred person from one unit to the other, reading that person alone in each', async () => {
    const [p] = await personsOf(A);
    await transferIn(ctx(), {
      idNumber: TEST_PII.decrypt(p!.id_enc),
      toUnit: code(B),
      date: '2026-11-21',
      householdNumber: 'T-1',
    });
    expect(await expectCurrent()).toEqual({ whole: 0, updated: 2, persons: 2 });
    const kept = await loadUnitRegisters(t.db, units);
    expect(kept.get(code(A))!.facts.persons.some((x) => x.id === p!.id)).toBe(false);
    expect(kept.get(code(B))!.facts.persons.find((x) => x.id === p!.id)!.unitCode).toBe(code(B));
    // the new household came with the unit's own tables
    expect(kept.get(code(B))!.facts.households.some((h) => h.number === 'T-1')).toBe(true);
  });

  it('reads a household recognition with the unit’s own tables and no person', async () => {
    const [p] = await personsOf(B);
    await recogniseZeroEmployment(ctx(), p!.household_id!, { recognized: '2026-11-22' });
    expect(await expectCurrent()).toEqual({ whole: 0, updated: 1, persons: 0 });
  });

  it('ignores the note of a write that rolled back', async () => {
    const [p, q] = await personsOf(A);
    await expect(
      t.db.transaction().execute(async (trx) => {
        await registerChanged(trx, ctx(), [code(A)], [p!.id]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await startEmployment(ctx(), q!.id, { form: '灵活就业', start: '2026-11-23' });
    expect(await expectCurrent()).toEqual({ whole: 0, updated: 1, persons: 1 });
  });

  it('reads a unit whole after a write it has no note of (another process, direct SQL)', async () => {
    const [p] = await personsOf(B);
    await t.db
      .insertInto('service_record')
      .values({
        person_id: p!.id,
        unit_code: code(B),
        type: '上门走访',
        date: '2026-11-24',
        mode: '上门',
        request_item: null,
        fulfilled_on: null,
        employer_post: null,
        result: null,
        staff: '协理员',
        content: null,
        created_by: null,
        created_at: '2026-11-24T02:00:00Z',
      })
      .execute();
    // another process's write raises the revision under a token this one has no note of
    await bumpRegisterRevisions(t.db, [code(B)]);
    expect(await expectCurrent()).toEqual({ whole: 1, updated: 0, persons: 0 });
    // a write that names no persons (as an import) is read whole too
    await t.db.transaction().execute((trx) => registerChanged(trx, ctx(), [code(A)]));
    expect(await expectCurrent()).toEqual({ whole: 1, updated: 0, persons: 0 });
  });

  it('is read by the rules without being changed: every profile, the ledgers and the work queue', async () => {
    const deepFreeze = <T>(x: T): T => {
      if (x && typeof x === 'object' && !Object.isFrozen(x)) {
        Object.freeze(x);
        for (const v of Object.values(x)) deepFreeze(v);
      }
      return x;
    };
    const facts = (await loadUnitRegisters(t.db, units)).get(code(A))!.facts;
    // a copy frozen through and through: a rule writing into any object of it throws (modules are strict)
    const frozen = deepFreeze(structuredClone(facts));
    for (const profile of listProfiles())
      expect(assessUnit(frozen, { year: 2026, asOf: '2026-11-26', profile }).items.length).toBeGreaterThan(0);
    expect(() => workQueue(frozen, '2026-11-26', getProfile())).not.toThrow();
    expect(
      classifyPersons(frozen.persons, frozen.households, frozen.kind, '2026-11-26', getProfile()).size,
    ).toBe(frozen.persons.length);
    expect(frozen).toEqual(facts);
  });

  it('gives frozen facts: a reader cannot change what others read', async () => {
    const facts = (await loadUnitRegisters(t.db, units)).get(code(A))!.facts;
    expect(() => (facts.persons as unknown[]).push({})).toThrow(TypeError);
    expect(Object.isFrozen(facts)).toBe(true);
  });
});
