import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { Database } from './database.ts';
import * as m001 from './migrations/2026-11-26-001-foundation.ts';
import * as m002 from './migrations/2026-11-26-002-register.ts';
import * as m003 from './migrations/2026-11-26-003-assessment.ts';
import * as m004 from './migrations/2026-11-26-004-mfa.ts';
import * as m010 from './migrations/2026-11-26-010-services.ts';
import * as m020 from './migrations/2026-11-26-020-dashboards.ts';
import * as m030 from './migrations/2026-11-26-030-resilience.ts';
import * as m040 from './migrations/2026-11-26-040-register-search.ts';
import * as m041 from './migrations/2026-11-26-041-register-search-by-key.ts';
import * as m042 from './migrations/2026-11-27-042-result-staleness.ts';
import * as m043 from './migrations/2026-11-27-043-assessment-outcomes.ts';
import * as m044 from './migrations/2026-11-27-044-register-revision.ts';
import * as m045 from './migrations/2026-11-27-045-register-revision-token.ts';

/** Every migration in order. Frozen: never edit one that has shipped; add a new one. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-26-001-foundation': m001,
  '2026-11-26-002-register': m002,
  '2026-11-26-003-assessment': m003,
  '2026-11-26-004-mfa': m004,
  '2026-11-26-010-services': m010,
  '2026-11-26-020-dashboards': m020,
  '2026-11-26-030-resilience': m030,
  '2026-11-26-040-register-search': m040,
  '2026-11-26-041-register-search-by-key': m041,
  '2026-11-27-042-result-staleness': m042,
  '2026-11-27-043-assessment-outcomes': m043,
  '2026-11-27-044-register-revision': m044,
  '2026-11-27-045-register-revision-token': m045,
};

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
