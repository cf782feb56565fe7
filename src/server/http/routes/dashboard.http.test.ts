import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRealisticUnit } from '../../testing/assessment-fixtures.ts';
import { createTestApp, type Agent, type TestApp } from '../../testing/http.ts';
import { DIALECTS } from '../../testing/test-db.ts';

const LIUCUO = '350505100201';
const NANPU = '350505100000';
const SHANYAO = '350505001000';

describe.each(DIALECTS)('dashboards over HTTP on %s', (dialect) => {
  let t: TestApp;
  let village: Agent;
  let town: Agent;
  let district: Agent;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set('2016-12-05T02:00:00Z');
    await seedRealisticUnit(t.db, LIUCUO, 2016);
    [village, town, district] = await Promise.all([t.as('liucuo'), t.as('nanpu'), t.as('kaohe')]);
  });
  afterAll(() => t.close());

  it('refreshes the unit’s row in the same transaction as a submission: state, self score and frozen snapshot', async () => {
    const before = (await district.get('/api/dashboard/league?year=2016')).json();
    const row = before.rows.find((r: { unit: string }) => r.unit === LIUCUO);
    expect(row).toMatchObject({ total: 99, passed: true, source: 'live', state: null, stateLabel: '未申报' });
    const card = (await village.get(`/api/assessments/${LIUCUO}/2016/scorecard`)).json();
    const items = card.rows.map((r: { no: number; computed: number }) => ({ no: r.no, score: r.computed }));
    const step = await village.post(`/api/assessments/${LIUCUO}/2016/self-assess`, {
      version: 0,
      items,
      report: '本村创建工作总结',
    });
    expect(step.statusCode).toBe(200);
    const after = (await town.get('/api/dashboard/league?year=2016')).json();
    expect(after.rows.find((r: { unit: string }) => r.unit === LIUCUO)).toMatchObject({
      source: 'snapshot',
      state: 'self_assessed',
      stateLabel: '已自评待初核',
      selfTotal: 99,
      total: 99,
    });
  });

  it('gives a town its own units only and answers another town as not found', async () => {
    const o = (await town.get('/api/dashboard/overview?year=2016')).json();
    expect(o.scope).toMatchObject({ level: 'town', code: NANPU });
    expect((await town.get(`/api/dashboard/overview?year=2016&town=${SHANYAO}`)).statusCode).toBe(404);
    const league = (await town.get('/api/dashboard/league?year=2016')).json();
    expect(league.rows.every((r: { townCode: string }) => r.townCode === NANPU)).toBe(true);
    const whole = (await district.get('/api/dashboard/overview?year=2016')).json();
    expect(whole.scope.level).toBe('district');
    expect(whole.towns.length).toBeGreaterThan(5);
    expect((await district.get(`/api/dashboard/overview?year=2016&town=${SHANYAO}`)).json().scope.code).toBe(
      SHANYAO,
    );
    expect((await t.anonymous().get('/api/dashboard/overview')).statusCode).toBe(401);
  });

  it('serves trends, readiness, the report and its workbook', async () => {
    expect((await district.get('/api/dashboard/trends')).json().years).toEqual([2016]);
    expect((await district.get('/api/dashboard/readiness?year=2016')).statusCode).toBe(200);
    const report = (await district.get('/api/dashboard/report?year=2016')).json();
    expect(report.title).toBe('泉港区2016年度创建充分就业村（社区）工作汇总');
    const res = await district.get('/api/dashboard/report.xlsx?year=2016');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('概况')!.getCell('A1').value).toBe(report.title);
    expect((await district.post('/api/dashboard/refresh', { year: 2016 })).json().units).toBe(105);
  });
});
