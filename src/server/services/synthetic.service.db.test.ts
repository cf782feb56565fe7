import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdNumber } from '../../domain/id-number.ts';
import { testContext } from '../testing/context.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import { runAssessment } from './assessment.service.ts';
import { generateSyntheticDistrict, type SyntheticReport } from './synthetic.service.ts';

describe.each(DIALECTS)('generateSyntheticDistrict on %s', (dialect) => {
  let a: TestDb;
  let b: TestDb;
  let report: SyntheticReport;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDb(dialect), createTestDb(dialect)]);
    report = await generateSyntheticDistrict(testContext(a), { persons: 3000, seed: 7, year: 2016 });
    await generateSyntheticDistrict(testContext(b), { persons: 3000, seed: 7, year: 2016 });
  });
  afterAll(() => Promise.all([a.destroy(), b.destroy()]));

  it('fills every village-level unit with exactly the persons asked for, at realistic rates', async () => {
    expect(report).toMatchObject({ units: 105, persons: 3000 });
    expect(report.registrations).toBeGreaterThan(10);
    expect(report.registrations).toBeLessThan(150);
    expect(report.services / report.persons).toBeGreaterThan(0.4);
    expect(report.services / report.persons).toBeLessThan(1.5);
    const units = await a.db.selectFrom('person').select('unit_code').distinct().execute();
    expect(units).toHaveLength(105);
  });

  it('gives the same district for the same seed, with valid, unique, encrypted ID numbers', async () => {
    const rows = (db: TestDb) =>
      db.db
        .selectFrom('person')
        .select(['unit_code', 'name', 'id_hmac', 'id_masked', 'birth_date'])
        .orderBy('id')
        .execute();
    const [x, y] = await Promise.all([rows(a), rows(b)]);
    expect(x).toEqual(y);
    expect(new Set(x.map((p) => p.id_hmac)).size).toBe(x.length);
    const sealed = await a.db
      .selectFrom('person')
      .select(['id_enc', 'birth_date', 'sex'])
      .limit(50)
      .execute();
    for (const p of sealed) {
      const parsed = parseIdNumber(testContext(a).pii.decrypt(p.id_enc));
      expect(parsed).toMatchObject({ ok: true, birthDate: p.birth_date, sex: p.sex });
    }
    const [ra, rb] = await Promise.all([
      runAssessment(testContext(a), { year: 2016, asOf: '2016-12-10' }),
      runAssessment(testContext(b), { year: 2016, asOf: '2016-12-10' }),
    ]);
    expect(ra.map((r) => r.total)).toEqual(rb.map((r) => r.total));
  });

  it('refuses a database that already holds residents', async () => {
    await expect(
      generateSyntheticDistrict(testContext(a), { persons: 10, seed: 1, year: 2016 }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
