import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { restoreSnapshot, snapshotDatabase, type Census } from '../db/backup.ts';
import type { DbHandle } from '../db/connect.ts';
import { AppError } from './context.ts';

/**
 * 备份与恢复. A backup is two files: `<name>` — the engine's snapshot (SQLite file or `pg_dump -Fc`) encrypted
 * with AES-256-GCM under a key derived (HKDF, fresh salt per backup) from the personal-data master key — and
 * `<name>.manifest.json`: engine, time, the per-table census of the snapshot, the sha256 of the encrypted file
 * and of the plain snapshot, sealed with an HMAC under a second derived key. A restore refuses a file or
 * manifest that was altered, restores, checks integrity, and compares every table with the census.
 */

const MAGIC = Buffer.from('JIUYEBK1');
const HEADER = MAGIC.length + 16 + 12;
const TAG = 16;

export interface BackupManifest {
  format: 'jiuye-backup-1';
  engine: DbHandle['dialect'];
  createdAt: string;
  file: string;
  /** sha256 of the encrypted file as written */
  sha256: string;
  /** sha256 of the plain snapshot, checked after decryption */
  plainSha256: string;
  tables: Census;
  /** HMAC-SHA256 of everything above, under the backup's manifest key */
  mac: string;
}

export function manifestPathFor(file: string): string {
  return `${file}.manifest.json`;
}

function keys(masterKey: Buffer, salt: Buffer) {
  return {
    enc: Buffer.from(hkdfSync('sha256', masterKey, salt, 'jiuye backup encryption v1', 32)),
    mac: Buffer.from(hkdfSync('sha256', masterKey, salt, 'jiuye backup manifest v1', 32)),
  };
}

