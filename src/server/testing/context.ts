import type { DbHandle } from '../db/connect.ts';
import { createPiiCipher } from '../security/pii-cipher.ts';
import type { Actor, ServiceContext } from '../services/context.ts';

/** A fixed key for tests only; as hex for a child process (`JIUYE_DATA_KEY`) that must share it. */
export const TEST_KEY_HEX = Buffer.alloc(32, 7).toString('hex');
export const TEST_PII = createPiiCipher(Buffer.from(TEST_KEY_HEX, 'hex'));

export function testContext(
  handle: Pick<DbHandle, 'db' | 'dialect'>,
  opts: { actor?: Actor | null; now?: () => Date } = {},
): ServiceContext {
  return {
    db: handle.db,
    dialect: handle.dialect,
    actor: opts.actor ?? null,
    requestId: null,
    now: opts.now ?? (() => new Date('2026-11-26T08:00:00Z')),
    pii: TEST_PII,
  };
}

export const DISTRICT_SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'test',
  displayName: 'test',
  role: 'system_admin',
  unitCode: null,
  scopeUnits: 'all',
};
