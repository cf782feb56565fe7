import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgres, openSqlite, type DbHandle, type DialectName } from '../db/connect.ts';
import { dbUrlWithName } from './pg-url.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: { runId: string; sqliteTemplate: string; pgAdminUrl: string | null; pgTemplate: string | null };
  }
}

/** The engines every database test runs on: SQLite always, PostgreSQL whenever one is configured. */
export const DIALECTS: DialectName[] = inject('testDb').pgAdminUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb extends DbHandle {
  /** the URL or file another process (a CLI run, a second app) can open */
  url: string;
  destroy(): Promise<void>;
}

let counter = 0;

/**
 * A fresh, migrated database with the district's units loaded, copied from the template the global set-up
 * made once (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL).
 */
export async function createTestDb(dialect: DialectName): Promise<TestDb> {
  const provided = inject('testDb');
  const name = `jiuye_t_${provided.runId}_${process.pid}_${counter++}_${randomBytes(4).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-db-'));
    const file = path.join(dir, `${name}.db`);
    fs.copyFileSync(provided.sqliteTemplate, file);
    const handle = openSqlite(file);
    return {
      ...handle,
      url: file,
      destroy: async () => {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!provided.pgAdminUrl || !provided.pgTemplate) throw new Error('PostgreSQL is not configured for tests');
  const admin = new pg.Client({ connectionString: provided.pgAdminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${provided.pgTemplate}"`);
        break;
      } catch (e) {
        // Two workers copying the template at the same moment: wait and try again.
        if (attempt > 20 || !String((e as Error).message).includes('being accessed')) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = dbUrlWithName(provided.pgAdminUrl, name);
  const handle = openPostgres(url);
  return {
    ...handle,
    url,
    destroy: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: provided.pgAdminUrl! });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
