import type { Kysely, Transaction } from 'kysely';
import { classifyPersons } from '../../domain/ledgers.ts';
import { getProfile, type StandardProfile } from '../../domain/profile.ts';
import type { Database } from '../db/database.ts';
import { loadHouseholdRegisterRows } from '../repositories/household-register.repository.ts';
import {
  findUnitsWithStaleFlags,
  loadRegisterRows,
  setPersonFlags,
} from '../repositories/register.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { unitFactsFromRows } from './facts.mapper.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Recomputes the ledger flags of every person in `unitCodes` for `today` (src/domain/ledgers.ts). Call it in
 * the transaction of any write that changes a person's classes, and for units whose flags are from an
 * earlier day (classes move with time: birthdays, a year of unemployment).
 */
export async function refreshFlags(
  db: Db,
  unitCodes: readonly string[],
  today: string,
  profile: StandardProfile = getProfile(),
): Promise<number> {
  if (unitCodes.length === 0) return 0;
  const changes: { id: number; flags: number }[] = [];
  // A bounded number of units at a time keeps memory flat at district scale.
  for (let i = 0; i < unitCodes.length; i += 10) {
    const chunk = unitCodes.slice(i, i + 10);
    const units = await findUnits(db, { codes: chunk, includeInactive: true });
    const rows = await loadRegisterRows(db, chunk);
    const facts = unitFactsFromRows(
      rows,
      units.map((u) => ({ code: u.code, name: u.name, kind: u.kind })),
    );
    const stored = new Map(rows.persons.map((p) => [p.id, p]));
    for (const f of facts.values()) {
      const flags = classifyPersons(f.persons, f.households, f.kind, today, profile);
      for (const [id, next] of flags) {
        const p = stored.get(id)!;
        if (next !== p.flags || p.flags_on !== today) changes.push({ id, flags: next });
      }
    }
  }
  // One UPDATE per distinct flag word over all units, not one per unit.
  await setPersonFlags(db, changes, today);
  return changes.length;
}

/**
 * Recomputes the flags of `personIds` and of everyone in their households and in `householdIds` (a household
 * a person just left, one given a 零就业家庭 recognition): all a write to those persons can change, since
 * members of a household classify together and no one else's classes read them. The same flags as
 * {@link refreshFlags} over the whole unit, at the cost of one household instead of a village.
 */
export async function refreshHouseholdFlags(
  db: Db,
  unitCode: string,
  who: { personIds?: readonly number[]; householdIds?: readonly number[] },
  today: string,
  profile: StandardProfile = getProfile(),
): Promise<number> {
  const [unit] = await findUnits(db, { codes: [unitCode], includeInactive: true });
  if (!unit) return 0;
  const rows = await loadHouseholdRegisterRows(db, unitCode, who.personIds ?? [], who.householdIds ?? []);
  const facts = unitFactsFromRows(rows, [{ code: unit.code, name: unit.name, kind: unit.kind }]).get(
    unit.code,
  )!;
  const stored = new Map(rows.persons.map((p) => [p.id, p]));
  const changes: { id: number; flags: number }[] = [];
  for (const [id, next] of classifyPersons(facts.persons, facts.households, facts.kind, today, profile)) {
    const p = stored.get(id)!;
    if (next !== p.flags || p.flags_on !== today) changes.push({ id, flags: next });
  }
  await setPersonFlags(db, changes, today);
  return changes.length;
}

/**
 * Units known fresh for a day, per database. Writes refresh flags in their own transaction, so flags only go
 * stale when the date changes: one check per unit per day keeps full scans off the request path.
 */
const freshOn = new WeakMap<Kysely<Database>, { day: string; units: Set<string>; all: boolean }>();

/** Brings the flags of the given units (null: all) up to `today` where they are older. */
export async function ensureFlagsFresh(
  db: Kysely<Database>,
  units: readonly string[] | null,
  today: string,
): Promise<void> {
  let memo = freshOn.get(db);
  if (!memo || memo.day !== today) {
    memo = { day: today, units: new Set(), all: false };
    freshOn.set(db, memo);
  }
  if (memo.all) return;
  const unknown = units === null ? null : units.filter((u) => !memo.units.has(u));
  if (unknown !== null && unknown.length === 0) return;
  const stale = await findUnitsWithStaleFlags(db, unknown, today);
  if (stale.length) await db.transaction().execute((trx) => refreshFlags(trx, stale, today));
  if (unknown === null) memo.all = true;
  else for (const u of unknown) memo.units.add(u);
}