function macOf(key: Buffer, m: Omit<BackupManifest, 'mac'>): string {
  const canonical = JSON.stringify([
    m.format,
    m.engine,
    m.createdAt,
    m.file,
    m.sha256,
    m.plainSha256,
    Object.entries(m.tables).sort(([a], [b]) => a.localeCompare(b)),
  ]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

function tempBeside(file: string, suffix: string): string {
  return path.join(
    path.dirname(path.resolve(file)),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.${suffix}`,
  );
}

/** The default name: `jiuye-<engine>-<UTC time>.backup` in the current directory. */
export function defaultBackupName(dialect: DbHandle['dialect'], now: Date): string {
  return `jiuye-${dialect}-${now.toISOString().replace(/[:.]/g, '-')}.backup`;
}

export interface BackupResult {
  file: string;
  manifest: string;
  tables: number;
  rows: number;
  bytes: number;
}

/**
 * Takes an online backup while the application keeps writing. The plain snapshot only exists as a 0600
 * temporary file beside the output and is removed whatever happens.
 */
export async function createBackup(
  handle: DbHandle,
  opts: { url: string; masterKey: Buffer; out: string; now: Date },
): Promise<BackupResult> {
  const out = path.resolve(opts.out);
  if (fs.existsSync(out)) throw new AppError('CONFLICT', `备份文件已存在：${out}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const plain = tempBeside(out, 'plain');
  const partial = tempBeside(out, 'part');
  try {
    fs.writeFileSync(plain, '', { mode: 0o600 });
    if (handle.dialect === 'sqlite') fs.rmSync(plain); // VACUUM INTO wants to create the file itself
    const tables = await snapshotDatabase(handle, opts.url, plain);
    fs.chmodSync(plain, 0o600);
    const plainSha256 = await sha256OfFile(plain);

    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const k = keys(opts.masterKey, salt);
    const cipher = createCipheriv('aes-256-gcm', k.enc, iv);
    const sink = fs.createWriteStream(partial, { mode: 0o600 });
    sink.write(Buffer.concat([MAGIC, salt, iv]));
    await pipeline(fs.createReadStream(plain), cipher, sink, { end: false });
    await new Promise<void>((resolve, reject) =>
      sink.end(cipher.getAuthTag(), (e?: Error | null) => (e ? reject(e) : resolve())),
    );
    const fd = fs.openSync(partial, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);

    const body: Omit<BackupManifest, 'mac'> = {
      format: 'jiuye-backup-1',
      engine: handle.dialect,
      createdAt: opts.now.toISOString(),
      file: path.basename(out),
      sha256: await sha256OfFile(partial),
      plainSha256,
      tables,
    };
    const manifest: BackupManifest = { ...body, mac: macOf(k.mac, body) };
    fs.renameSync(partial, out);
    fs.writeFileSync(manifestPathFor(out), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
    return {
      file: out,
      manifest: manifestPathFor(out),
      tables: Object.keys(tables).length,
      rows: Object.values(tables).reduce((n, t) => n + t.rows, 0),
      bytes: fs.statSync(out).size,
    };
  } finally {
    fs.rmSync(plain, { force: true });
    fs.rmSync(partial, { force: true });
  }
}

/** Reads and authenticates the manifest of `file`, and the file against it, before anything is decrypted. */
async function verifiedManifest(
  file: string,
  masterKey: Buffer,
): Promise<{ manifest: BackupManifest; salt: Buffer; iv: Buffer; size: number }> {
  const manifestFile = manifestPathFor(file);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `备份文件不存在：${file}`);
  if (!fs.existsSync(manifestFile)) throw new AppError('NOT_FOUND', `校验清单不存在：${manifestFile}`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  } catch {
    throw new AppError('VALIDATION', '校验清单格式有误，拒绝恢复');
  }
  if (manifest.format !== 'jiuye-backup-1' || typeof manifest.mac !== 'string')
    throw new AppError('VALIDATION', '校验清单格式有误，拒绝恢复');
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  const header = Buffer.alloc(HEADER);
  fs.readSync(fd, header, 0, HEADER, 0);
  fs.closeSync(fd);
  if (size < HEADER + TAG || !header.subarray(0, MAGIC.length).equals(MAGIC))
    throw new AppError('VALIDATION', '不是本系统的备份文件，拒绝恢复');
  const salt = header.subarray(MAGIC.length, MAGIC.length + 16);
  const iv = header.subarray(MAGIC.length + 16, HEADER);
  const { mac, ...body } = manifest;
  const expected = Buffer.from(macOf(keys(masterKey, salt).mac, body), 'hex');
  const given = Buffer.from(mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('VALIDATION', '校验清单与备份不符（被改动，或密钥不是备份时的密钥），拒绝恢复');
  }
  if ((await sha256OfFile(file)) !== manifest.sha256)
    throw new AppError('VALIDATION', '备份文件的校验值与清单不符（文件被改动或损坏），拒绝恢复');
  return { manifest, salt, iv, size };
}

export interface RestoreResult {
  engine: DbHandle['dialect'];
  tables: number;
  rows: number;
  createdAt: string;
}

/**
 * Restores `file` into `target` (a new SQLite file, or an empty PostgreSQL database of the same engine as the
 * backup), then checks integrity and compares every table's row count and hash with the manifest.
 */
export async function restoreBackup(
  file: string,
  opts: { target: string; targetDialect: DbHandle['dialect']; masterKey: Buffer },
): Promise<RestoreResult> {
  const { manifest, salt, iv, size } = await verifiedManifest(file, opts.masterKey);
  if (manifest.engine !== opts.targetDialect) {
    throw new AppError(
      'VALIDATION',
      `这是 ${manifest.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} 的备份，不能恢复到 ${opts.targetDialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
    );
  }
  const plain = tempBeside(opts.targetDialect === 'sqlite' ? opts.target : file, 'plain');
  try {
    const fd = fs.openSync(file, 'r');
    const tag = Buffer.alloc(TAG);
    fs.readSync(fd, tag, 0, TAG, size - TAG);
    fs.closeSync(fd);
    const decipher = createDecipheriv('aes-256-gcm', keys(opts.masterKey, salt).enc, iv);
    decipher.setAuthTag(tag);
    try {
      await pipeline(
        fs.createReadStream(file, { start: HEADER, end: size - TAG - 1 }),
        decipher,
        fs.createWriteStream(plain, { mode: 0o600 }),
      );
    } catch {
      throw new AppError('VALIDATION', '备份文件解密校验失败（被改动，或密钥不对），拒绝恢复');
    }
    if ((await sha256OfFile(plain)) !== manifest.plainSha256)
      throw new AppError('VALIDATION', '解密后的内容与清单不符，拒绝恢复');
    let restored;
    try {
      restored = await restoreSnapshot(opts.targetDialect, plain, opts.target);
    } catch (e) {
      throw new AppError('CONFLICT', (e as Error).message);
    }
    if (restored.integrity.length)
      throw new AppError(
        'VALIDATION',
        `恢复后的数据库未通过完整性检查：${restored.integrity.slice(0, 5).join('；')}`,
      );
    const differences = compareCensus(manifest.tables, restored.census);
    if (differences.length)
      throw new AppError('VALIDATION', `恢复结果与清单不符：${differences.slice(0, 5).join('；')}`);
    const tables = Object.values(manifest.tables);
    return {
      engine: manifest.engine,
      tables: tables.length,
      rows: tables.reduce((n, t) => n + t.rows, 0),
      createdAt: manifest.createdAt,
    };
  } finally {
    fs.rmSync(plain, { force: true });
  }
}

/** Table by table, what differs between two censuses (in Chinese, for the operator). */
export function compareCensus(expected: Census, actual: Census): string[] {
  const out: string[] = [];
  for (const [table, e] of Object.entries(expected)) {
    const a = actual[table];
    if (!a) out.push(`缺少表 ${table}`);
    else if (a.rows !== e.rows) out.push(`表 ${table} 行数 ${a.rows}，清单为 ${e.rows}`);
    else if (a.hash !== e.hash) out.push(`表 ${table} 内容校验值不符`);
  }
  for (const table of Object.keys(actual)) if (!expected[table]) out.push(`多出表 ${table}`);
  return out;
}
