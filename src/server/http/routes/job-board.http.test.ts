import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/id-number.ts';
import { createTestApp, type Agent, type TestApp } from '../../testing/http.ts';
import { fakePdf, multipartFile } from '../../testing/multipart.ts';
import { DIALECTS } from '../../testing/test-db.ts';

const LIUCUO = '350505100201';
const NEIGHBOUR = '350505100202';
const NANPU = '350505100000';

describe.each(DIALECTS)('job board, unit-level work and town activities over HTTP on %s', (dialect) => {
  let t: TestApp;
  let village: Agent;
  let town: Agent;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    village = await t.as('liucuo');
    town = await t.as('nanpu');
  });
  afterAll(() => t.close());

  it("puts the village's and the town's open vacancies on the village board, and prints it without formulas", async () => {
    const own = await village.post('/api/vacancies', {
      unitCode: LIUCUO,
      employer: '=泉港石化',
      post: '电工',
      headcount: 3,
      trades: ['电工'],
      payMinFen: 400000,
      payMaxFen: 600000,
      validUntil: '2026-12-31',
      contact: '0595-1234567',
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({
      unitName: '柳厝村',
      open: true,
      trades: ['电工'],
      collectedOn: '2026-11-26',
    });
    const townVacancy = await town.post('/api/vacancies', {
      unitCode: NANPU,
      employer: '南埔物流园',
      post: '叉车司机',
      trades: ['叉车'],
    });
    expect(townVacancy.statusCode).toBe(201);
    const expired = await village.post('/api/vacancies', {
      unitCode: LIUCUO,
      employer: '旧厂',
      post: '普工',
      collectedOn: '2026-01-05',
      validUntil: '2026-02-01',
    });
    expect(expired.json().open).toBe(false);

    const b = (await village.get(`/api/board?unit=${LIUCUO}`)).json();
    expect(b.items.map((v: { id: number }) => v.id).sort()).toEqual(
      [own.json().id, townVacancy.json().id].sort(),
    );
    const xlsx = await village.get(`/api/board.xlsx?unit=${LIUCUO}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toMatch(/^attachment; /);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('信息发布栏')!;
    expect(ws.getCell('A1').value).toBe('柳厝村 就业信息发布栏');
    const values: unknown[] = [];
    ws.eachRow((row) => row.eachCell((c) => values.push(c.value)));
    expect(values).toContain('=泉港石化');
    expect(values).toContain('4000–6000 元/月');
    expect(values.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
  });

  it('feeds a collected vacancy into item 7: the 岗位信息 gap leaves the queue', async () => {
    const q = (await village.get('/api/work-queues')).json();
    expect(
      q.items
        .filter((i: { kind: string }) => i.kind === 'unitGap')
        .map((i: { suggested: string }) => i.suggested),
    ).not.toContain('岗位信息');
    const neighbourQueue = (await town.get(`/api/work-queues?unit=${NEIGHBOUR}`)).json();
    expect(
      neighbourQueue.items
        .filter((i: { kind: string }) => i.kind === 'unitGap')
        .map((i: { suggested: string }) => i.suggested),
    ).toContain('岗位信息');
  });

  it('ranks vacancies for a job seeker by wanted trade and recommends one in one call', async () => {
    const p = (
      await village.post('/api/persons', {
        unitCode: LIUCUO,
        householdNumber: 'V01',
        name: '施永强',
        idNumber: makeIdNumber('350505', '1988-03-03', 515),
        education: '高中',
      })
    ).json();
    await t.db.db.updateTable('person').set({ wanted_trades: '叉车、仓管' }).where('id', '=', p.id).execute();
    await village.post(`/api/persons/${p.id}/registrations`, { approved: '2026-04-01' });
    const matches = (await village.get(`/api/persons/${p.id}/vacancy-matches`)).json();
    expect(matches.items[0].vacancy).toMatchObject({ post: '叉车司机', unitCode: NANPU });
    expect(matches.items[0].match).toMatchObject({
      place: 'town',
      reasons: expect.arrayContaining(['求职意向工种一致']),
    });
    expect(matches.items.map((m: { vacancy: { employer: string } }) => m.vacancy.employer)).not.toContain(
      '旧厂',
    );

    const vacancyId = matches.items[0].vacancy.id;
    const seekers = (await village.get(`/api/vacancies/${vacancyId}/matches`)).json();
    expect(seekers.items[0].person).toMatchObject({ id: p.id, idMasked: p.idMasked });
    const rec = await village.post(`/api/vacancies/${vacancyId}/recommend`, { personId: p.id });
    expect(rec.statusCode, rec.body).toBe(201);
    expect(rec.json()).toMatchObject({
      type: '推荐就业',
      vacancyId,
      employer: '南埔物流园',
      post: '叉车司机',
      result: '待反馈',
      date: '2026-11-26',
      mode: '上门',
    });

    const otherTown = await t.as('shanyao');
    expect((await otherTown.get(`/api/vacancies/${vacancyId}/matches`)).json().items).toEqual([]);
    expect(
      (await otherTown.post(`/api/vacancies/${vacancyId}/recommend`, { personId: p.id })).statusCode,
    ).toBe(404);
  });

  it("lets only the collecting unit's scope change a vacancy, with its version", async () => {
    const v = (
      await village.post('/api/vacancies', { unitCode: LIUCUO, employer: '某厂', post: '普工' })
    ).json();
    expect(
      (
        await (
          await t.as('jinxiang')
        ).post(`/api/vacancies/${v.id}`, { employer: '某厂', post: '普工', version: v.version })
      ).statusCode,
    ).toBe(404);
    const closed = await town.post(`/api/vacancies/${v.id}`, {
      employer: '某厂',
      post: '普工',
      closedOn: '2026-11-26',
      version: v.version,
    });
    expect(closed.json()).toMatchObject({ open: false, version: v.version + 1 });
    expect(
      (await village.post(`/api/vacancies/${v.id}`, { employer: '某厂', post: '普工', version: v.version }))
        .statusCode,
    ).toBe(409);
    expect(
      (await village.post('/api/vacancies', { unitCode: NEIGHBOUR, employer: '某厂', post: '普工' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await village.post(`/api/vacancies/${v.id}/delete`, { version: closed.json().version })).statusCode,
    ).toBe(200);
    expect((await village.get(`/api/vacancies/${v.id}`)).statusCode).toBe(404);
  });

  it('keeps unit-level records with the six 到位 and declarations, refusing what is incomplete', async () => {
    for (const subtype of ['人员', '经费']) {
      expect(
        (
          await village.post('/api/unit-records', {
            unitCode: LIUCUO,
            type: '六到位',
            subtype,
            date: '2026-02-01',
          })
        ).statusCode,
      ).toBe(201);
    }
    expect(
      (await village.post('/api/unit-records', { unitCode: LIUCUO, type: '六到位', date: '2026-02-01' }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await village.post('/api/unit-records', {
          unitCode: LIUCUO,
          type: '无此类人员声明',
          date: '2026-06-01',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await village.post('/api/unit-records', {
          unitCode: LIUCUO,
          type: '无此类人员声明',
          ledgerClass: '精准扶贫劳动力',
          year: 2025,
          date: '2026-06-01',
        })
      ).statusCode,
    ).toBe(400);
    const decl = await village.post('/api/unit-records', {
      unitCode: LIUCUO,
      type: '无此类人员声明',
      ledgerClass: '精准扶贫劳动力',
      year: 2026,
      date: '2026-06-01',
    });
    expect(decl.json()).toMatchObject({ ledgerClass: '精准扶贫劳动力', year: 2026 });
    expect(
      (await town.post('/api/unit-records', { unitCode: NANPU, type: '领导小组', date: '2026-01-01' }))
        .statusCode,
    ).toBe(400);

    const list = (await village.get(`/api/unit-records?unit=${LIUCUO}&year=2026`)).json();
    expect(list.sixInPlace).toEqual([
      { element: '人员', done: true },
      { element: '经费', done: true },
      { element: '场地', done: false },
      { element: '机构', done: false },
      { element: '制度', done: false },
      { element: '工作', done: false },
    ]);
    const r = list.items.find((i: { type: string }) => i.type === '无此类人员声明');
    const stale = await village.post(`/api/unit-records/${r.id}`, {
      date: '2026-06-02',
      ledgerClass: '精准扶贫劳动力',
      version: r.version + 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(
      (
        await village.post(`/api/unit-records/${r.id}/delete`, {
          version: r.version,
          reason: '本村有建档立卡人员',
        })
      ).statusCode,
    ).toBe(200);
    expect((await (await t.as('shanyao')).get(`/api/unit-records?unit=${LIUCUO}`)).statusCode).toBe(404);
  });

  it("records a town's mobilisation meeting and a district training session with evidence; villages see them, another town does not", async () => {
    const meeting = await town.post('/api/activities', {
      kind: '宣传动员',
      channel: '动员大会',
      title: '南埔镇创建充分就业村动员大会',
      date: '2026-03-15',
      organiser: '南埔镇劳动保障事务所',
      participants: 80,
      audience: '各村协理员',
    });
    expect(meeting.statusCode, meeting.body).toBe(201);
    expect(meeting.json()).toMatchObject({ unitCode: NANPU, unitName: '南埔镇', channel: '动员大会' });
    const doc = await town.request({
      method: 'POST',
      url: `/api/activities/${meeting.json().id}/files`,
      ...multipartFile('签到表.pdf', fakePdf()),
    });
    expect(doc.statusCode).toBe(201);
    const district = await t.as('kaohe');
    const training = await district.post('/api/activities', {
      kind: '业务培训',
      title: '创建工作业务培训',
      date: '2026-04-20',
      participants: 120,
    });
    expect(training.statusCode, training.body).toBe(201);
    expect(training.json().unitCode).toBe('350505000000');

    const seen = (await village.get('/api/activities?year=2026')).json();
    expect(seen.items.map((a: { id: number }) => a.id).sort()).toEqual(
      [meeting.json().id, training.json().id].sort(),
    );
    expect((await village.get(`/api/files/${doc.json().id}`)).statusCode).toBe(200);
    const other = await t.as('shanyao');
    expect(
      (await other.get('/api/activities?year=2026')).json().items.map((a: { id: number }) => a.id),
    ).toEqual([training.json().id]);
    expect((await other.get(`/api/activities/${meeting.json().id}`)).statusCode).toBe(404);
    expect(
      (await village.post('/api/activities', { kind: '业务培训', title: 'x', date: '2026-04-20' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await district.post(`/api/activities/${meeting.json().id}`, {
          title: '改',
          date: '2026-03-15',
          version: 1,
        })
      ).statusCode,
    ).toBe(200);
    const audit = (await (await t.as('auditor')).get('/api/audit?action=activity.create')).json();
    expect(audit.items.map((i: { actor: string }) => i.actor)).toEqual(
      expect.arrayContaining(['nanpu', 'kaohe']),
    );
  });
});
