import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../domain/id-number.ts';
import { createTestApp, type Agent, type TestApp } from '../testing/http.ts';
import { DIALECTS } from '../testing/test-db.ts';

/**
 * Another process holding the database's write lock (a command-line import of a district file, a restore)
 * while staff work: a write is never answered with a 500 and a read is never refused. PostgreSQL queues the
 * write behind the lock; SQLite gives up after its busy timeout and the app answers 503 BUSY with
 * Retry-After, having written nothing.
 */
describe.each(DIALECTS)('a write meeting another process’s lock on %s', (dialect) => {
  let t: TestApp;
  let village: Agent;
  let personId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    village = await t.as('liucuo');
    const res = await village.post('/api/persons', {
      unitCode: '350505100201',
      householdNumber: 'B1',
      name: '林志强',
      idNumber: makeIdNumber('350505', '1983-04-05', 515),
    });
    expect(res.statusCode, res.body).toBe(201);
    personId = res.json().id;
    // the test waits a fifth of a second for the lock, not the ten seconds a server waits
    t.db.sqlite?.pragma('busy_timeout = 200');
  });
  afterAll(() => t.close());

  const servicesOf = async () =>
    (await village.get(`/api/persons/${personId}/services`)).json().items.length as number;

  it('is refused with 503 BUSY and Retry-After on SQLite, or waits for the lock on PostgreSQL; reads go on', async () => {
    const before = await servicesOf();
    // a minute on: this request's session is due its idle-clock write, which must not fail the read
    t.clock.advance(2 * 60_000);
    if (dialect === 'sqlite') {
      const other = new BetterSqlite3(t.db.url);
      other.prepare('begin immediate').run();
      try {
        const write = await village.post(`/api/persons/${personId}/services`, { type: '走访' });
        expect(write.statusCode).toBe(503);
        expect(write.headers['retry-after']).toBe('5');
        expect(write.json().error).toMatchObject({
          code: 'BUSY',
          message: expect.stringContaining('请稍后重试'),
        });
        expect(write.body).not.toMatch(/SQLITE|locked/i);
        const read = await village.get(`/api/persons/${personId}`);
        expect(read.statusCode).toBe(200);
      } finally {
        other.prepare('rollback').run();
        other.close();
      }
      expect(await servicesOf()).toBe(before);
      const again = await village.post(`/api/persons/${personId}/services`, { type: '走访' });
      expect(again.statusCode).toBe(201);
    } else {
      const other = new pg.Client({ connectionString: t.db.url });
      await other.connect();
      try {
        await other.query('begin');
        // every write appends to the audit chain through this row
        await other.query('lock table audit_head in exclusive mode');
        const write = village.post(`/api/persons/${personId}/services`, { type: '走访' });
        const read = await village.get(`/api/persons/${personId}`);
        expect(read.statusCode).toBe(200);
        await new Promise((r) => setTimeout(r, 300));
        await other.query('commit');
        expect((await write).statusCode).toBe(201);
      } finally {
        await other.end();
      }
    }
    expect(await servicesOf()).toBe(before + 1);
  });
});
