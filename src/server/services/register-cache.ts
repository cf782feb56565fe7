import type { Kysely } from 'kysely';
import type { PersonFacts, UnitFacts } from '../../domain/facts.ts';
import type { Database } from '../db/database.ts';
import { loadRegisterRows, type RegisterRows } from '../repositories/register.repository.ts';
import { findRegisterStates, type RegisterState } from '../repositories/unit-result.repository.ts';
import { unitFactsFromRows, type UnitInfo } from './facts.mapper.ts';
import { WeightedLru } from './revision-memo.ts';

/**
 * Units' registers as the rules read them (UnitFacts), kept in this process per database and brought up to date
 * person by person.
 *
 * Every write to a unit's register raises its revision under a new random token and keeps the token it replaced
 * (registerChanged, migration 045). A write made through this process also says which persons it touched
 * ({@link noteRegisterWrite}); the note is filed under the new token, so a write that rolls back leaves a note
 * no stored token ever names. A unit kept at token T0 whose stored token is now T is brought up to date by
 * walking back from T through this process's notes to T0: when every step is found, only the persons named on
 * the way are read again (with the unit's households, unit-level work and vacancies, a few small tables);
 * when one is missing — a write by another process, or one that named no persons (an import) — the unit is
 * read whole. The state is read before the rows, so rows newer than their label are read again later, never
 * missed.
 */

/** What a unit's register gives its readers. Frozen: readers copy what they change. */
export interface UnitRegister {
  /** the unit's facts, reviewers' mismatch flags not included */
  readonly facts: UnitFacts;
  /** each person's name and masked ID number */
  readonly people: ReadonlyMap<number, { readonly name: string; readonly idMasked: string }>;
}

interface Entry extends UnitRegister {
  state: RegisterState;
  /** what else the facts are built from: the unit's name and kind */
  key: string;
}

interface Note {
  unitCode: string;
  prevToken: string;
  persons: readonly number[];
}

/** Notes of this process's raises by the token they wrote (tokens are random: one map serves every database). */
const notes = new Map<string, Note>();
const NOTES_KEPT = 50_000;

/**
 * Call with what bumpRegisterRevisions returned, in the write's transaction: `persons` are every person whose
 * rows (person, employment, registrations, difficulty, services) the write changed in those units — or
 * undefined when the write cannot say (the units are then read whole by the next reader).
 */
export function noteRegisterWrite(
  raised: readonly { unitCode: string; token: string; prevToken: string }[],
  persons: readonly number[] | undefined,
): void {
  if (!persons) return;
  for (const r of raised) {
    notes.set(r.token, { unitCode: r.unitCode, prevToken: r.prevToken, persons });
    if (notes.size > NOTES_KEPT) notes.delete(notes.keys().next().value!);
  }
}

/** The persons written between `from` and `to`, when every raise between them is one of this process's notes. */
function touchedBetween(unitCode: string, from: RegisterState, to: RegisterState): Set<number> | null {
  const touched = new Set<number>();
  let token = to.token;
  for (let step = to.rev - from.rev; step > 0; step--) {
    const note = notes.get(token);
    if (!note || note.unitCode !== unitCode) return null;
    for (const p of note.persons) touched.add(p);
    token = note.prevToken;
  }
  return to.rev >= from.rev && token === from.token ? touched : null;
}

/** What was read for this database since the process started: units whole, units brought up to date, persons. */
export interface RegisterCacheReads {
  whole: number;
  updated: number;
  persons: number;
}
const reads = new WeakMap<object, RegisterCacheReads>();

export function registerCacheReads(db: object): RegisterCacheReads {
  return { ...(reads.get(db) ?? { whole: 0, updated: 0, persons: 0 }) };
}

function counted(db: object): RegisterCacheReads {
  return reads.get(db) ?? reads.set(db, { whole: 0, updated: 0, persons: 0 }).get(db)!;
}

