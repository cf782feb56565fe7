import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres, openSqlite, type DbHandle } from '../src/server/db/connect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { ensureDistrictUnits } from '../src/server/services/unit.service.ts';
import { dbUrlWithName } from '../src/server/testing/pg-url.ts';
import { testContext } from '../src/server/testing/context.ts';

/**
 * Which PostgreSQL the tests use: JIUYE_TEST_PG if set (CI sets it and JIUYE_TEST_PG_REQUIRED=1), else the
 * local server when one answers. Builds one migrated template per engine, copied by every test file.
 */
async function findPostgres(): Promise<string | null> {
  const candidates = process.env.JIUYE_TEST_PG
    ? [process.env.JIUYE_TEST_PG]
    : ['postgres://postgres@127.0.0.1:5432/postgres'];
  for (const url of candidates) {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.query('select 1');
      await c.end();
      return url;
    } catch (e) {
      await c.end().catch(() => undefined);
      if (process.env.JIUYE_TEST_PG_REQUIRED === '1')
        throw new Error(`PostgreSQL at ${url} does not answer: ${(e as Error).message}`);
    }
  }
  return null;
}

async function prepare(handle: DbHandle) {
  await migrateToLatest(handle.db);
  await ensureDistrictUnits(testContext(handle));
  await handle.close();
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-tpl-'));
  const sqliteTemplate = path.join(dir, 'template.db');
  await prepare(openSqlite(sqliteTemplate));

  const pgAdminUrl = await findPostgres();
  let pgTemplate: string | null = null;
  if (pgAdminUrl) {
    pgTemplate = `jiuye_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${pgTemplate}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${pgTemplate}"`);
    await admin.end();
    await prepare(openPostgres(dbUrlWithName(pgAdminUrl, pgTemplate)));
  } else {
    console.warn(
      '[jiuye] PostgreSQL not reachable: database tests run on SQLite only. Set JIUYE_TEST_PG to include it.',
    );
  }
  project.provide('testDb', { runId: String(process.pid), sqliteTemplate, pgAdminUrl, pgTemplate });

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (pgAdminUrl && pgTemplate) {
      const admin = new pg.Client({ connectionString: pgAdminUrl });
      await admin.connect();
      const leftovers = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
        [`jiuye\\_t\\_${process.pid}\\_%`, pgTemplate],
      );
      for (const { datname } of leftovers.rows)
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.end();
    }
  };
}
