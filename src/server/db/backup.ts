import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { DbHandle } from './connect.ts';

/**
 * The engine side of backups: a consistent snapshot of the whole database in the engine's own format, and a
 * per-table census (row count and a content hash over the rows in a fixed order) taken from that same
 * snapshot, so a restore can be compared table by table with what was backed up.
 */

export interface TableCensus {
  rows: number;
  /** sha256 (SQLite) or md5 (PostgreSQL) over the rows in a deterministic order */
  hash: string;
}
export type Census = Record<string, TableCensus>;

function runTool(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new Error(`无法运行 ${cmd}：${e.message}`)));
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${cmd} 失败（退出码 ${code}）：${err.trim().slice(0, 500)}`)),
    );
  });
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table of a SQLite file, counted and hashed row by row in the order of all its columns. */
export function censusOfSqlite(raw: BetterSqlite3.Database): Census {
  const tables = raw
    .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
    .pluck()
    .all() as string[];
  const census: Census = {};
  for (const table of tables) {
    const columns =
      (raw.prepare(`select count(*) from pragma_table_info(?)`).pluck().get(table) as number) || 1;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    const hash = createHash('sha256');
    let rows = 0;
    for (const row of raw
      .prepare(`select * from ${quote(table)} order by ${order}`)
      .raw()
      .iterate() as Iterable<unknown[]>) {
      hash.update(
        JSON.stringify(
          row.map((v) =>
            Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? v.toString() : v,
          ),
        ),
      );
      hash.update('\n');
      rows++;
    }
    census[table] = { rows, hash: hash.digest('hex') };
  }
  return census;
}

/** Every table of the public schema, counted and hashed by the server, inside the caller's snapshot. */
export async function censusOfPostgres(client: pg.ClientBase): Promise<Census> {
  const tables = (
    await client.query<{ t: string }>(
      `select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    )
  ).rows.map((r) => r.t);
  const census: Census = {};
  for (const table of tables) {
    const r = await client.query<{ n: string; h: string | null }>(
      `select count(*)::text as n, md5(coalesce(string_agg(x.r, E'\\n' order by x.r), '')) as h from (select t::text as r from ${quote(table)} t) x`,
    );
    census[table] = { rows: Number(r.rows[0]!.n), hash: r.rows[0]!.h ?? '' };
  }
  return census;
}

/**
 * An online snapshot into `file` (plain, the caller encrypts it) with its census. SQLite: `VACUUM INTO`, one
 * read transaction, so writers carry on and the copy is of one moment. PostgreSQL: `pg_dump -Fc` run on a
 * snapshot exported from a repeatable-read transaction that also takes the census.
 */
export async function snapshotDatabase(handle: DbHandle, url: string, file: string): Promise<Census> {
  if (handle.dialect === 'sqlite') {
    if (!handle.sqlite) throw new Error('SQLite handle without its connection');
    handle.sqlite.prepare('vacuum into ?').run(file);
    const copy = new BetterSqlite3(file, { readonly: true });
    try {
      return censusOfSqlite(copy);
    } finally {
      copy.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query<{ s: string }>('select pg_export_snapshot() as s')).rows[0]!.s;
    const [census] = await Promise.all([
      censusOfPostgres(client),
      runTool('pg_dump', ['-Fc', '--no-owner', '--snapshot', snapshot, '-f', file, '-d', url]),
    ]);
    await client.query('commit');
    return census;
  } finally {
    await client.end();
  }
}

/** Whether a PostgreSQL database has no table of its own yet (pg_restore goes only into an empty one). */
async function postgresIsEmpty(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      `select count(*)::text as n from information_schema.tables where table_schema = 'public'`,
    );
    return r.rows[0]!.n === '0';
  } finally {
    await client.end();
  }
}

export interface RestoredCheck {
  census: Census;
  /** problems found by the engine's own integrity check (empty: none) */
  integrity: string[];
}

/**
 * Brings a snapshot back: SQLite into a new file at `target` (refused if one exists), PostgreSQL with
 * pg_restore into an empty database. Then the engine's integrity checks and a census of the result.
 */
export async function restoreSnapshot(
  dialect: DbHandle['dialect'],
  dump: string,
  target: string,
): Promise<RestoredCheck> {
  if (dialect === 'sqlite') {
    if (fs.existsSync(target) && fs.statSync(target).size > 0)
      throw new Error(`目标文件已存在：${target}（请恢复到新文件，核对后再替换）`);
    fs.copyFileSync(dump, target);
    const db = new BetterSqlite3(target);
    try {
      const integrity = (db.prepare('pragma integrity_check').pluck().all() as string[]).filter(
        (r) => r !== 'ok',
      );
      const fk = db.prepare('pragma foreign_key_check').all() as {
        table: string;
        rowid: number;
        parent: string;
      }[];
      for (const f of fk.slice(0, 20)) integrity.push(`外键不符：${f.table} 第 ${f.rowid} 行 → ${f.parent}`);
      return { census: censusOfSqlite(db), integrity };
    } finally {
      db.close();
    }
  }
  if (!(await postgresIsEmpty(target))) throw new Error('目标数据库不是空库：请新建一个空数据库再恢复');
  await runTool('pg_restore', ['--no-owner', '--exit-on-error', '-d', target, dump]);
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    const integrity = await postgresConsistency(client);
    await client.query('begin isolation level repeatable read read only');
    const census = await censusOfPostgres(client);
    await client.query('commit');
    return { census, integrity };
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL's consistency checks for a restored or crashed database: every constraint is valid, no index is
 * invalid, and every foreign key of the schema finds its parent.
 */
export async function postgresConsistency(client: pg.ClientBase): Promise<string[]> {
  const problems: string[] = [];
  const invalidIndexes = await client.query<{ name: string }>(
    `select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid where not i.indisvalid or not i.indisready`,
  );
  for (const r of invalidIndexes.rows) problems.push(`索引无效：${r.name}`);
  const notValid = await client.query<{ name: string }>(
    `select conname as name from pg_constraint where not convalidated`,
  );
  for (const r of notValid.rows) problems.push(`约束未验证：${r.name}`);
  const fks = await client.query<{ child: string; cols: string[]; parent: string; pcols: string[] }>(`
    select cl.relname as child, array_agg(a.attname::text order by k.ord) as cols, pc.relname as parent, array_agg(pa.attname::text order by k.ord) as pcols
    from pg_constraint c
    join pg_class cl on cl.oid = c.conrelid
    join pg_class pc on pc.oid = c.confrelid
    cross join lateral unnest(c.conkey, c.confkey) with ordinality as k(col, pcol, ord)
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.col
    join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = k.pcol
    where c.contype = 'f' and cl.relnamespace = 'public'::regnamespace
    group by c.oid, cl.relname, pc.relname`);
  for (const fk of fks.rows) {
    const join = fk.cols.map((c, i) => `p.${quote(fk.pcols[i]!)} = c.${quote(c)}`).join(' and ');
    const notNull = fk.cols.map((c) => `c.${quote(c)} is not null`).join(' and ');
    const r = await client.query<{ n: string }>(
      `select count(*)::text as n from ${quote(fk.child)} c where ${notNull} and not exists (select 1 from ${quote(fk.parent)} p where ${join})`,
    );
    if (r.rows[0]!.n !== '0') problems.push(`外键不符：${fk.child} 有 ${r.rows[0]!.n} 行找不到 ${fk.parent}`);
  }
  return problems;
}
