import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentState } from '../db/database.ts';
import { ensureAssessmentRow } from '../repositories/assessment.repository.ts';
import { findUnitResults } from '../repositories/unit-result.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { testContext } from '../testing/context.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import { isAssessedUnit } from './assessment.service.ts';
import type { Actor } from './context.ts';
import { buildReportWorkbook } from './dashboard-report.service.ts';
import { getAnnualReport, getLeague, getOverview, getReadiness } from './dashboard.service.ts';
import { seedDemoAccounts } from './demo.service.ts';
import { seedDemoHistory } from './demo-history.service.ts';
import { refreshAllUnitResults } from './unit-result.service.ts';

const district: Actor = {
  userId: 1,
  username: 'kaohe',
  displayName: '考核员',
  role: 'district_assessor',
  unitCode: null,
  scopeUnits: 'all',
};
const NANPU = '350505100000';
const SHANYAO = '350505001000';

async function accept(db: TestDb, unit: string, year: number, state: AssessmentState = 'accepted') {
  const at = `${year}-12-25T08:00:00.000Z`;
  await ensureAssessmentRow(db.db, {
    unit_code: unit,
    year,
    state,
    profile_id: 'quangang-2016',
    created_at: at,
    updated_at: at,
    version: 4,
    district_total: 90,
  });
}

