import type { Kysely } from 'kysely';
import type { ErrorCode } from '../../api/errors.ts';
import type { Role } from '../../domain/access.ts';
import type { Database } from '../db/database.ts';
import type { DialectName } from '../db/connect.ts';
import type { PiiCipher } from '../security/pii-cipher.ts';

/** The signed-in person a service acts for. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role | null;
  unitCode: string | null;
  /** The unit codes this actor may see; 'all' for district-wide roles. */
  scopeUnits: readonly string[] | 'all';
}

/** What every use case receives: the database, who acts, the request it serves, and the clock. */
export interface ServiceContext {
  db: Kysely<Database>;
  dialect: DialectName;
  actor: Actor | null;
  requestId: string | null;
  now: () => Date;
  /** personal numbers at rest: encryption and blind index */
  pii: PiiCipher;
}

/**
 * SQLite's write lock held by another process (a command-line import, a restore) past `busy_timeout`: the
 * statement did nothing and the same request can be sent again.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** A failure a user can act on. Services raise these; the HTTP layer maps the code to a status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export function requireActor(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  return ctx.actor;
}

export function inScope(actor: Actor, unitCode: string | null): boolean {
  if (actor.scopeUnits === 'all') return true;
  return unitCode !== null && actor.scopeUnits.includes(unitCode);
}

/** Refuses, as "not found", a record outside the actor's scope: its existence is not disclosed either. */
export function assertInScope(actor: Actor, unitCode: string | null, what = '记录'): void {
  if (!inScope(actor, unitCode)) throw new AppError('NOT_FOUND', `未找到该${what}，或无权查看`);
}

/** Today's date (YYYY-MM-DD) in China Standard Time, the calendar the rules are written in. */
export function today(ctx: Pick<ServiceContext, 'now'>): string {
  return new Date(ctx.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function isoNow(ctx: Pick<ServiceContext, 'now'>): string {
  return ctx.now().toISOString();
}
