import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../domain/id-number.ts';
import { createTestApp, type Agent, type TestApp } from '../testing/http.ts';
import { DIALECTS } from '../testing/test-db.ts';

const LIUCUO = '350505100201';

let seq = 401;
export function concurrentPersonForm(over: Record<string, string> = {}) {
  const id = makeIdNumber('350505', '1979-06-15', (seq += 2));
  return {
    unitCode: LIUCUO,
    householdNumber: `C${seq}`,
    name: '郑文华',
    idNumber: id,
    phone: '13700001111',
    ...over,
  };
}

/**
 * `clients` workers, each doing `cycles` read-modify-write attempts on one person's 备注 (a counter): read the
 * record, write counter + 1 with the version read; a 409 sends the worker back to read again. No update may be
 * lost: the successful writes carry exactly the values 1…n, and the record ends at n.
 */
export async function lostUpdateRun(agents: Agent[], personId: number, cycles: number) {
  const written: number[] = [];
  let conflicts = 0;
  const others: number[] = [];
  await Promise.all(
    agents.map(async (agent) => {
      for (let c = 0; c < cycles; c++) {
        const current = (await agent.get(`/api/persons/${personId}`)).json();
        const next = Number(current.note ?? '0') + 1;
        const res = await agent.request({
          method: 'POST',
          url: `/api/persons/${personId}`,
          payload: {
            householdNumber: current.household.number,
            name: current.name,
            note: String(next),
            version: current.version,
          },
        });
        if (res.statusCode === 200) written.push(next);
        else if (res.statusCode === 409) conflicts++;
        else others.push(res.statusCode);
      }
    }),
  );
  return { written, conflicts, others };
}

