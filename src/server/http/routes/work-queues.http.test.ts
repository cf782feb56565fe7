import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/id-number.ts';
import { Agent, buildTestServer, createTestApp, type TestApp } from '../../testing/http.ts';
import { multipartFile, fakeJpeg } from '../../testing/multipart.ts';
import { DIALECTS } from '../../testing/test-db.ts';

const LIUCUO = '350505100201';
const NEIGHBOUR = '350505100202';
const NANPU = '350505100000';

let seq = 301;
async function person(agent: Agent, unitCode: string, name: string) {
  const res = await agent.post('/api/persons', {
    unitCode,
    householdNumber: `Q${(seq += 2)}`,
    name,
    idNumber: makeIdNumber('350505', '1982-08-08', seq),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; idMasked: string };
}
type Queue = {
  counts: Record<string, number>;
  total: number;
  units: { code: string; total: number }[];
  items: {
    kind: string;
    person: { id: number; idMasked: string } | null;
    suggested: string;
    daysLeft: number | null;
    recordId: number | null;
    unitCode: string;
  }[];
};
const mine = (q: Queue, id: number, kind: string) =>
  q.items.filter((i) => i.person?.id === id && i.kind === kind);

describe.each(DIALECTS)('work queues over HTTP on %s', (dialect) => {
  let t: TestApp;
  let village: Agent;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    village = await t.as('liucuo');
  });
  afterAll(() => t.close());

  it('shrinks as the missing visit, recommendations and request fulfilment are recorded', async () => {
    const p = await person(village, LIUCUO, '许建华');
    await village.post(`/api/persons/${p.id}/registrations`, { approved: '2026-02-01' });
    const request = (
      await village.post(`/api/persons/${p.id}/services`, {
        type: '服务申请',
        requestItem: '职业培训',
        date: '2026-11-10',
      })
    ).json();
    const queue = async () => (await village.get('/api/work-queues')).json() as Queue;

    const before = await queue();
    expect(mine(before, p.id, 'notVisited')).toEqual([
      expect.objectContaining({
        suggested: '走访',
        person: { id: p.id, name: '许建华', idMasked: p.idMasked },
      }),
    ]);
    expect(mine(before, p.id, 'fewRecommendations')).toHaveLength(1);
    expect(mine(before, p.id, 'openRequest')).toEqual([
      expect.objectContaining({ recordId: request.id, daysLeft: 14 }),
    ]);

    await village.post(`/api/persons/${p.id}/services`, { type: '走访' });
    const afterVisit = await queue();
    expect(mine(afterVisit, p.id, 'notVisited')).toEqual([]);
    expect(afterVisit.counts.notVisited).toBe(before.counts.notVisited! - 1);

    await village.post(`/api/persons/${p.id}/services`, {
      type: '推荐就业',
      employer: '泉港石化',
      post: '操作工',
    });
    expect(mine(await queue(), p.id, 'fewRecommendations')).toHaveLength(1);
    await village.post(`/api/persons/${p.id}/services`, {
      type: '推荐就业',
      employer: '联合石化',
      post: '巡检',
    });
    expect(mine(await queue(), p.id, 'fewRecommendations')).toEqual([]);

    await village.post(`/api/services/${request.id}/fulfil`, { version: request.version });
    const after = await queue();
    expect(mine(after, p.id, 'openRequest')).toEqual([]);
    expect(after.total).toBe(before.total - 3);
  });

  it("follows every village's writes in a town's queue, on this server and on another over the same database", async () => {
    const town = await t.as('nanpu');
    const other = await buildTestServer(t.db, t.clock);
    try {
      const elsewhere = new Agent(other, t.clock);
      expect((await elsewhere.login('nanpu')).statusCode).toBe(200);
      const townQueue = async (agent: Agent) => (await agent.get('/api/work-queues')).json() as Queue;
      // both servers have computed the town's queue once
      const before = await townQueue(town);
      expect(await townQueue(elsewhere)).toEqual(before);

      const p = await person(town, NEIGHBOUR, '陈志远');
      await town.post(`/api/persons/${p.id}/registrations`, { approved: '2026-03-01' });
      for (const agent of [town, elsewhere]) {
        const q = await townQueue(agent);
        expect(mine(q, p.id, 'notVisited')).toHaveLength(1);
        expect(q.units.find((u) => u.code === NEIGHBOUR)!.total).toBeGreaterThan(
          before.units.find((u) => u.code === NEIGHBOUR)!.total,
        );
        // the other villages' queues are as they were
        expect(q.units.find((u) => u.code === LIUCUO)).toEqual(before.units.find((u) => u.code === LIUCUO));
      }
      await town.post(`/api/persons/${p.id}/services`, { type: '走访' });
      for (const agent of [town, elsewhere])
        expect(mine(await townQueue(agent), p.id, 'notVisited')).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("counts a town's ledgers again after a village's write, that village's part alone changing", async () => {
    const town = await t.as('nanpu');
    const total = async (agent: Agent, ledger: string) =>
      (await agent.get(`/api/ledgers/${ledger}?limit=5`)).json().total as number;
    const [townBefore, villageBefore] = [await total(town, 'unemployed'), await total(village, 'unemployed')];
    const labourBefore = await total(town, 'labour');
    const p = await person(town, NEIGHBOUR, '黄丽娟');
    expect(await total(town, 'labour')).toBe(labourBefore + 1);
    await town.post(`/api/persons/${p.id}/registrations`, { approved: '2026-04-01' });
    expect(await total(town, 'unemployed')).toBe(townBefore + 1);
    expect(await total(village, 'unemployed')).toBe(villageBefore);
    await town.post(`/api/persons/${p.id}/employment`, { form: '灵活就业', start: '2026-11-20' });
    // employed, but still registered: the 失业人员 ledger keeps the person until the registration is closed
    expect(await total(town, 'unemployed')).toBe(townBefore + 1);
    await town.post(`/api/persons/${p.id}/registrations/close`, { closed: '2026-11-20', reason: '就业' });
    expect(await total(town, 'unemployed')).toBe(townBefore);
  });

  it('computes the queue for another date: a request is overdue after 30 days', async () => {
    const p = await person(village, LIUCUO, '蔡明辉');
    const r = (
      await village.post(`/api/persons/${p.id}/services`, {
        type: '服务申请',
        requestItem: '职业指导',
        date: '2026-11-01',
      })
    ).json();
    const later = (await village.get('/api/work-queues?date=2026-12-05')).json() as Queue;
    expect(later.items.find((i) => i.recordId === r.id)).toMatchObject({ daysLeft: null, daysOverdue: 4 });
  });

  it('shrinks the unit-level gaps as the organisation records and the job fair mobilisation are recorded, with evidence', async () => {
    const before = (await village.get(`/api/work-queues?unit=${LIUCUO}`)).json() as Queue;
    const gaps = () => before.items.filter((i) => i.kind === 'unitGap').map((i) => i.suggested);
    expect(gaps()).toEqual(expect.arrayContaining(['领导小组', '信息发布栏', '招聘会动员']));
    const rec = await village.post('/api/unit-records', {
      unitCode: LIUCUO,
      type: '招聘会动员',
      date: '2026-05-01',
      participants: 35,
      note: '组织35人参加春风行动招聘会',
    });
    expect(rec.statusCode, rec.body).toBe(201);
    const photo = await village.request({
      method: 'POST',
      url: `/api/unit-records/${rec.json().id}/files`,
      ...multipartFile('招聘会.jpg', fakeJpeg()),
    });
    expect(photo.statusCode).toBe(201);
    await village.post('/api/unit-records', {
      unitCode: LIUCUO,
      type: '领导小组',
      date: '2026-01-05',
      title: '创建充分就业村领导小组',
    });
    const after = (await village.get(`/api/work-queues?unit=${LIUCUO}`)).json() as Queue;
    const left = after.items.filter((i) => i.kind === 'unitGap').map((i) => i.suggested);
    expect(left).not.toContain('招聘会动员');
    expect(left).not.toContain('领导小组');
    expect(after.counts.unitGap).toBe(before.counts.unitGap! - 2);
  });

  it("rolls every village of a town into the town's queue, per unit, and hides other towns", async () => {
    const neighbour = await person(await t.as('nanpu'), NEIGHBOUR, '林国栋');
    const town = await t.as('nanpu');
    await town.post(`/api/persons/${neighbour.id}/registrations`, { approved: '2026-06-01' });
    const q = (await town.get('/api/work-queues')).json() as Queue;
    expect(q.units.map((u) => u.code)).toEqual(expect.arrayContaining([LIUCUO, NEIGHBOUR]));
    expect(q.units.every((u) => u.code.startsWith('350505100'))).toBe(true);
    expect(mine(q, neighbour.id, 'notVisited')).toEqual([expect.objectContaining({ unitCode: NEIGHBOUR })]);
    expect(q.items.some((i) => i.unitCode === LIUCUO)).toBe(true);
    expect(q.total).toBe(q.units.reduce((n, u) => n + u.total, 0));

    expect((await village.get(`/api/work-queues?unit=${NANPU}`)).statusCode).toBe(404);
    expect((await village.get(`/api/work-queues?unit=${NEIGHBOUR}`)).statusCode).toBe(404);
    expect((await (await t.as('shanyao')).get(`/api/work-queues?unit=${LIUCUO}`)).statusCode).toBe(404);
    expect((await (await t.as('kaohe')).get('/api/work-queues')).statusCode).toBe(400);
    expect((await (await t.as('kaohe')).get(`/api/work-queues?unit=${NANPU}`)).statusCode).toBe(200);
  });
});
