import type { DialectName } from '../src/server/db/connect.ts';
import { DEMO_PASSWORD } from '../src/server/services/demo.service.ts';
import { runLoadFromSecondProcess, type LoadReport } from '../src/server/testing/load-mix.ts';
import { runJiuye, startServer } from '../src/server/testing/server-process.ts';
import { createBenchDb, log, round } from './setup.ts';

export interface LoadBenchOptions {
  dialect: DialectName;
  persons: number;
  seed: number;
}

/** Concurrent signed-in clients and seconds of each measured phase. */
const CONNECTIONS = 8;
const SECONDS = 20;
/** Village and town staff: they sign in with a password alone. */
const ACCOUNTS = ['liucuo', 'jinxiang', 'nanpu', 'shanyao'].map((username) => ({
  username,
  password: DEMO_PASSWORD,
}));
const BUSY = /SQLITE_BUSY|database is locked/g;

/**
 * The real server (`bin/jiuye serve`, a child process) on a district seeded with `bin/jiuye seed-demo
 * --persons N`, loaded from a second process on loopback (src/server/testing/load-mix.ts): 80 % reads and
 * 20 % writes by signed-in clients, against `/api/health` measured in the same run with as many connections
 * (QUALITY.md: ≥ 0.15×, no errors, no SQLITE_BUSY reaching a client).
 */
export async function benchLoad(o: LoadBenchOptions): Promise<object[]> {
  const b = await createBenchDb(o.dialect);
  try {
    const env = {
      ...process.env,
      // synthetic data: a fixed key
      JIUYE_DATA_KEY: Buffer.alloc(32, 9).toString('hex'),
      // the clients go far beyond any person's pace on purpose
      JIUYE_RATE_LIMITS: 'off',
      JIUYE_LOG_LEVEL: 'error',
    };
    log(`${o.dialect}: bin/jiuye seed-demo --persons ${o.persons}…`);
    const t0 = performance.now();
    await runJiuye(
      ['seed-demo', '--db', b.url, '--persons', String(o.persons), '--seed', String(o.seed)],
      env,
    );
    log(`  seeded in ${round((performance.now() - t0) / 1000)} s`);
    const server = await startServer(b.url, env);
    let report: LoadReport;
    try {
      log(`  ${CONNECTIONS} clients, ${SECONDS} s of /api/health, then ${SECONDS} s of the mix…`);
      report = await runLoadFromSecondProcess({
        baseUrl: server.baseUrl,
        accounts: ACCOUNTS,
        connections: CONNECTIONS,
        seconds: SECONDS,
        year: new Date().getFullYear(),
        tag: 'bench-load',
      });
    } finally {
      await server.stop();
    }
    const busyLogged = server.output().match(BUSY)?.length ?? 0;
    const ratio = report.mix.rps / Math.max(1, report.health.rps);
    const errors = report.mix.errors + report.health.errors;
    const busy = report.mix.busy + busyLogged;
    log(
      `  health ${report.health.rps} req/s p99 ${report.health.p99Ms} ms; mix ${report.mix.rps} req/s p99 ${report.mix.p99Ms} ms; ${errors} errors`,
    );
    return [
      {
        name: 'load-mix',
        dialect: o.dialect,
        persons: o.persons,
        connections: CONNECTIONS,
        seconds: SECONDS,
        health: { rps: report.health.rps, p50Ms: report.health.p50Ms, p99Ms: report.health.p99Ms },
        mix: {
          rps: report.mix.rps,
          p50Ms: report.mix.p50Ms,
          p99Ms: report.mix.p99Ms,
          maxMs: report.mix.maxMs,
          reads: report.mix.reads,
          writes: report.mix.writes,
          // where the time goes: each kind of request as one client saw it
          byRequest: report.mix.byRequest,
        },
        ratio: Math.round(ratio * 1000) / 1000,
        target: 0.15,
        errors,
        failures: { ...report.health.failures, ...report.mix.failures },
        busy,
        ok: ratio >= 0.15 && errors === 0 && busy === 0,
      },
    ];
  } finally {
    await b.drop();
  }
}
