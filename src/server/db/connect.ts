import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type SqliteDialectConfig,
  type SqliteStatement,
  type Transaction,
} from 'kysely';
import { preparedStatementName } from './compiled.ts';
import type { Database } from './database.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The database location as given (file path or URL without password). */
  location: string;
  /** SQLite only: the raw connection, for what Kysely does not do (an online backup with `VACUUM INTO`). */
  sqlite?: BetterSqlite3.Database;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

// COUNT(*) comes back from PostgreSQL as int8 text; our counts fit in a JS number.
pg.types.setTypeParser(20, (v: string) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v: string) => Number(v));

/**
 * Writers take the SQLite write lock at BEGIN (not at their first write), so two processes sharing the file
 * queue on `busy_timeout` instead of failing with SQLITE_BUSY when a reader upgrades.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

function sqliteDialect(config: SqliteDialectConfig): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver(config),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

/** Prepared statements kept per connection: the app issues a few hundred distinct SQL texts. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 behind Kysely, with its prepared statements reused: Kysely prepares every query anew, and
 * compiling the SQL costs more than running an indexed lookup. Least recently used texts are dropped first; a
 * statement still iterating (a stream) is never handed out twice.
 */
function cachingDatabase(raw: BetterSqlite3.Database): SqliteDialectConfig['database'] {
  const cache = new Map<string, Statement>();
  return {
    close: () => raw.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt && !stmt.busy) {
        cache.delete(sql);
        cache.set(sql, stmt);
        return stmt;
      }
      stmt = statement(raw.prepare(sql));
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

type Statement = SqliteStatement & { readonly busy: boolean };
type Params = ReadonlyArray<unknown>;

/**
 * A statement as Kysely uses it. A query's rows are read as arrays and made objects by a function compiled
 * once per statement from its column names: better-sqlite3 builds a row object property by property, which
 * for the wide rows of the register and the dashboards costs several times the read itself. Same objects,
 * same values (a repeated column name keeps its last value, as better-sqlite3 does).
 */
function statement(stmt: BetterSqlite3.Statement): Statement {
  const build = stmt.reader ? rowBuilder(stmt.columns().map((c) => c.name)) : null;
  if (build) stmt.raw(true);
  const object = (row: unknown) => (build ? build(row as unknown[]) : row);
  return {
    reader: stmt.reader,
    get busy() {
      return stmt.busy;
    },
    all: (parameters: Params) => stmt.all(parameters as unknown[]).map(object),
    run: (parameters: Params) => stmt.run(parameters as unknown[]),
    *iterate(parameters: Params) {
      for (const row of stmt.iterate(parameters as unknown[])) yield object(row);
    },
  };
}

/**
 * `row → { name: row[i], … }` for the columns of a query; null for a column named `__proto__`, which in an
 * object literal would set the prototype (such a query keeps better-sqlite3's own objects). The names are those
 * of our own SQL, JSON-escaped.
 */
function rowBuilder(names: readonly string[]): ((row: unknown[]) => object) | null {
  if (names.includes('__proto__')) return null;
  return new Function(
    'r',
    `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`,
  ) as (row: unknown[]) => object;
}

/** True when `db` (or a transaction of it) runs on PostgreSQL. */
export function isPostgres(db: Kysely<Database> | Transaction<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function openSqlite(file: string): DbHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 10000');
  // 64 MB of page cache (the default is 2 MB): a district-sized import inserts into indexes keyed by random
  // HMACs, which otherwise re-reads the same pages from disk for every row. A bound, so memory stays flat.
  raw.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: sqliteDialect({ database: cachingDatabase(raw) }) });
  return { db, dialect: 'sqlite', location: file, sqlite: raw, close: () => db.destroy() };
}

export function openPostgres(url: string, poolSize = 10): DbHandle {
  // Statements are planned once for any parameters (generic plans). A custom plan, made for the values at hand,
  // trusts estimates that a search's filters defeat: a town's pinyin search was planned to read its whole key
  // range and sort (4–5 ms) where the generic plan reads the range in order and stops at the page (under 1 ms).
  // The benches of assessment and dashboards are unchanged by it (docs/BENCHMARKS.md).
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: '-c plan_cache_mode=force_generic_plan',
  });
  // The queries every request runs (db/compiled.ts) go as named statements: parsed and planned once per
  // connection. Every other query goes as before.
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const [text, values] = args;
      const name = typeof text === 'string' && args.length === 2 ? preparedStatementName(text) : undefined;
      return name ? query({ name, text, values }) : query(...args);
    };
  });
  // An idle connection the server ends (a restart, an administrator terminating sessions) is dropped from the
  // pool and replaced on next use; without a listener the pool's 'error' event would end the whole process.
  pool.on('error', (e) => console.warn(`[jiuye] PostgreSQL closed an idle connection: ${e.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', location: url.replace(/:[^:@/]*@/, ':***@'), close: () => db.destroy() };
}

export function openDatabase(url: string): DbHandle {
  return isPostgresUrl(url) ? openPostgres(url) : openSqlite(url);
}