/**
 * Persons kept per database, over all units (about 850 bytes each with their histories, so about 50 MB at most):
 * a town's villages fit at district scale.
 */
const PERSONS_KEPT = 60_000;
const byDb = new WeakMap<object, WeightedLru<Entry>>();

function keep(db: object, code: string, entry: Entry): void {
  const memo =
    byDb.get(db) ??
    byDb.set(db, new WeightedLru<Entry>(PERSONS_KEPT, (e) => e.facts.persons.length)).get(db)!;
  memo.set(code, entry);
}

type PersonRow = RegisterRows['persons'][number];

function entryOf(
  facts: UnitFacts,
  read: readonly PersonRow[],
  state: RegisterState,
  key: string,
  people = new Map<number, { readonly name: string; readonly idMasked: string }>(),
): Entry {
  for (const p of read) people.set(p.id, Object.freeze({ name: p.name, idMasked: p.id_masked }));
  Object.freeze(facts.persons);
  Object.freeze(facts.households);
  Object.freeze(facts.records);
  Object.freeze(facts.vacancies);
  Object.freeze(facts.reviewerMismatchFlags);
  return { facts: Object.freeze(facts), people, state, key };
}

const keyOf = (u: UnitInfo) => `${u.name}|${u.kind}`;

/**
 * The registers of `units` (village-level units, any number; read in one query per table for those read
 * whole). Not for use inside a transaction: what it keeps belongs to the database, not to one transaction.
 */
export async function loadUnitRegisters(
  db: Kysely<Database>,
  units: readonly UnitInfo[],
): Promise<Map<string, UnitRegister>> {
  if (db.isTransaction) throw new Error('loadUnitRegisters reads outside transactions only');
  const states = await findRegisterStates(
    db,
    units.map((u) => u.code),
  );
  const memo = byDb.get(db);
  const out = new Map<string, UnitRegister>();
  const whole: UnitInfo[] = [];
  const updates: { unit: UnitInfo; entry: Entry; touched: Set<number> }[] = [];
  for (const u of units) {
    const state = states.get(u.code)!;
    const entry = memo?.get(u.code);
    if (entry && entry.key === keyOf(u)) {
      if (entry.state.rev === state.rev && entry.state.token === state.token) {
        keep(db, u.code, entry);
        out.set(u.code, entry);
        continue;
      }
      const touched = touchedBetween(u.code, entry.state, state);
      if (touched) {
        updates.push({ unit: u, entry, touched });
        continue;
      }
    }
    whole.push(u);
  }
  const count = counted(db);
  count.whole += whole.length;
  count.updated += updates.length;
  for (const u of updates) count.persons += u.touched.size;
  if (whole.length) {
    const rows = await loadRegisterRows(
      db,
      whole.map((u) => u.code),
    );
    const facts = unitFactsFromRows(rows, whole);
    const read = new Map<string, PersonRow[]>();
    for (const p of rows.persons)
      (read.get(p.unit_code) ?? read.set(p.unit_code, []).get(p.unit_code)!).push(p);
    for (const u of whole) {
      const entry = entryOf(facts.get(u.code)!, read.get(u.code) ?? [], states.get(u.code)!, keyOf(u));
      keep(db, u.code, entry);
      out.set(u.code, entry);
    }
  }
  await Promise.all(
    updates.map(async ({ unit, entry, touched }) => {
      const rows = await loadRegisterRows(db, [unit.code], { persons: [...touched] });
      const fresh = unitFactsFromRows(rows, [unit]).get(unit.code)!;
      const persons: PersonFacts[] = entry.facts.persons.filter((p) => !touched.has(p.id));
      persons.push(...fresh.persons);
      persons.sort((a, b) => a.id - b.id);
      const people = new Map(entry.people);
      for (const id of touched) people.delete(id);
      const next = entryOf({ ...fresh, persons }, rows.persons, states.get(unit.code)!, keyOf(unit), people);
      keep(db, unit.code, next);
      out.set(unit.code, next);
    }),
  );
  return out;
}
