import { PostgresAdapter, type CompiledQuery, type Compilable, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Compiled queries kept per engine and shape; a shape is a query whose SQL text never changes. */
const CACHE_SIZE = 1000;
const cache = new Map<string, { query: CompiledQuery<unknown>; slots: (number | null)[] }>();

/**
 * The SQL texts compiled here for PostgreSQL, each with a statement name: connect.ts runs them as prepared
 * statements, so the server parses and plans them once per connection instead of on every call.
 */
const statementNames = new Map<string, string>();

export function preparedStatementName(sql: string): string | undefined {
  return statementNames.get(sql);
}

/** A placeholder: a string no caller passes as a value. */
const slot = (i: number) => `\u0000arg${i}\u0000`;

/**
 * Runs a query whose SQL depends only on `shape`, building and compiling it once per engine: each later call only
 * binds `args`. Kysely builds and compiles a query on every call, which for the few queries every request runs
 * costs more than the database does. `build` receives `arg(i)`, the placeholder of `args[i]`; every other value
 * it uses is bound as given the first time and must therefore be part of `shape`.
 */
export async function runCompiled<R>(
  db: Db,
  shape: string,
  build: (arg: (i: number) => never) => Compilable<R>,
  args: readonly unknown[],
): Promise<R[]> {
  const executor = db.getExecutor();
  // A database with plugins (a test's query counter) sees every query built, as without this cache.
  if (executor.plugins.length > 0) return (await db.executeQuery<R>(build((i) => args[i] as never))).rows;
  const key = `${executor.adapter instanceof PostgresAdapter ? 'pg' : 'sqlite'}:${shape}`;
  let entry = cache.get(key);
  if (!entry) {
    const query = build((i) => slot(i) as never).compile() as CompiledQuery<unknown>;
    const slots = query.parameters.map((p) => {
      const i = args.findIndex((_, j) => p === slot(j));
      return i < 0 ? null : i;
    });
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    if (key.startsWith('pg:') && !statementNames.has(query.sql) && statementNames.size < CACHE_SIZE)
      statementNames.set(query.sql, `jiuye_${statementNames.size + 1}`);
    entry = { query, slots };
    cache.set(key, entry);
  }
  const { query, slots } = entry;
  const parameters = query.parameters.map((p, i) => (slots[i] === null ? p : args[slots[i]!]));
  const result = await db.executeQuery<R>({ ...(query as CompiledQuery<R>), parameters });
  return result.rows;
}