describe.each(DIALECTS)('concurrent writes over HTTP on %s', (dialect) => {
  let t: TestApp;
  let village: Agent;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    village = await t.as('liucuo');
  });
  afterAll(() => t.close());

  it('loses no update when 50 clients edit one person (20 cycles each here, 100 in test:stress)', async () => {
    const person = (await village.post('/api/persons', concurrentPersonForm({ note: '0' }))).json();
    const agents = await Promise.all(Array.from({ length: 50 }, () => t.as('liucuo')));
    const { written, conflicts, others } = await lostUpdateRun(agents, person.id, 20);
    expect(others).toEqual([]);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length + conflicts).toBe(50 * 20);
    expect([...written].sort((a, b) => a - b)).toEqual(
      Array.from({ length: written.length }, (_, i) => i + 1),
    );
    const final = (await village.get(`/api/persons/${person.id}`)).json();
    expect(final.note).toBe(String(written.length));
    const audited = await t.db.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'person.update')
      .where('object_id', '=', String(person.id))
      .execute();
    expect(audited).toHaveLength(written.length);
  });

  it('answers a stale edit with 409, the current version and what the other user changed', async () => {
    const person = (await village.post('/api/persons', concurrentPersonForm({ note: '原备注' }))).json();
    const base = { householdNumber: person.household.number, name: person.name, version: person.version };
    expect((await village.post(`/api/persons/${person.id}`, { ...base, note: '甲改的' })).statusCode).toBe(
      200,
    );
    const stale = await village.post(`/api/persons/${person.id}`, { ...base, note: '乙改的' });
    expect(stale.statusCode).toBe(409);
    const current = (await village.get(`/api/persons/${person.id}`)).json();
    expect(stale.json().error).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: [
        { path: 'version', message: String(current.version) },
        { path: 'note', message: '已被他人改为「甲改的」' },
      ],
    });
  });

  it('creates one person when 100 requests for one ID number race, the others a clean 409', async () => {
    const form = concurrentPersonForm();
    const results = await Promise.all(Array.from({ length: 100 }, () => village.post('/api/persons', form)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(99);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('CONFLICT');
    const rows = await t.db.db
      .selectFrom('person')
      .select('id')
      .where('id_hmac', '=', (await import('../testing/context.ts')).TEST_PII.blindIndex(form.idNumber))
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('creates one award when 100 proposals for one unit race across accepted years', async () => {
    const assessor = await t.as('kaohe');
    const now = '2026-11-26T00:00:00.000Z';
    const years = Array.from({ length: 100 }, (_, i) => 2000 + i);
    await t.db.db
      .insertInto('assessment')
      .values(
        years.map((year) => ({
          unit_code: '350505100202',
          year,
          state: 'accepted' as const,
          profile_id: 'quangang-2016',
          created_at: now,
          updated_at: now,
          version: 1,
        })),
      )
      .execute();
    const results = await Promise.all(
      years.map((year) =>
        assessor.post(`/api/assessments/350505100202/${year}/award/propose`, {
          version: 1,
          recommendedUpward: false,
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(results.find((r) => r.statusCode !== 200 && r.statusCode !== 409)?.body).toBeUndefined();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    expect(
      await t.db.db
        .selectFrom('assessment_award')
        .select('id')
        .where('unit_code', '=', '350505100202')
        .execute(),
    ).toHaveLength(1);
  });

  it('creates one assessment when 100 self-assessments of one unit and year race', async () => {
    const jinxiang = await t.as('jinxiang');
    const url = '/api/assessments/350505001001/2016';
    const rows: { no: number; computed: number }[] = (await jinxiang.get(`${url}/scorecard`)).json().rows;
    const items = rows.map((r) => ({ no: r.no, score: r.computed }));
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        jinxiang.post(`${url}/self-assess`, { version: 0, items, report: '自评报告' }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(99);
    expect(
      await t.db.db
        .selectFrom('assessment')
        .select('id')
        .where('unit_code', '=', '350505001001')
        .where('year', '=', 2016)
        .execute(),
    ).toHaveLength(1);
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer to a retried create and stores no duplicate', async () => {
      const form = concurrentPersonForm();
      const send = () =>
        village.request({
          method: 'POST',
          url: '/api/persons',
          payload: form,
          headers: { 'idempotency-key': `create-${form.idNumber}` },
        });
      const first = await send();
      expect(first.statusCode).toBe(201);
      // the response was "dropped": the client sends the same request again, three times
      for (let i = 0; i < 3; i++) {
        const again = await send();
        expect(again.statusCode).toBe(201);
        expect(again.headers['idempotent-replayed']).toBe('true');
        expect(again.json()).toEqual(first.json());
      }
      const count = await t.db.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'person.create')
        .where('object_id', '=', String(first.json().id))
        .execute();
      expect(count).toHaveLength(1);
    });

    it('replays a retried service record and a vacancy without a second row', async () => {
      const person = (await village.post('/api/persons', concurrentPersonForm())).json();
      const before = await t.db.db
        .selectFrom('service_record')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const body = { type: '走访', date: '2026-11-20', content: '入户走访' };
      const post = () =>
        village.request({
          method: 'POST',
          url: `/api/persons/${person.id}/services`,
          payload: body,
          headers: { 'idempotency-key': `visit-${person.id}-0001` },
        });
      const replies = await Promise.all([post(), post(), post()]);
      // concurrent retries: one runs; the others are refused while it runs or replayed after
      expect(replies.filter((r) => r.statusCode >= 500)).toEqual([]);
      const after = await t.db.db
        .selectFrom('service_record')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n) - Number(before.n)).toBeLessThanOrEqual(1);
      const late = await post();
      expect([200, 201]).toContain(late.statusCode);
      expect(late.headers['idempotent-replayed']).toBe('true');
      const final = await t.db.db
        .selectFrom('service_record')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(final.n) - Number(before.n)).toBe(1);
    });

    it('refuses a key reused for a different request, and keys of another user are their own', async () => {
      const a = concurrentPersonForm();
      const b = concurrentPersonForm();
      const key = { 'idempotency-key': 'shared-key-123456' };
      expect(
        (await village.request({ method: 'POST', url: '/api/persons', payload: a, headers: key })).statusCode,
      ).toBe(201);
      const reused = await village.request({ method: 'POST', url: '/api/persons', payload: b, headers: key });
      expect(reused.statusCode).toBe(409);
      expect(reused.json().error.message).toContain('Idempotency-Key');
      const other = await t.as('jinxiang');
      const theirs = await other.request({
        method: 'POST',
        url: '/api/persons',
        payload: { ...b, unitCode: '350505001001' },
        headers: key,
      });
      expect(theirs.statusCode).toBe(201);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    });

    it('refuses a malformed key before anything is written', async () => {
      const res = await village.request({
        method: 'POST',
        url: '/api/persons',
        payload: concurrentPersonForm(),
        headers: { 'idempotency-key': 'short' },
      });
      expect(res.statusCode).toBe(400);
    });
  });
});
