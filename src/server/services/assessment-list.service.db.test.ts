import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../../domain/profile.ts';
import { makeRandom } from '../../domain/test-factories.ts';
import { ensureAssessmentRow } from '../repositories/assessment.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { seedRealisticUnit } from '../testing/assessment-fixtures.ts';
import { testContext } from '../testing/context.ts';
import { QueryCounter } from '../testing/query-counter.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import { getScorecard, listAssessments } from './assessment-scorecard.service.ts';
import type { Actor } from './context.ts';
import { getLeague, getTrends } from './dashboard.service.ts';
import { deleteUnitRecord } from './unit-work.service.ts';
import { syntheticSnapshot } from './demo-history.service.ts';

const LIUCUO = '350505100201';
const JINXIANG = '350505001001';
const NANPU = '350505100000';

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
/** Early December 2024: the register of 柳厝村 is kept since 2024-01-02. */
const DEC_2024 = () => new Date('2024-12-05T02:00:00Z');

describe.each(DIALECTS)('GET /api/assessments (listAssessments) on %s', (dialect) => {
  let db: TestDb;
  let nanpu: Actor;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    await seedRealisticUnit(db, LIUCUO, 2024);
    const units = (await findUnits(db.db, { parentCode: NANPU })).map((u) => u.code);
    nanpu = {
      userId: 3,
      username: 'nanpu',
      displayName: '南埔镇',
      role: 'town_staff',
      unitCode: NANPU,
      scopeUnits: [NANPU, ...units],
    };
  });
  afterAll(() => db.destroy());

  it('reads the stored per-unit results: once the year is computed, the district list reads no register table', async () => {
    const counter = new QueryCounter();
    const ctx = testContext({ ...db, db: db.db.withPlugin(counter) }, { actor: district, now: DEC_2024 });
    const first = await listAssessments(ctx, 2024);
    expect(first.items).toHaveLength(105);
    expect(first.items.find((i) => i.unit === LIUCUO)).toMatchObject({
      computedTotal: 99,
      passed: true,
      live: true,
      asOf: '2024-12-05',
    });
    expect(counter.registerQueries()).toBeGreaterThan(0); // the year's results did not exist yet
    counter.reset();
    const again = await listAssessments(ctx, 2024);
    expect(counter.registerQueries()).toBe(0);
    expect(counter.counts.get('unit_result')).toBeGreaterThan(0);
    expect(again.items.map((i) => [i.unit, i.computedTotal])).toEqual(
      first.items.map((i) => [i.unit, i.computedTotal]),
    );
  });

  it('shows the stored total, and the scorecard’s live computation writes it back', async () => {
    await db.db
      .updateTable('unit_result')
      .set({ total: 42, passed: 0 })
      .where('unit_code', '=', LIUCUO)
      .where('year', '=', 2024)
      .execute();
    const town = testContext(db, { actor: nanpu, now: DEC_2024 });
    expect((await listAssessments(town, 2024)).items.find((i) => i.unit === LIUCUO)).toMatchObject({
      computedTotal: 42,
      passed: false,
    });
    // the village worker opens the scorecard: computed from the register now, and stored for the list
    const card = await getScorecard(testContext(db, { actor: village, now: DEC_2024 }), LIUCUO, 2024);
    expect(card.live).toBe(true);
    expect(card.totals.computed).toBe(99);
    expect((await listAssessments(town, 2024)).items.find((i) => i.unit === LIUCUO)).toMatchObject({
      computedTotal: 99,
      passed: true,
    });
  });

  it('leaves a past year’s units without register data unassessed, and keeps frozen snapshots', async () => {
    const profile = getProfile();
    const snap = syntheticSnapshot({ code: JINXIANG, name: '锦祥社区' }, 2025, true, makeRandom(5), profile);
    await ensureAssessmentRow(db.db, {
      unit_code: JINXIANG,
      year: 2025,
      state: 'accepted',
      profile_id: profile.id,
      profile_version: profile.version,
      as_of: snap.asOf,
      snapshot: JSON.stringify(snap),
      computed_total: snap.total,
      computed_passed: snap.passed ? 1 : 0,
      district_total: snap.total,
      created_at: '2025-12-01T02:00:00.000Z',
      updated_at: '2025-12-28T02:00:00.000Z',
      version: 3,
    });
    // late November 2026: 2025 is a past year
    const ctx = testContext(db, { actor: district });
    const items = (await listAssessments(ctx, 2025)).items;
    // 柳厝村's register was kept in 2025: scored as of 2025-12-10
    expect(items.find((i) => i.unit === LIUCUO)).toMatchObject({ live: true, asOf: '2025-12-10' });
    expect(items.find((i) => i.unit === LIUCUO)!.computedTotal).toEqual(expect.any(Number));
    expect(items.find((i) => i.unit === JINXIANG)).toMatchObject({
      live: false,
      computedTotal: snap.total,
      passed: true,
      state: 'accepted',
    });
    const unassessed = items.filter((i) => i.unit !== LIUCUO && i.unit !== JINXIANG);
    expect(unassessed).toHaveLength(103);
    expect(unassessed.every((i) => i.computedTotal === null && !i.passed && i.asOf === null)).toBe(true);

    // the dashboards leave them out of every score and count them nowhere
    const league = await getLeague(ctx, { year: 2025 });
    expect(league.rows.map((r) => r.unit).sort()).toEqual([JINXIANG, LIUCUO].sort());
    const trends = await getTrends(ctx, {});
    expect(trends.units[trends.years.indexOf(2025)]).toBe(2);
    expect(trends.units[trends.years.indexOf(2026)]).toBe(105);
  });

  it('follows a write to the register: the unit’s stored result goes stale and the next list recomputes it alone', async () => {
    const counter = new QueryCounter();
    const ctx = testContext({ ...db, db: db.db.withPlugin(counter) }, { actor: district, now: DEC_2024 });
    const before = (await listAssessments(ctx, 2024)).items.find((i) => i.unit === LIUCUO)!.computedTotal!;
    // the village deletes its 领导小组 record: item 1 loses its points
    const record = await db.db
      .selectFrom('unit_record')
      .select(['id', 'version'])
      .where('unit_code', '=', LIUCUO)
      .where('type', '=', '领导小组')
      .executeTakeFirstOrThrow();
    await deleteUnitRecord(testContext(db, { actor: village, now: DEC_2024 }), record.id, {
      version: record.version,
      reason: '重复登记',
    });
    const stale = await db.db
      .selectFrom('unit_result')
      .select(['unit_code', 'stale_since'])
      .where('year', '=', 2024)
      .where('stale_since', 'is not', null)
      .execute();
    expect(stale.map((r) => r.unit_code)).toEqual([LIUCUO]);
    await db.db
      .updateTable('unit_result')
      .set({ total: 1 })
      .where('unit_code', '=', JINXIANG)
      .where('year', '=', 2024)
      .execute();

    counter.reset();
    const after = (await listAssessments(ctx, 2024)).items.find((i) => i.unit === LIUCUO)!.computedTotal!;
    expect(counter.registerQueries()).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
    // only the stamped unit was recomputed: another unit's stored row, doctored here, was left as it was
    expect((await listAssessments(ctx, 2024)).items.find((i) => i.unit === JINXIANG)!.computedTotal).toBe(1);
    const card = await getScorecard(testContext(db, { actor: village, now: DEC_2024 }), LIUCUO, 2024);
    expect(after).toBe(card.totals.computed);
    // the stamp is gone: the next list reads no register table
    counter.reset();
    await listAssessments(ctx, 2024);
    expect(counter.registerQueries()).toBe(0);
  });
});