describe.each(DIALECTS)('dashboards on %s', (dialect) => {
  describe('coverage at the target boundaries', () => {
    let db: TestDb;
    let villages: string[];
    let communities: string[];
    beforeAll(async () => {
      db = await createTestDb(dialect);
      const units = (await findUnits(db.db)).filter(isAssessedUnit);
      villages = units.filter((u) => u.kind === 'village').map((u) => u.code);
      communities = units.filter((u) => u.kind === 'community').map((u) => u.code);
      // exactly half of the villages (rounded up) by 2020, spread over the years; every community but one
      const half = Math.ceil(villages.length / 2);
      for (const [i, code] of villages.slice(0, half).entries())
        await accept(db, code, 2016 + (i % 5), i % 7 === 0 ? 'awarded' : 'accepted');
      for (const [i, code] of communities.slice(0, -1).entries()) await accept(db, code, 2016 + (i % 5));
      await accept(db, villages[half]!, 2020, 'rejected');
    });
    afterAll(() => db.destroy());

    it('meets the village target with exactly 50 % of villages, misses the community target by one', async () => {
      const o = await getOverview(testContext(db, { actor: district }), { year: 2020 });
      expect(o.coverage.village).toMatchObject({
        accepted: Math.ceil(villages.length / 2),
        total: villages.length,
        target: 0.5,
        met: true,
      });
      expect(o.coverage.community).toMatchObject({ accepted: communities.length - 1, target: 1, met: false });
      expect(o.projection.village.text).toBe('已达标（2020年起）');
      expect(o.projection.community.status).toBe('projected');
      expect(o.series.map((p) => p.year)).toEqual([2016, 2017, 2018, 2019, 2020]);
      expect(o.weakestTown).not.toBeNull();
    });

    it('keeps acceptances in later years and reaches the community target when the last one is accepted', async () => {
      const ctx = testContext(db, { actor: district });
      expect((await getOverview(ctx, { year: 2023 })).coverage.community.accepted).toBe(
        communities.length - 1,
      );
      await accept(db, communities[communities.length - 1]!, 2024);
      const o = await getOverview(ctx, { year: 2024 });
      expect(o.coverage.community).toMatchObject({ accepted: communities.length, met: true });
      expect(o.projection.community.text).toBe('已达标（2024年起）');
      expect(o.acceptedThisYear).toBe(1);
    });

    it('shows a town only its own units, and refuses another town', async () => {
      const units = (await findUnits(db.db, { parentCode: NANPU })).map((u) => u.code);
      const town: Actor = {
        userId: 3,
        username: 'nanpu',
        displayName: '南埔镇',
        role: 'town_staff',
        unitCode: NANPU,
        scopeUnits: [NANPU, ...units],
      };
      const ctx = testContext(db, { actor: town });
      const o = await getOverview(ctx, { year: 2020 });
      expect(o.scope).toMatchObject({ level: 'town', code: NANPU, name: '南埔镇' });
      expect(o.towns.map((t) => t.code)).toEqual([NANPU]);
      // the current year (the context's clock: 2026), where every unit is scored from the register
      const league = await getLeague(ctx, { year: 2026 });
      expect(league.rows.length).toBe(units.length);
      expect(league.rows.every((r) => r.townCode === NANPU)).toBe(true);
      await expect(getOverview(ctx, { year: 2020, town: SHANYAO })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(getLeague(ctx, { year: 2015 })).rejects.toMatchObject({ code: 'VALIDATION' });
    });

    it('computes a missing year on first read, one row per village-level unit', async () => {
      await getLeague(testContext(db, { actor: district }), { year: 2019 });
      expect(await findUnitResults(db.db, 2019, null)).toHaveLength(villages.length + communities.length + 1);
    });

    it('writes the annual report workbook with coverage, the accepted units and no personal number', async () => {
      const report = await getAnnualReport(testContext(db, { actor: district }), { year: 2020 });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await buildReportWorkbook(report).xlsx.writeBuffer()) as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        '概况',
        '各镇（街道）',
        '验收合格名单',
        '指标',
        '扣分项目',
      ]);
      const summary = wb.getWorksheet('概况')!;
      const villageRow = summary.getRows(1, 10)!.find((r) => r.getCell(1).value === '充分就业村')!;
      expect(villageRow.getCell(2).value).toBe(`${Math.ceil(villages.length / 2)} / ${villages.length}`);
      expect(String(villageRow.getCell(4).value)).toBe('已达标（2020年起）');
      expect(wb.getWorksheet('验收合格名单')!.rowCount).toBe(1 + report.accepted.length);
      let text = '';
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => (text += `${String(c.value)}|`))));
      expect(text).not.toMatch(/\d{17}[\dX]/);
      expect(text).toContain('不含任何个人信息');
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => expect(c.formula).toBeUndefined())));
    });
  });

  describe('demo history', () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(dialect);
      await seedDemoAccounts(testContext(db));
    });
    afterAll(() => db.destroy());

    it('writes past years through the workflow tables at the planned pace, once', async () => {
      const ctx = testContext(db);
      const report = await seedDemoHistory(ctx, { seed: 1, fromYear: 2016, toYear: 2025 });
      expect(report.accepted).toBeGreaterThan(60);
      expect(report.rejected).toBeGreaterThan(10);
      expect(report.awards).toBeGreaterThan(50);
      expect((await seedDemoHistory(ctx, { seed: 1, fromYear: 2016, toYear: 2025 })).skipped).toBe(true);
      for (let y = 2016; y <= 2025; y++) await refreshAllUnitResults(db.db, y, { today: '2026-11-26' });
      const dctx = testContext(db, { actor: district });
      const y2020 = await getOverview(dctx, { year: 2020 });
      expect(y2020.coverage.village.met).toBe(true);
      expect(y2020.coverage.community.met).toBe(false);
      expect((await getOverview(dctx, { year: 2021 })).coverage.community.met).toBe(true);
      expect(y2020.awards.count).toBeGreaterThan(5);
      for (const y of [2016, 2018, 2020, 2022, 2024])
        expect((await getOverview(dctx, { year: y })).acceptedThisYear).toBeGreaterThan(0);
      // frozen snapshots win: every accepted unit of 2018 has a passing snapshot row
      const league = await getLeague(dctx, { year: 2018 });
      const accepted = league.rows.filter((r) => r.state === 'awarded' || r.state === 'accepted');
      expect(accepted.length).toBeGreaterThan(5);
      expect(accepted.every((r) => r.source === 'snapshot' && r.passed && r.districtTotal! >= 85)).toBe(true);
      const readiness = await getReadiness(dctx, { year: 2025 });
      expect(readiness.rows.length).toBeGreaterThan(60);
      expect(readiness.profile.id).toBe('fujian-star-community');
    });
  });
});
