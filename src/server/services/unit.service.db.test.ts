import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import { fixedClock } from '../testing/clock.ts';
import { DISTRICT_SYSTEM_ACTOR, testContext } from '../testing/context.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { getUnit, loadUnits, mergeUnit, renameUnit } from './unit.service.ts';
import type { ServiceContext } from './context.ts';

describe.each(DIALECTS)('units on %s', (dialect) => {
  let t: TestDb;
  let ctx: ServiceContext;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    ctx = testContext(t, { actor: DISTRICT_SYSTEM_ACTOR, now: fixedClock() });
  });
  afterAll(() => t.destroy());

  it('loads the district, its eight town-level units and its 105 village-level units', async () => {
    const units = await findUnits(t.db);
    expect(units.filter((u) => u.level === 1).map((u) => u.code)).toEqual(['350505000000']);
    expect(units.filter((u) => u.level === 2)).toHaveLength(8);
    expect(units.filter((u) => u.level === 3)).toHaveLength(105);
    const liucuo = units.find((u) => u.code === '350505100201');
    expect(liucuo).toMatchObject({
      name: '柳厝村',
      official_name: '柳厝村委会',
      kind: 'village',
      parent_code: '350505100000',
    });
    expect(units.find((u) => u.code === '350505001001')?.kind).toBe('community');
    expect(units.filter((u) => u.kind === 'community')).toHaveLength(13);
    expect(units.filter((u) => u.kind === 'village')).toHaveLength(91);
  });

  it('keeps a rename in the unit history', async () => {
    const before = await getUnit(ctx, '350505100201');
    const after = await renameUnit(ctx, '350505100201', {
      officialName: '柳厝社区居委会',
      version: before.version,
      note: '村改居',
    });
    expect(after.name).toBe('柳厝社区');
    expect(after.history.at(-1)).toMatchObject({
      action: 'rename',
      oldValue: '柳厝村委会',
      newValue: '柳厝社区居委会',
    });
  });

  it('refuses a rename based on a stale version', async () => {
    await expect(
      renameUnit(ctx, '350505100202', { officialName: 'x村委会', version: 99 }),
    ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
  });

  it('merges a village into another and keeps it, inactive, with its history', async () => {
    const u = await getUnit(ctx, '350505100203');
    const merged = await mergeUnit(ctx, '350505100203', { into: '350505100204', version: u.version });
    expect(merged).toMatchObject({ active: false, mergedInto: '350505100204' });
    expect((await findUnits(t.db)).some((x) => x.code === '350505100203')).toBe(false);
    expect((await findUnits(t.db, { includeInactive: true })).some((x) => x.code === '350505100203')).toBe(
      true,
    );
  });

  it('loads another district from a CSV of the same columns, all or nothing', async () => {
    const bad =
      'level,code,name,parent_code\ncounty,350521,"惠安县",3505\ntown,350521100,"螺城镇",350521\nvillage,35052110020X,"坏村委会",350521100\n';
    const refused = await loadUnits(ctx, bad);
    expect(refused.errors).toEqual([{ line: 4, message: '代码 "35052110020X" 不是 6、9 或 12 位数字' }]);
    expect(await findUnits(t.db, { codes: ['350521000000'] })).toHaveLength(0);

    const good =
      'level,code,name,parent_code\ncounty,350521,"惠安县",3505\ntown,350521100,"螺城镇",350521\nvillage,350521100201,"城南社区居委会",350521100\n';
    const report = await loadUnits(ctx, good);
    expect(report).toMatchObject({ created: 3, errors: [] });
    expect((await findUnits(t.db, { codes: ['350521100201'] }))[0]?.kind).toBe('community');
    expect(await loadUnits(ctx, good)).toMatchObject({ created: 0, unchanged: 3 });
  });
});
