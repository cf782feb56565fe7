import type { AnyDb } from './helpers.ts';

/** Two-factor sign-in (TOTP): recovery codes, replay guard, and a session state between password and code. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('totp_last_step', 'integer').execute();
  /** JSON array of sha256 hashes of unused recovery codes */
  await db.schema.alterTable('app_user').addColumn('recovery_codes', 'text').execute();
  await db.schema
    .alterTable('session')
    .addColumn('mfa_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('session').dropColumn('mfa_pending').execute();
  await db.schema.alterTable('app_user').dropColumn('recovery_codes').execute();
  await db.schema.alterTable('app_user').dropColumn('totp_last_step').execute();
}
