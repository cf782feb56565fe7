import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRealisticUnit, type SeededUnit } from '../../testing/assessment-fixtures.ts';
import { createTestApp, type Agent, type TestApp } from '../../testing/http.ts';
import { DIALECTS } from '../../testing/test-db.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const LIUCUO = '350505100201';
const JINXIANG = '350505001001';
const base = (unit: string, year = 2016) => `/api/assessments/${unit}/${year}`;

interface Row {
  no: number;
  computed: number;
  self: number | null;
  town: number | null;
  district: number | null;
}

/** Scores as a worker would submit them: the pre-filled computed scores, with some overridden. */
function scores(rows: Row[], override: Record<number, number> = {}, note?: string) {
  return rows.map((r) => ({
    no: r.no,
    score: override[r.no] ?? r.computed,
    ...(note && override[r.no] !== undefined ? { reason: note, comment: note } : {}),
  }));
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');

describe.each(DIALECTS)('assessment over HTTP on %s', (dialect) => {
  let t: TestApp;
  let seeded: SeededUnit;
  let village: Agent;
  let town: Agent;
  let assessor: Agent;
  let approver: Agent;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Early December of the creation year: the village is on time, the town plan is 10 days late.
    t.clock.set('2016-12-05T02:00:00Z');
    seeded = await seedRealisticUnit(t.db, LIUCUO, 2016);
    [village, town, assessor, approver] = await Promise.all([
      t.as('liucuo'),
      t.as('nanpu'),
      t.as('kaohe'),
      t.as('shenpi'),
    ]);
  });
  afterAll(() => t.close());

  describe('GET /api/assessments/:unit/:year/scorecard', () => {
    it('gives the same numbers as bin/jiuye assess --json', async () => {
      const env = { ...process.env, JIUYE_DATA_KEY: '07'.repeat(32), JIUYE_LOG_LEVEL: 'silent' };
      const cli = await run(
        'node',
        [
          'bin/jiuye',
          '--db',
          t.db.url,
          'assess',
          '--unit',
          LIUCUO,
          '--year',
          '2016',
          '--as-of',
          '2016-12-10',
          '--json',
        ],
        { cwd: ROOT, env },
      );
      const fromCli = JSON.parse(cli.stdout);
      const card = (await village.get(`${base(LIUCUO)}/scorecard?asOf=2016-12-10`)).json();
      expect(fromCli).toMatchObject({
        unit: LIUCUO,
        name: '柳厝村',
        year: 2016,
        asOf: '2016-12-10',
        profile: 'quangang-2016',
        total: 99,
        passed: true,
      });
      expect(card.result.total).toBe(fromCli.total);
      expect(card.result.items).toEqual(fromCli.items);
      expect(card.result.outcomes).toEqual(fromCli.outcomes);
      expect(cli.stdout).not.toContain(seeded.idNumber['王秀英']);

      const all = await run(
        'node',
        [
          'bin/jiuye',
          '--db',
          t.db.url,
          'assess',
          '--all',
          '--year',
          '2016',
          '--as-of',
          '2016-12-10',
          '--json',
        ],
        { cwd: ROOT, env, maxBuffer: 64 << 20 },
      );
      const list = JSON.parse(all.stdout);
      expect(list).toHaveLength(105);
      expect(list.find((r: { unit: string }) => r.unit === LIUCUO).total).toBe(99);

      const text = await run(
        'node',
        [
          'bin/jiuye',
          '--db',
          t.db.url,
          'assess',
          '--unit',
          LIUCUO,
          '--year',
          '2016',
          '--as-of',
          '2016-12-10',
        ],
        { cwd: ROOT, env },
      );
      expect(text.stdout).toContain('走访与联系');
      expect(text.stdout).toContain('是否达标：达标');
      const bad = await run(
        'node',
        [
          'bin/jiuye',
          '--db',
          t.db.url,
          'assess',
          '--unit',
          LIUCUO,
          '--year',
          '2016',
          '--as-of',
          '2017-03-01',
        ],
        { cwd: ROOT, env },
      ).catch((e: { code: number; stderr: string }) => e);
      expect(bad).toMatchObject({ code: 1 });
      expect((bad as { stderr: string }).stderr.trim().split('\n')).toEqual([
        '错误：考核截止日期 2017-03-01 不在 2016 年度内',
      ]);
    });

    it('shows each deduction with the people behind it: name, masked ID and person id, never the ID number', async () => {
      const res = await village.get(`${base(LIUCUO)}/scorecard`);
      expect(res.statusCode).toBe(200);
      const card = res.json();
      expect(card).toMatchObject({
        state: 'draft',
        version: 0,
        live: true,
        totals: { computed: 99, self: null },
      });
      expect(card.rows.map((r: Row) => r.computed)).toEqual([15, 20, 20, 10, 10, 6, 10, 8]);
      const person = card.result.items[5].deductions[0].evidence[0];
      expect(person).toMatchObject({
        kind: 'person',
        id: seeded.person['王秀英'],
        label: '王秀英',
        maskedId: expect.stringMatching(/^350505\*+/),
      });
      expect(res.body).not.toContain(seeded.idNumber['王秀英']);
    });
  });

  describe('the workflow', () => {
    it('goes from self-assessment through a return, review, acceptance and a two-person award', async () => {
      let card = (await village.get(`${base(LIUCUO)}/scorecard`)).json();
      const rows: Row[] = card.rows;

      // The village claims 7 on item 6: a score that differs from the computed 6 needs a reason.
      const noReason = await village.post(`${base(LIUCUO)}/self-assess`, {
        version: 0,
        items: scores(rows, { 6: 7 }),
        report: '本村创建工作总结',
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.message).toContain('第 6 项');
      let step = await village.post(`${base(LIUCUO)}/self-assess`, {
        version: 0,
        items: scores(rows, { 6: 7 }, '三季度已电话联系，未及时录入'),
        report: '本村创建工作总结',
        attachment: { filename: '验收报告.pdf', mime: 'application/pdf', contentBase64: PDF },
      });
      expect(step.statusCode, step.body).toBe(200);
      expect(step.json()).toMatchObject({ state: 'self_assessed', version: 1 });

      // The register is corrected after submission (the call recorded late): the submitted score stays as frozen.
      const late = await village.post(`/api/persons/${seeded.person['王秀英']!}/services`, {
        type: '电话联系',
        date: '2016-08-15',
        mode: '电话',
        staff: '协理员',
      });
      expect(late.statusCode, late.body).toBe(201);
      card = (await town.get(`${base(LIUCUO)}/scorecard`)).json();
      expect(card).toMatchObject({
        state: 'self_assessed',
        live: false,
        totals: { computed: 99, self: 100 },
      });
      expect(card.rows[5]).toMatchObject({
        computed: 6,
        self: 7,
        selfReason: '三季度已电话联系，未及时录入',
      });
      expect(card.report).toMatchObject({
        text: '本村创建工作总结',
        attachment: { filename: '验收报告.pdf', mime: 'application/pdf' },
      });
      expect((await town.get(`${base(LIUCUO)}/scorecard?asOf=2016-12-10`)).json()).toMatchObject({
        live: true,
        totals: { computed: 100 },
      });
      const file = await town.get(`${base(LIUCUO)}/report-file`);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

      // The town returns it; the village resubmits and the score is computed again.
      step = await town.post(`${base(LIUCUO)}/return`, {
        version: 1,
        reason: '请补录三季度联系记录后重新提交',
      });
      expect(step.json()).toMatchObject({ state: 'returned', version: 2 });
      expect((await village.get(`${base(LIUCUO)}/scorecard`)).json()).toMatchObject({
        state: 'returned',
        live: true,
        returnReason: '请补录三季度联系记录后重新提交',
        totals: { computed: 100 },
      });
      step = await village.post(`${base(LIUCUO)}/self-assess`, {
        version: 2,
        items: scores(rows, { 6: 7 }),
        report: '已补录，重新提交',
      });
      expect(step.statusCode, step.body).toBe(200);
      expect(step.json()).toMatchObject({ state: 'self_assessed', version: 3 });

      // A stale version is refused, whoever sends it.
      expect(
        (await town.post(`${base(LIUCUO)}/forward`, { version: 2, items: scores(rows, { 6: 7 }) })).json()
          .error.code,
      ).toBe('VERSION_CONFLICT');
      step = await town.post(`${base(LIUCUO)}/forward`, {
        version: 3,
        items: scores(rows, { 6: 7, 1: 13 }, '工作制度不够完善'),
        comment: '同意上报',
      });
      expect(step.json()).toMatchObject({ state: 'town_reviewed', version: 4 });
      step = await assessor.post(`${base(LIUCUO)}/accept`, {
        version: 4,
        items: scores(rows, { 6: 7, 1: 14 }, '组织机构健全'),
        comment: '验收合格',
      });
      expect(step.json()).toMatchObject({ state: 'accepted', version: 5 });

      // The award: proposed by an assessor, approved by an approver — neither can do the other's step.
      expect((await approver.post(`${base(LIUCUO)}/award/propose`, { version: 5 })).statusCode).toBe(403);
      step = await assessor.post(`${base(LIUCUO)}/award/propose`, { version: 5, recommendedUpward: true });
      expect(step.json()).toMatchObject({ state: 'accepted', version: 6 });
      expect((await assessor.post(`${base(LIUCUO)}/award/approve`, { version: 6 })).statusCode).toBe(403);
      step = await approver.post(`${base(LIUCUO)}/award/approve`, { version: 6, note: '同意拨付' });
      expect(step.json()).toMatchObject({ state: 'awarded', version: 7 });

      card = (await assessor.get(`${base(LIUCUO)}/scorecard`)).json();
      expect(card).toMatchObject({
        state: 'awarded',
        totals: { computed: 100, self: 100, town: 98, district: 99 },
        award: { amountFen: 2_000_000, status: 'approved', recommendedUpward: true },
        daysLate: { self: 0, town: 0, district: 0 },
      });

      const history = (await town.get(`${base(LIUCUO)}/history`)).json();
      expect(history.transitions.map((h: { action: string }) => h.action)).toEqual([
        'self_assess',
        'return',
        'self_assess',
        'forward',
        'accept',
        'award_propose',
        'award_approve',
      ]);
      expect(history.transitions[1]).toMatchObject({
        from: 'self_assessed',
        to: 'returned',
        actor: '南埔镇 劳动保障事务所',
        reason: '请补录三季度联系记录后重新提交',
        daysLate: 0,
      });

      const audit = await t.db.db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('object_id', '=', `${LIUCUO}/2016`)
        .where('action', 'not like', '%.view')
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual([
        'liucuo assessment.self_assess',
        'nanpu assessment.return',
        'liucuo assessment.self_assess',
        'nanpu assessment.forward',
        'kaohe assessment.accept',
        'kaohe assessment.award_propose',
        'shenpi assessment.award_approve',
      ]);

      // A second award for the same unit, in a later year, is refused.
      await t.db.db
        .insertInto('assessment')
        .values({
          unit_code: LIUCUO,
          year: 2017,
          state: 'accepted',
          profile_id: 'quangang-2016',
          created_at: 'x',
          updated_at: 'x',
          version: 1,
        })
        .execute();
      const again = await assessor.post(`${base(LIUCUO, 2017)}/award/propose`, { version: 1 });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toContain('限一次');
      expect(
        await t.db.db.selectFrom('assessment_award').select('id').where('unit_code', '=', LIUCUO).execute(),
      ).toHaveLength(1);
    });

    it('prints the annex table filled for the unit, and the town’s summary list', async () => {
      const res = await town.get(`${base(LIUCUO)}/table.xlsx`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect(ws.getCell('A1').value).toBe('创建充分就业村（社区）考核评分标准表');
      expect(String(ws.getCell('A2').value)).toContain('推荐申报村（社区）：南埔镇柳厝村');
      expect(String(ws.getCell('D2').value)).toBe('申报日期：2016年12月5日');
      expect(ws.getRow(3).values).toEqual([
        undefined,
        '项目',
        '内  容',
        '标准分',
        '评分标准',
        '自评分',
        '考核分',
      ]);
      expect([ws.getCell('C9').value, ws.getCell('E9').value, ws.getCell('F9').value]).toEqual([7, 7, 7]);
      expect([ws.getCell('E12').value, ws.getCell('F12').value]).toEqual([100, 99]);

      const summary = await town.get('/api/assessments/summary.xlsx?year=2016');
      expect(summary.statusCode).toBe(200);
      const sb = new ExcelJS.Workbook();
      await sb.xlsx.load(summary.rawPayload as unknown as ArrayBuffer);
      const names: string[] = [];
      sb.worksheets[0]!.eachRow((row, n) => {
        if (n > 2 && typeof row.getCell(3).value === 'string') names.push(row.getCell(3).value as string);
      });
      expect(names).toContain('柳厝村');
      expect(names).not.toContain('锦祥社区');
    });

    it('lists the units in scope with their state, frozen and live totals', async () => {
      const list = (await town.get('/api/assessments?year=2016')).json();
      expect(list.items.every((i: { townCode: string }) => i.townCode === '350505100000')).toBe(true);
      expect(list.items.find((i: { unit: string }) => i.unit === LIUCUO)).toMatchObject({
        state: 'awarded',
        live: false,
        computedTotal: 100,
        selfTotal: 100,
        townTotal: 98,
        districtTotal: 99,
      });
      expect(list.deadlines).toEqual({
        townPlanDue: '2016-11-25',
        selfAssessmentDue: '2016-12-10',
        townReviewDue: '2016-12-20',
        districtAcceptanceDue: '2016-12-31',
      });
      expect(
        (await village.get('/api/assessments?year=2016')).json().items.map((i: { unit: string }) => i.unit),
      ).toEqual([LIUCUO]);
      expect(
        (await assessor.get('/api/assessments?year=2016&town=350505001000')).json().items.length,
      ).toBeGreaterThan(3);
    });
  });

  describe('who may do what', () => {
    it('hides other units as not found and refuses steps of other roles', async () => {
      const other = await t.as('jinxiang');
      const otherTown = await t.as('shanyao');
      expect((await other.get(`${base(LIUCUO)}/scorecard`)).statusCode).toBe(404);
      expect((await other.get(`${base(LIUCUO)}/table.xlsx`)).statusCode).toBe(404);
      expect(
        (
          await other.post(`${base(LIUCUO)}/self-assess`, {
            version: 0,
            items: scores([1, 2, 3, 4, 5, 6, 7, 8].map((no) => ({ no, computed: 0 }) as Row)),
            report: 'x',
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (await otherTown.post(`${base(LIUCUO)}/return`, { version: 7, reason: '越权' })).statusCode,
      ).toBe(404);
      expect((await otherTown.get(`${base(LIUCUO)}/history`)).statusCode).toBe(404);
      expect((await village.post(`${base(LIUCUO)}/forward`, { version: 7, items: [] })).statusCode).toBe(403);
      expect((await town.post(`${base(LIUCUO)}/accept`, { version: 7, items: [] })).statusCode).toBe(403);
      expect(
        (await assessor.post(`${base('350505100202')}/self-assess`, { version: 0, items: [], report: 'x' }))
          .statusCode,
      ).toBe(403);
      const early = await assessor.post(`${base('350505100202')}/accept`, {
        version: 0,
        items: scores([1, 2, 3, 4, 5, 6, 7, 8].map((no) => ({ no, computed: 10 }) as Row)),
      });
      expect(early.statusCode).toBe(409);
      expect((await town.get(`${base('350505100000')}/scorecard`)).statusCode).toBe(404);
    });

    it('keeps one record and one success when 20 submissions of the same unit and year race', async () => {
      const jinxiang = await t.as('jinxiang');
      const rows: Row[] = (await jinxiang.get(`${base(JINXIANG)}/scorecard`)).json().rows;
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          jinxiang.post(`${base(JINXIANG)}/self-assess`, {
            version: 0,
            items: scores(rows),
            report: '自评报告',
          }),
        ),
      );
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
      expect(results.filter((r) => r.statusCode === 409)).toHaveLength(19);
      expect(
        await t.db.db.selectFrom('assessment').select('id').where('unit_code', '=', JINXIANG).execute(),
      ).toHaveLength(1);
      const history = (await jinxiang.get(`${base(JINXIANG)}/history`)).json();
      expect(history.transitions).toHaveLength(1);
    });
  });

  describe('a unit that does not pass', () => {
    it('takes a reviewer’s mismatch flag into the next computation, and can only be rejected', async () => {
      const jinxiang = await t.as('jinxiang');
      const shanyao = await t.as('shanyao');
      let card = (await jinxiang.get(`${base(JINXIANG)}/scorecard`)).json();
      if (card.state === 'draft') {
        await jinxiang.post(`${base(JINXIANG)}/self-assess`, {
          version: 0,
          items: scores(card.rows),
          report: '自评报告',
        });
        card = (await jinxiang.get(`${base(JINXIANG)}/scorecard`)).json();
      }
      expect(card.state).toBe('self_assessed');
      const item5 = card.rows[4].computed;
      let step = await shanyao.post(`${base(JINXIANG)}/return`, {
        version: card.version,
        reason: '台账与实际不符',
        mismatchNote: '入户核查发现台账人数与实际不符',
      });
      expect(step.json()).toMatchObject({ state: 'returned' });
      card = (await jinxiang.get(`${base(JINXIANG)}/scorecard`)).json();
      expect(card.rows[4].computed).toBe(Math.max(0, item5 - 2));
      expect(
        card.result.items[4].deductions
          .flatMap((d: { evidence: { kind: string }[] }) => d.evidence)
          .map((e: { kind: string }) => e.kind),
      ).toContain('reviewerFlag');

      step = await jinxiang.post(`${base(JINXIANG)}/self-assess`, {
        version: card.version,
        items: scores(card.rows),
        report: '已整改',
      });
      step = await shanyao.post(`${base(JINXIANG)}/forward`, {
        version: step.json().version,
        items: scores(card.rows),
      });
      const version = step.json().version;
      const below = await assessor.post(`${base(JINXIANG)}/accept`, { version, items: scores(card.rows) });
      expect(below.statusCode).toBe(400);
      expect(below.json().error.message).toContain('低于达标分 85 分');
      expect(
        (await assessor.post(`${base(JINXIANG)}/reject`, { version, items: scores(card.rows) })).statusCode,
      ).toBe(400);
      step = await assessor.post(`${base(JINXIANG)}/reject`, {
        version,
        items: scores(card.rows),
        comment: '主要指标未达标',
      });
      expect(step.json()).toMatchObject({ state: 'rejected' });
      expect(
        (await assessor.post(`${base(JINXIANG)}/award/propose`, { version: step.json().version })).statusCode,
      ).toBe(409);
    });
  });

  describe('/api/implementation-plans', () => {
    it('lets a town file its plan (flagged late after 11-25) for the district, and nobody else see it', async () => {
      const filed = await town.post('/api/implementation-plans', {
        year: 2016,
        title: '南埔镇创建充分就业村实施方案',
        version: 0,
        attachment: { filename: '方案.pdf', mime: 'application/pdf', contentBase64: PDF },
      });
      expect(filed.statusCode, filed.body).toBe(200);
      expect(filed.json()).toMatchObject({
        townCode: '350505100000',
        townName: '南埔镇',
        daysLate: 10,
        due: '2016-11-25',
        version: 1,
      });
      const lying = await town.post('/api/implementation-plans', {
        year: 2016,
        title: '再次报送',
        version: 1,
        attachment: {
          filename: '方案.pdf',
          mime: 'application/pdf',
          contentBase64: Buffer.from('MZ not a pdf').toString('base64'),
        },
      });
      expect(lying.statusCode).toBe(400);
      expect(lying.json().error.message).toContain('文件内容与扩展名不符');

      const district = (await assessor.get('/api/implementation-plans?year=2016')).json();
      expect(district.map((p: { townName: string }) => p.townName)).toEqual(['南埔镇']);
      const file = await assessor.get(`/api/implementation-plans/${district[0].id}/file`);
      expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect((await (await t.as('shanyao')).get('/api/implementation-plans?year=2016')).json()).toEqual([]);
      expect(
        (await (await t.as('shanyao')).get(`/api/implementation-plans/${district[0].id}/file`)).statusCode,
      ).toBe(404);
      expect(
        (
          await assessor.post('/api/implementation-plans', {
            year: 2016,
            title: 'x',
            version: 0,
            attachment: { filename: 'a.pdf', mime: 'application/pdf', contentBase64: PDF },
          })
        ).statusCode,
      ).toBe(403);
    });
  });

  describe('GET /api/profiles', () => {
    it('lists the standard profiles with the annex rows and the award in fen', async () => {
      const profiles = (await village.get('/api/profiles')).json();
      expect(profiles.map((p: { id: string }) => p.id)).toEqual(['quangang-2016', 'fujian-star-community']);
      expect(profiles[0]).toMatchObject({
        passScore: 85,
        awardAmountFen: 2_000_000,
        calendar: { townPlanDue: '11-25' },
      });
      expect(profiles[0].items.reduce((s: number, i: { max: number }) => s + i.max, 0)).toBe(100);
    });
  });
});
