import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../services/audit.service.ts';
import { testContext } from '../testing/context.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';

const BIN = path.resolve('bin/jiuye');

/**
 * Tampering straight in the database (as someone with the database password would) is caught by
 * `bin/jiuye audit verify`, which exits non-zero and names the first broken record.
 */
describe.each(DIALECTS)('bin/jiuye audit verify against tampering on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  const verify = () => {
    const r = spawnSync(process.execPath, [BIN, '--db', t.url, 'audit', 'verify'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, JIUYE_KEY_FILE: path.join(dir, 'jiuye.key') },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  beforeEach(async () => {
    t = await createTestDb(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-audit-'));
    // The template already holds the units' load record (seq 1): the chain here has 11 records.
    const ctx = testContext(t);
    for (let i = 1; i <= 10; i++) {
      await t.db.transaction().execute((trx) =>
        recordAudit(trx, ctx, {
          action: 'test.write',
          objectType: 'person',
          objectId: i,
          detail: { n: i },
        }),
      );
    }
  });
  afterEach(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes an untouched chain', () => {
    const r = verify();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('审计链完整：共 11 条记录');
  });

  it('names an altered record', async () => {
    await t.db.updateTable('audit_log').set({ detail: '{"n":99}' }).where('seq', '=', 4).execute();
    const r = verify();
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('第 4 条记录内容被改动');
  });

  it('names the record after one whose hash was recomputed to hide an alteration', async () => {
    // The forger rewrites record 4 and its own hash; record 5 still points at the old hash.
    await t.db
      .updateTable('audit_log')
      .set({ actor: 'someone', hash: 'f'.repeat(64) })
      .where('seq', '=', 4)
      .execute();
    const r = verify();
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/第 4 条记录内容被改动|第 5 条记录与前一条的链接不符/);
  });

  it('names a deleted record in the middle', async () => {
    await t.db.deleteFrom('audit_log').where('seq', '=', 6).execute();
    const r = verify();
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('第 6 条记录缺失');
  });

  it('names deleted records at the end', async () => {
    await t.db.deleteFrom('audit_log').where('seq', '>=', 10).execute();
    const r = verify();
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('末尾记录缺失：应有 11 条，实有 9 条');
  });

  it('names the first of two records swapped in order', async () => {
    // Swap records 3 and 7 by renumbering them (through a free number so the primary key never collides).
    await t.db.updateTable('audit_log').set({ seq: 1000 }).where('seq', '=', 3).execute();
    await t.db.updateTable('audit_log').set({ seq: 3 }).where('seq', '=', 7).execute();
    await t.db.updateTable('audit_log').set({ seq: 7 }).where('seq', '=', 1000).execute();
    const r = verify();
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('第 3 条记录与前一条的链接不符');
  });

  it('names a record inserted into the chain', async () => {
    const row = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 11)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('audit_log')
      .values({ ...row, seq: 12, action: 'forged' })
      .execute();
    const r = verify();
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/第 12 条记录/);
  });
});
