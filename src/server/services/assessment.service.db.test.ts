import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessUnit } from '../../domain/assess.ts';
import { getProfile } from '../../domain/profile.ts';
import { seedRealisticUnit, type SeededUnit } from '../testing/assessment-fixtures.ts';
import { testContext } from '../testing/context.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import { loadUnitFacts, runAssessment } from './assessment.service.ts';
import { openAssessment } from './assessment-workflow.service.ts';
import type { Actor } from './context.ts';

const LIUCUO = '350505100201';
const district: Actor = {
  userId: 1,
  username: 'kaohe',
  displayName: '考核员',
  role: 'district_assessor',
  unitCode: null,
  scopeUnits: 'all',
};
const village: Actor = {
  userId: 2,
  username: 'liucuo',
  displayName: '柳厝村',
  role: 'village_staff',
  unitCode: LIUCUO,
  scopeUnits: [LIUCUO],
};

describe.each(DIALECTS)('assessment from the register on %s', (dialect) => {
  let db: TestDb;
  let seeded: SeededUnit;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    seeded = await seedRealisticUnit(db, LIUCUO, 2016);
  });
  afterAll(() => db.destroy());

  describe('loadUnitFacts', () => {
    it('maps the stored register into the facts the rules read, with reviewers’ mismatch flags', async () => {
      await db.db
        .insertInto('reviewer_mismatch_flag')
        .values({
          unit_code: '350505100202',
          year: 2016,
          date: '2016-11-01',
          note: '台账人数与实际不符',
          created_by: null,
          created_at: 'x',
        })
        .execute();
      const facts = await loadUnitFacts(db.db, [LIUCUO, '350505100202']);
      const liucuo = facts.get(LIUCUO)!;
      expect(liucuo.persons).toHaveLength(12);
      expect(liucuo.households.find((h) => h.id === seeded.zeroHouseholdId)?.zeroEmployment).toHaveLength(1);
      expect(liucuo.records).toHaveLength(11);
      expect(facts.get('350505100202')!.reviewerMismatchFlags).toEqual([
        expect.objectContaining({ date: '2016-11-01', note: '台账人数与实际不符' }),
      ]);
    });
  });

  describe('runAssessment', () => {
    it('scores the unit 99: one missed quarterly contact with a 就业困难人员, named with a masked ID', async () => {
      const [result] = await runAssessment(testContext(db), { unit: LIUCUO, year: 2016, asOf: '2016-12-10' });
      expect(result!.total).toBe(99);
      expect(result!.passed).toBe(true);
      const item6 = result!.items.find((i) => i.no === 6)!;
      expect(item6.score).toBe(6);
      const evidence = item6.deductions.flatMap((d) => d.evidence);
      expect(evidence).toContainEqual(
        expect.objectContaining({
          kind: 'person',
          id: seeded.person['王秀英'],
          label: '王秀英',
          maskedId: expect.stringMatching(/^350505\*{8}\d{3}[\dX]$/),
        }),
      );
      expect(JSON.stringify(result)).not.toContain(seeded.idNumber['王秀英']);
    });

    it('gives --all exactly what the pure engine gives unit by unit', async () => {
      const ctx = testContext(db);
      const all = await runAssessment(ctx, { year: 2016, asOf: '2016-12-10' });
      expect(all).toHaveLength(105);
      const facts = await loadUnitFacts(
        db.db,
        all.map((r) => r.unit),
      );
      for (const r of all) {
        const reference = assessUnit(facts.get(r.unit)!, {
          year: 2016,
          asOf: '2016-12-10',
          profile: getProfile(),
        });
        expect({ unit: r.unit, total: r.total, items: r.items.map((i) => i.score) }).toEqual({
          unit: reference.unit,
          total: reference.total,
          items: reference.items.map((i) => i.score),
        });
      }
    });

    it('keeps a village worker to their own unit', async () => {
      const ctx = testContext(db, { actor: village });
      expect(await runAssessment(ctx, { year: 2016 })).toHaveLength(1);
      await expect(runAssessment(ctx, { unit: '350505100202', year: 2016 })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('refuses an unknown unit, a town, an as-of date outside the year and an unknown profile, in Chinese', async () => {
      const ctx = testContext(db);
      await expect(runAssessment(ctx, { unit: '350505100299', year: 2016 })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('未找到'),
      });
      await expect(runAssessment(ctx, { unit: '350505100000', year: 2016 })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(
        runAssessment(ctx, { unit: LIUCUO, year: 2016, asOf: '2017-01-01' }),
      ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('不在 2016 年度内') });
      await expect(runAssessment(ctx, { unit: LIUCUO, year: 2016, profile: 'nope' })).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringContaining('未知的考核标准'),
      });
    });

    it('scores the same register under the provincial star-community profile', async () => {
      const [result] = await runAssessment(testContext(db), {
        unit: LIUCUO,
        year: 2016,
        asOf: '2016-12-10',
        profile: 'fujian-star-community',
      });
      expect(result!.profile).toBe('fujian-star-community');
      expect(result!.items).toHaveLength(8);
    });
  });

  describe('openAssessment', () => {
    it('creates exactly one record when 20 requests open the same unit and year at once', async () => {
      const ctx = testContext(db, { actor: district });
      const rows = await Promise.all(
        Array.from({ length: 20 }, () => openAssessment(ctx, '350505100203', 2016)),
      );
      expect(new Set(rows.map((r) => r.id)).size).toBe(1);
      const stored = await db.db
        .selectFrom('assessment')
        .select('id')
        .where('unit_code', '=', '350505100203')
        .where('year', '=', 2016)
        .execute();
      expect(stored).toHaveLength(1);
    });
  });
});
