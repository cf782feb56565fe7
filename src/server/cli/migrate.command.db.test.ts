import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../db/connect.ts';
import { dbUrlWithName } from '../testing/pg-url.ts';

const BIN = path.resolve(import.meta.dirname, '../../../bin/jiuye');

function jiuye(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, JIUYE_DATA_KEY: 'a'.repeat(64) },
  });
}

async function unitsAt(url: string) {
  const h = openDatabase(url);
  try {
    return await h.db
      .selectFrom('unit')
      .select(['code', 'name', 'kind', 'parent_code', 'level'])
      .orderBy('code')
      .execute();
  } finally {
    await h.close();
  }
}

/** Fresh, empty databases, one per engine: what `bin/jiuye migrate` meets on a new installation. */
async function emptyDatabases(): Promise<{ urls: string[]; drop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-migrate-'));
  const urls = [path.join(dir, 'fresh.db')];
  const admin = inject('testDb').pgAdminUrl;
  const name = `jiuye_t_${inject('testDb').runId}_migrate_${process.pid}`;
  if (admin) {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    urls.push(dbUrlWithName(admin, name));
  }
  return {
    urls,
    drop: async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      if (!admin) return;
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

describe('bin/jiuye migrate', () => {
  let drop: () => Promise<void> = async () => undefined;
  afterAll(() => drop());

  it('gives a fresh SQLite file and a fresh PostgreSQL database the same 114 units of Quangang district', async () => {
    const fresh = await emptyDatabases();
    drop = fresh.drop;
    const results = [];
    for (const url of fresh.urls) {
      const first = jiuye('--db', url, 'migrate');
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('已载入泉港区区划：新建 114 个单位');
      const again = jiuye('--db', url, 'migrate');
      expect(again.status).toBe(0);
      expect(again.stdout).not.toContain('已载入');
      results.push(await unitsAt(url));
    }
    const [sqlite, ...others] = results;
    expect(sqlite!.filter((u) => u.level === 1)).toEqual([
      { code: '350505000000', name: '泉港区', kind: 'district', parent_code: null, level: 1 },
    ]);
    expect(sqlite!.filter((u) => u.level === 2)).toHaveLength(8);
    expect(sqlite!.filter((u) => u.level === 3)).toHaveLength(105);
    for (const other of others) expect(other).toEqual(sqlite);
  });

  it('says what went wrong in one line, without a stack trace, when the database cannot be reached', () => {
    const r = jiuye('--db', 'postgres://nobody@127.0.0.1:1/none', 'migrate');
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
