import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUnits } from '../src/server/repositories/unit.repository.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/server/services/demo.service.ts';
import { TEST_KEY_HEX } from '../src/server/testing/context.ts';
import { tempDir, writeDistrictWorkbook } from '../src/server/testing/ledger-files.ts';
import { runLoadFromSecondProcess } from '../src/server/testing/load-mix.ts';
import { runJiuye, startServer } from '../src/server/testing/server-process.ts';
import { createTestDb, DIALECTS } from '../src/server/testing/test-db.ts';

/**
 * The mixed load of QUALITY.md (80 % reads, 20 % writes by signed-in clients, from a second process on
 * loopback) against the real server, while the command line imports a workbook into the same database
 * again and again — a second writer, the way SQLITE_BUSY would come about. Correctness only: every request
 * answered 2xx, no SQLITE_BUSY in an answer or in the server's log, and every write the server acknowledged
 * is in the database. The speed of the same mix is measured by `npm run bench` (bench/load.bench.ts).
 */

const PERSONS = 4000;
const SECONDS = 15;
const CONNECTIONS = 8;
const IMPORT_ROWS = 2000;
const ACCOUNTS = ['liucuo', 'jinxiang', 'nanpu', 'shanyao'].map((username) => ({
  username,
  password: DEMO_PASSWORD,
}));

describe.each(DIALECTS)('the server under mixed load on %s', (dialect) => {
  it('answers every request of the mix, with no SQLITE_BUSY and no write lost, while another process imports', async () => {
    const t = await createTestDb(dialect);
    const dir = tempDir();
    const env = {
      ...process.env,
      JIUYE_DATA_KEY: TEST_KEY_HEX,
      JIUYE_RATE_LIMITS: 'off',
      JIUYE_LOG_LEVEL: 'error',
    };
    try {
      await runJiuye(['seed-demo', '--db', t.url, '--persons', String(PERSONS)], env);
      // the importer writes to towns none of the clients serve: its rows carry the workbook's 备注, so an import
      // after a client's edit would change the person back, and the client's next edit would rightly be refused
      // (409) as made on a stale version
      const loadTowns = new Set(
        DEMO_ACCOUNTS.filter((a) => ACCOUNTS.some((l) => l.username === a.username)).map((a) =>
          a.unitCode!.slice(0, 9),
        ),
      );
      const units = (await findUnits(t.db))
        .filter((u) => u.level === 3 && !loadTowns.has(u.parent_code!.slice(0, 9)))
        .map((u) => u.code);
      expect(units.length).toBeGreaterThan(10);
      const workbook = path.join(dir, 'district.xlsx');
      await writeDistrictWorkbook(workbook, { units, persons: IMPORT_ROWS, seed: 3, area: '350522' });
      const servicesTagged = async (tag: string) =>
        Number(
          (
            await t.db
              .selectFrom('service_record')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('content', 'like', `${tag} %`)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const personEdits = async () =>
        Number(
          (
            await t.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('action', '=', 'person.update')
              .executeTakeFirstOrThrow()
          ).n,
        );
      const editsBefore = await personEdits();
      const tag = `stress-${dialect}`;

      const server = await startServer(t.url, env);
      let imports = 0;
      let loadDone = false;
      try {
        const load = runLoadFromSecondProcess({
          baseUrl: server.baseUrl,
          accounts: ACCOUNTS,
          connections: CONNECTIONS,
          seconds: SECONDS,
          year: new Date().getFullYear(),
          tag,
        }).finally(() => (loadDone = true));
        // the second writer, in the same database: the first import adds 2,000 persons, the later ones find them
        // unchanged
        const importer = (async () => {
          while (!loadDone) {
            const out = await runJiuye(['import', '--db', t.url, workbook, '--json'], env);
            expect(JSON.parse(out).total.rejected).toBe(0);
            imports++;
          }
        })();
        // both end before the database goes, whichever fails
        const [loaded, imported] = await Promise.allSettled([load, importer]);
        if (loaded.status === 'rejected') throw loaded.reason;
        if (imported.status === 'rejected') throw imported.reason;
        const report = loaded.value;
        console.log(
          `[${dialect}] health ${report.health.rps} req/s; mix ${report.mix.rps} req/s (${report.mix.reads} reads, ${report.mix.writes} writes, p99 ${report.mix.p99Ms} ms); ${imports} imports alongside`,
        );

        expect(report.health.errors).toBe(0);
        expect(report.mix.failures).toEqual({});
        expect(report.mix.samples).toEqual([]);
        expect(report.mix.errors).toBe(0);
        expect(report.mix.busy).toBe(0);
        expect(server.output()).not.toMatch(/SQLITE_BUSY|database is locked/);
        expect(imports).toBeGreaterThan(0);
        // the mix ran: four reads to one write (a round cut off by the clock aside)
        const share = report.mix.writes / (report.mix.reads + report.mix.writes);
        expect(report.mix.writes).toBeGreaterThan(0);
        expect(share).toBeGreaterThan(0.18);
        expect(share).toBeLessThan(0.22);

        // every acknowledged write is in the database, once; beyond those only the requests the clock cut off
        // (at most one per client in each of the warm-up and the measured phase)
        const inFlight = 2 * CONNECTIONS;
        const services = await servicesTagged(tag);
        expect(services).toBeGreaterThanOrEqual(report.mix.services);
        expect(services).toBeLessThanOrEqual(report.mix.services + inFlight);
        const edits = (await personEdits()) - editsBefore;
        expect(edits).toBeGreaterThanOrEqual(report.mix.edits);
        expect(edits).toBeLessThanOrEqual(report.mix.edits + inFlight);
      } finally {
        await server.stop();
      }
    } finally {
      await t.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
