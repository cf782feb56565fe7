import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { censusOfPostgres, censusOfSqlite, type Census } from '../db/backup.ts';
import { openDatabase } from '../db/connect.ts';
import { createPiiCipher } from '../security/pii-cipher.ts';
import { testContext, TEST_PII } from '../testing/context.ts';
import { dbUrlWithName } from '../testing/pg-url.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import { recordAudit, verifyAuditChain } from './audit.service.ts';
import { generateSyntheticDistrict } from './synthetic.service.ts';
import type { BackupManifest } from './backup.service.ts';

const BIN = path.resolve('bin/jiuye');
/** TEST_PII's key, as the CLI reads it */
const TEST_KEY_HEX = Buffer.alloc(32, 7).toString('hex');

/** `env` values that are undefined are removed from the child's environment. */
function cli(
  args: string[],
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<{ code: number | null; out: string; err: string }> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: childEnv });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

async function censusOf(dialect: TestDb['dialect'], url: string): Promise<Census> {
  if (dialect === 'sqlite') {
    const db = new BetterSqlite3(url, { readonly: true });
    try {
      return censusOfSqlite(db);
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await censusOfPostgres(c);
  } finally {
    await c.end();
  }
}

describe.each(DIALECTS)('bin/jiuye backup / restore / rotate-key on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  const extraDbs: string[] = [];
  const env = () => ({ JIUYE_DATA_KEY: TEST_KEY_HEX });

  /** a target to restore into: a new file, or a new empty database on the same server */
  async function newTarget(): Promise<string> {
    if (dialect === 'sqlite') return path.join(dir, `restored-${extraDbs.length}-${Date.now()}.db`);
    const admin = inject('testDb').pgAdminUrl!;
    const name = `jiuye_restore_${process.pid}_${Date.now()}_${extraDbs.length}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database "${name}"`);
    await c.end();
    extraDbs.push(name);
    return dbUrlWithName(admin, name);
  }

  beforeAll(async () => {
    t = await createTestDb(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-backup-'));
    await generateSyntheticDistrict(testContext(t), {
      persons: 3000,
      seed: 3,
      year: 2026,
      until: '2026-11-26',
    });
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
    if (extraDbs.length) {
      const c = new pg.Client({ connectionString: inject('testDb').pgAdminUrl! });
      await c.connect();
      for (const name of extraDbs) await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    }
  });

  it('backs up while another connection keeps writing, and restores exactly the manifest', async () => {
    // A writer on its own connection appends audit records (each a transaction) throughout the backup.
    const writer = openDatabase(t.url);
    const ctx = testContext(writer);
    let stop = false;
    let written = 0;
    const writing = (async () => {
      while (!stop) {
        await writer.db
          .transaction()
          .execute((trx) => recordAudit(trx, ctx, { action: 'test.load', detail: { n: written } }));
        written++;
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const writtenBefore = written;
    const file = path.join(dir, 'under-load.backup');
    const backup = await cli(['--db', t.url, 'backup', '--out', file], env(), dir);
    const writtenDuring = written - writtenBefore;
    stop = true;
    await writing;
    await writer.close();
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toContain('已备份');
    expect(writtenDuring).toBeGreaterThan(0);

    // nothing personal in the clear in the backup file
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(Buffer.from('SQLite format'))).toBe(false);
    expect(bytes.includes(Buffer.from('PGDMP'))).toBe(false);
    expect(bytes.includes(Buffer.from('audit_log'))).toBe(false);

    const manifest = JSON.parse(fs.readFileSync(`${file}.manifest.json`, 'utf8')) as BackupManifest;
    expect(manifest.engine).toBe(dialect);
    expect(manifest.tables.person!.rows).toBeGreaterThan(2500);
    const audited = manifest.tables.audit_log!.rows;
    const total = Number(
      (
        await t.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(audited).toBeLessThan(total);

    const target = await newTarget();
    const restored = await cli(['--db', target, 'restore', file], env(), dir);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain('完整性检查通过');

    // independent of the command's own check: the restored tables, one by one, against the manifest
    const census = await censusOf(dialect, target);
    expect(Object.keys(census).sort()).toEqual(Object.keys(manifest.tables).sort());
    for (const [table, expected] of Object.entries(manifest.tables))
      expect(census[table], table).toEqual(expected);
    const handle = openDatabase(target);
    try {
      expect((await verifyAuditChain(handle.db)).ok).toBe(true);
    } finally {
      await handle.close();
    }
  }, 180_000);

  it('refuses a tampered backup, a tampered manifest, a wrong key and a non-empty target', async () => {
    const file = path.join(dir, 'tamper.backup');
    expect((await cli(['--db', t.url, 'backup', '--out', file], env(), dir)).code).toBe(0);
    const manifestFile = `${file}.manifest.json`;
    const original = fs.readFileSync(file);
    const originalManifest = fs.readFileSync(manifestFile, 'utf8');

    const flipped = Buffer.from(original);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
    fs.writeFileSync(file, flipped);
    let r = await cli(['--db', await newTarget(), 'restore', file], env(), dir);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('拒绝恢复');

    fs.writeFileSync(file, original);
    const m = JSON.parse(originalManifest) as BackupManifest;
    m.tables.person!.rows += 1;
    fs.writeFileSync(manifestFile, JSON.stringify(m));
    r = await cli(['--db', await newTarget(), 'restore', file], env(), dir);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('校验清单与备份不符');

    // a backup and manifest both replaced consistently still need the key: recomputing the file hash is not enough
    fs.writeFileSync(manifestFile, originalManifest);
    r = await cli(['--db', await newTarget(), 'restore', file], { JIUYE_DATA_KEY: 'ab'.repeat(32) }, dir);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('拒绝恢复');

    r = await cli(['--db', t.url, 'restore', file], env(), dir);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/已存在|不是空库/);
  }, 180_000);

  it('rotates the key: every number re-encrypted, blind indexes recomputed, old key kept, audit chain intact', async () => {
    const keyDir = fs.mkdtempSync(path.join(dir, 'keys-'));
    const keyFile = path.join(keyDir, 'jiuye.key');
    fs.writeFileSync(keyFile, TEST_KEY_HEX + '\n');
    const newKey = Buffer.alloc(32, 9);
    const newKeyFile = path.join(keyDir, 'new.key');
    fs.writeFileSync(newKeyFile, newKey.toString('hex'));
    const sample = await t.db
      .selectFrom('person')
      .select(['id', 'id_enc', 'phone_enc'])
      .orderBy('id')
      .limit(50)
      .execute();
    const numbers = sample.map((p) => ({
      id: p.id,
      idNumber: TEST_PII.decrypt(p.id_enc),
      phone: p.phone_enc ? TEST_PII.decrypt(p.phone_enc) : null,
    }));

    const r = await cli(
      ['--db', t.url, 'rotate-key', '--new-key-file', newKeyFile],
      { JIUYE_KEY_FILE: keyFile, JIUYE_DATA_KEY: undefined },
      dir,
    );
    expect(r.code, r.err).toBe(0);
    expect(fs.readFileSync(keyFile, 'utf8').trim()).toBe(newKey.toString('hex'));
    expect(fs.readdirSync(keyDir).some((f) => f.endsWith('.old'))).toBe(true);

    const next = createPiiCipher(newKey);
    const after = await t.db
      .selectFrom('person')
      .select(['id', 'id_enc', 'id_hmac', 'phone_enc', 'phone_hmac'])
      .where(
        'id',
        'in',
        numbers.map((n) => n.id),
      )
      .orderBy('id')
      .execute();
    for (const [i, p] of after.entries()) {
      expect(next.decrypt(p.id_enc)).toBe(numbers[i]!.idNumber);
      expect(p.id_hmac).toBe(next.blindIndex(numbers[i]!.idNumber));
      if (numbers[i]!.phone) expect(p.phone_hmac).toBe(next.blindIndex(numbers[i]!.phone!));
      expect(() => TEST_PII.decrypt(p.id_enc)).toThrow();
    }
    const stillOld = await t.db
      .selectFrom('person')
      .select('id')
      .where('id_hmac', '=', TEST_PII.blindIndex(numbers[0]!.idNumber))
      .execute();
    expect(stillOld).toEqual([]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    expect(
      await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'key.rotate').execute(),
    ).toHaveLength(1);

    // the same key again is refused, and changes nothing
    const again = await cli(
      ['--db', t.url, 'rotate-key', '--new-key-file', newKeyFile],
      { JIUYE_KEY_FILE: keyFile, JIUYE_DATA_KEY: undefined },
      dir,
    );
    expect(again.code).not.toBe(0);
  }, 180_000);
});
