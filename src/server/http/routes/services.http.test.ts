import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/id-number.ts';
import { createTestApp, type Agent, type TestApp } from '../../testing/http.ts';
import { fakeJpeg, fakePdf, multipartFile } from '../../testing/multipart.ts';
import { DIALECTS } from '../../testing/test-db.ts';

const LIUCUO = '350505100201';
const NANPU = '350505100000';

let seq = 101;
async function newPerson(agent: Agent, over: Record<string, string> = {}) {
  const res = await agent.post('/api/persons', {
    unitCode: LIUCUO,
    householdNumber: `S${(seq += 2)}`,
    name: '陈志明',
    idNumber: makeIdNumber('350505', '1984-06-12', seq),
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; idMasked: string; household: { id: number } };
}
async function registered(agent: Agent, over: Record<string, string> = {}, approved = '2026-03-02') {
  const p = await newPerson(agent, over);
  expect((await agent.post(`/api/persons/${p.id}/registrations`, { approved })).statusCode).toBe(200);
  return p;
}

describe.each(DIALECTS)('service records over HTTP on %s', (dialect) => {
  let t: TestApp;
  let village: Agent;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    village = await t.as('liucuo');
  });
  afterAll(() => t.close());

  it('records a visit in three steps: find by pinyin initials or ID number, pick the type, save with the defaults', async () => {
    const idNumber = makeIdNumber('350505', '1990-02-03', 881);
    const p = await newPerson(village, { name: '王丽娟', idNumber });
    for (const q of ['wlj', idNumber, '王丽']) {
      const found = (await village.get(`/api/persons/search?q=${encodeURIComponent(q)}`)).json();
      expect(
        found.items.map((i: { id: number }) => i.id),
        q,
      ).toEqual([p.id]);
    }
    const res = await village.post(`/api/persons/${p.id}/services`, { type: '走访' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      type: '走访',
      date: '2026-11-26',
      mode: '上门',
      staff: '柳厝村 协理员',
      unitCode: LIUCUO,
      version: 1,
    });
    const phone = await village.post(`/api/persons/${p.id}/services`, { type: '电话联系' });
    expect(phone.json().mode).toBe('电话');
  });

  it('records every kind of service with the fields it needs, and refuses what is missing or in the future', async () => {
    const p = await registered(village);
    const kinds = [
      { type: '推荐就业', employer: '泉港石化', post: '操作工', result: '待反馈' },
      { type: '职业指导', content: '求职技巧' },
      { type: '就业咨询', content: '灵活就业社保补贴政策' },
      {
        type: '职业培训',
        course: '电工',
        startDate: '2026-09-01',
        endDate: '2026-09-30',
        result: '合格',
        certificate: '电工上岗证',
      },
      { type: '招聘会', date: '2026-05-10', mode: '到站' },
      { type: '创业服务', content: '创业担保贷款' },
      { type: '公益性岗位安置', employer: '村委会', post: '保洁' },
      { type: '政策补贴', policy: '灵活就业社保补贴', amountFen: 120000, subsidyStatus: '已申请' },
      { type: '服务申请', requestItem: '职业培训' },
    ];
    for (const body of kinds) {
      const res = await village.post(`/api/persons/${p.id}/services`, body);
      expect(res.statusCode, `${body.type} ${res.body}`).toBe(201);
      expect(res.json()).toMatchObject(body);
    }
    const list = (await village.get(`/api/persons/${p.id}/services`)).json();
    expect(list.items).toHaveLength(kinds.length);
    const request = list.items.find((s: { type: string }) => s.type === '服务申请');
    expect(request).toMatchObject({ fulfilDue: '2026-12-26', fulfilDaysLeft: 30 });

    const missing = await village.post(`/api/persons/${p.id}/services`, { type: '职业培训' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([{ path: 'course', message: '请填写培训课程（工种）' }]);
    const future = await village.post(`/api/persons/${p.id}/services`, { type: '走访', date: '2026-11-27' });
    expect(future.statusCode).toBe(400);
    const badType = await village.post(`/api/persons/${p.id}/services`, { type: '聊天' });
    expect(badType.statusCode).toBe(400);
  });

  it('turns an accepted recommendation into employment in one call, closing the registration so the person leaves the unemployed ledger', async () => {
    const p = await registered(village, { name: '郭海峰' });
    expect(
      (await village.get(`/api/ledgers/unemployed?unit=${LIUCUO}`))
        .json()
        .items.map((i: { id: number }) => i.id),
    ).toContain(p.id);
    const res = await village.post(`/api/persons/${p.id}/services`, {
      type: '推荐就业',
      employer: '福建联合石化',
      post: '巡检员',
      result: '已录用',
      employment: { form: '单位就业', start: '2026-11-20' },
      date: '2026-11-10',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().employmentSpellId).toEqual(expect.any(Number));
    const person = (await village.get(`/api/persons/${p.id}`)).json();
    expect(person.employment).toEqual([
      expect.objectContaining({ form: '单位就业', employer: '福建联合石化', start: '2026-11-20', end: null }),
    ]);
    expect(person.registrations).toEqual([
      expect.objectContaining({ approved: '2026-03-02', closed: '2026-11-20', closeReason: '就业' }),
    ]);
    expect(person.flags).not.toContain('registeredUnemployed');
    expect(
      (await village.get(`/api/ledgers/unemployed?unit=${LIUCUO}`))
        .json()
        .items.map((i: { id: number }) => i.id),
    ).not.toContain(p.id);
  });

  it('accepts a pending recommendation later, from the recommendation itself', async () => {
    const p = await registered(village, { name: '黄少华' });
    const rec = (
      await village.post(`/api/persons/${p.id}/services`, {
        type: '推荐就业',
        employer: '泉港物流',
        post: '司机',
        date: '2026-11-01',
      })
    ).json();
    const early = await village.post(`/api/services/${rec.id}/accept`, {
      version: rec.version,
      start: '2026-10-30',
    });
    expect(early.statusCode).toBe(400);
    const ok = await village.post(`/api/services/${rec.id}/accept`, {
      version: rec.version,
      form: '灵活就业',
      start: '2026-11-15',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ result: '已录用', version: rec.version + 1 });
    expect((await village.get(`/api/persons/${p.id}`)).json().flags).not.toContain('registeredUnemployed');
    expect(
      (await village.post(`/api/services/${rec.id}/accept`, { version: ok.json().version })).statusCode,
    ).toBe(409);
  });

  it('edits with the version read, refuses a stale one with 409, and fulfils a request', async () => {
    const p = await newPerson(village);
    const s = (
      await village.post(`/api/persons/${p.id}/services`, {
        type: '服务申请',
        requestItem: '职业指导',
        date: '2026-11-01',
      })
    ).json();
    const edited = await village.post(`/api/services/${s.id}`, {
      version: s.version,
      requestItem: '职业培训',
      content: '想学电焊',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      requestItem: '职业培训',
      content: '想学电焊',
      date: '2026-11-01',
      version: 2,
    });
    const stale = await village.post(`/api/services/${s.id}`, { version: s.version, content: '旧页面' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const fulfilled = await village.post(`/api/services/${s.id}/fulfil`, {
      version: 2,
      fulfilledOn: '2026-11-20',
    });
    expect(fulfilled.json()).toMatchObject({ fulfilledOn: '2026-11-20', fulfilDue: null });
  });

  it('deletes a record out of every list, keeps it whole in the archive and writes who and why into the audit trail', async () => {
    const p = await newPerson(village);
    const s = (await village.post(`/api/persons/${p.id}/services`, { type: '走访', content: '误录' })).json();
    const stale = await village.post(`/api/services/${s.id}/delete`, { version: s.version + 1 });
    expect(stale.statusCode).toBe(409);
    expect(
      (await village.post(`/api/services/${s.id}/delete`, { version: s.version, reason: '录错人员' }))
        .statusCode,
    ).toBe(200);
    expect((await village.get(`/api/services/${s.id}`)).statusCode).toBe(404);
    expect((await village.get(`/api/persons/${p.id}/services`)).json().items).toEqual([]);
    const archived = await t.db.db
      .selectFrom('deleted_record')
      .selectAll()
      .where('record_type', '=', 'service_record')
      .where('record_id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(archived.data)).toMatchObject({ content: '误录', type: '走访' });
    const audit = (await (await t.as('auditor')).get('/api/audit?action=service.delete')).json();
    expect(audit.items[0]).toMatchObject({
      actor: 'liucuo',
      objectType: 'service_record',
      objectId: String(s.id),
    });
    expect(JSON.parse(audit.items[0].detail)).toMatchObject({ reason: '录错人员', person: p.id });
    const created = (await (await t.as('auditor')).get('/api/audit?action=service.create')).json();
    expect(created.items.length).toBeGreaterThan(0);
  });

  it('stores a photo, serves it only as an attachment, and refuses a file too big or of a disallowed type', async () => {
    const p = await newPerson(village);
    const s = (await village.post(`/api/persons/${p.id}/services`, { type: '走访' })).json();
    const up = await village.request({
      method: 'POST',
      url: `/api/services/${s.id}/files`,
      ...multipartFile('走访照片.jpg', fakeJpeg()),
    });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ filename: '走访照片.jpg', mime: 'image/jpeg', size: 2048 });
    const pdf = await village.request({
      method: 'POST',
      url: `/api/services/${s.id}/files`,
      ...multipartFile('签字表.pdf', fakePdf()),
    });
    expect(pdf.json().mime).toBe('application/pdf');

    const file = await village.get(`/api/files/${up.json().id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['content-disposition']).toMatch(/^attachment; /);
    expect(file.rawPayload.equals(fakeJpeg())).toBe(true);
    expect(
      (await village.get(`/api/services/${s.id}`)).json().files.map((f: { filename: string }) => f.filename),
    ).toEqual(['走访照片.jpg', '签字表.pdf']);

    const html = await village.request({
      method: 'POST',
      url: `/api/services/${s.id}/files`,
      ...multipartFile('photo.jpg', Buffer.from('<html><script>alert(1)</script></html>'), 'image/jpeg'),
    });
    expect(html.statusCode).toBe(400);
    expect(html.json().error.message).toContain('不支持的文件类型');
    const big = await village.request({
      method: 'POST',
      url: `/api/services/${s.id}/files`,
      ...multipartFile('big.jpg', fakeJpeg(5 * 1024 * 1024 + 1)),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await village.get(`/api/services/${s.id}`)).json().files).toHaveLength(2);

    const other = await t.as('shanyao');
    expect((await other.get(`/api/files/${up.json().id}`)).statusCode).toBe(404);
    expect((await village.post(`/api/files/${pdf.json().id}/delete`)).statusCode).toBe(200);
    expect((await village.get(`/api/files/${pdf.json().id}`)).statusCode).toBe(404);
  });

  it("keeps records to their scope: the town sees and may edit its villages' records; another town and the administrators may not", async () => {
    const p = await newPerson(village);
    const s = (await village.post(`/api/persons/${p.id}/services`, { type: '走访' })).json();
    const town = await t.as('nanpu');
    expect((await town.get(`/api/services/${s.id}`)).statusCode).toBe(200);
    expect((await town.post(`/api/persons/${p.id}/services`, { type: '电话联系' })).json().unitCode).toBe(
      LIUCUO,
    );
    const otherTown = await t.as('shanyao');
    expect((await otherTown.get(`/api/services/${s.id}`)).statusCode).toBe(404);
    expect((await otherTown.get(`/api/persons/${p.id}/services`)).statusCode).toBe(404);
    expect((await otherTown.post(`/api/persons/${p.id}/services`, { type: '走访' })).statusCode).toBe(404);
    expect((await otherTown.post(`/api/services/${s.id}`, { version: 1 })).statusCode).toBe(404);
    expect(
      (await otherTown.get(`/api/persons/search?q=${encodeURIComponent('陈志明')}`)).json().items,
    ).toEqual([]);
    const assessor = await t.as('kaohe');
    expect((await assessor.get(`/api/services/${s.id}`)).statusCode).toBe(200);
    expect((await assessor.post(`/api/persons/${p.id}/services`, { type: '走访' })).statusCode).toBe(403);
    expect((await (await t.as('admin')).get(`/api/services/${s.id}`)).statusCode).toBe(403);
  });

  it("exports the year's visit, recommendation and training ledgers with masked IDs and no formula cells", async () => {
    const p = await registered(village, { name: '=HYPERLINK("x")' });
    await village.post(`/api/persons/${p.id}/services`, { type: '走访', content: '=1+1 入户了解求职意向' });
    await village.post(`/api/persons/${p.id}/services`, {
      type: '推荐就业',
      employer: '+泉港石化',
      post: '操作工',
    });
    await village.post(`/api/persons/${p.id}/services`, { type: '职业培训', course: '@电工' });
    const res = await (await t.as('nanpu')).get(`/api/service-ledgers.xlsx?unit=${NANPU}&year=2026`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; /);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['走访记录台账', '推荐就业台账', '培训台账']);
    const cells: unknown[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(c.value))));
    expect(cells.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
    expect(cells).toContain('=1+1 入户了解求职意向');
    expect(cells).toContain(p.idMasked);
    expect(cells.filter((v) => typeof v === 'string' && /^\d{17}[\dX]$/.test(v))).toEqual([]);
    expect((await village.get(`/api/service-ledgers.xlsx?unit=${LIUCUO}&year=2026`)).statusCode).toBe(200);
    expect((await village.get(`/api/service-ledgers.xlsx?unit=${NANPU}&year=2026`)).statusCode).toBe(404);
    const jinxiang = await t.as('jinxiang');
    expect((await jinxiang.get(`/api/service-ledgers.xlsx?unit=${LIUCUO}&year=2026`)).statusCode).toBe(404);
  });
});
