import {
  PostgresAdapter,
  sql,
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  type Transaction,
} from 'kysely';
import type { Database, HouseholdRow, NewPerson, PersonRow } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** null = every unit (district scope) */
export type UnitSet = readonly string[] | null;

// ——— persons ———

export async function insertPerson(db: Db, person: NewPerson): Promise<number> {
  const row = await db.insertInto('person').values(person).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findPersonById(db: Db, id: number): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPersonByIdHmac(db: Db, idHmac: string): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('id_hmac', '=', idHmac).executeTakeFirst();
}

export function findPersonsByIdHmacs(
  db: Db,
  hmacs: readonly string[],
): Promise<Pick<PersonRow, 'id' | 'id_hmac' | 'unit_code' | 'version'>[]> {
  if (hmacs.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('person')
    .select(['id', 'id_hmac', 'unit_code', 'version'])
    .where('id_hmac', 'in', [...hmacs])
    .execute();
}

export async function updatePersonRow(
  db: Db,
  id: number,
  patch: Partial<NewPerson>,
  expectedVersion?: number,
): Promise<boolean> {
  const res = await db
    .updateTable('person')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .$if(expectedVersion !== undefined, (q) => q.where('version', '=', expectedVersion!))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setPersonFlags(
  db: Db,
  updates: readonly { id: number; flags: number }[],
  on: string,
): Promise<void> {
  // Group by value: one UPDATE per distinct flag word instead of one per person.
  const byFlags = new Map<number, number[]>();
  for (const u of updates) {
    const ids = byFlags.get(u.flags);
    if (ids) ids.push(u.id);
    else byFlags.set(u.flags, [u.id]);
  }
  for (const [flags, ids] of byFlags) {
    for (let i = 0; i < ids.length; i += 5000) {
      await db
        .updateTable('person')
        .set({ flags, flags_on: on })
        .where('id', 'in', ids.slice(i, i + 5000))
        .execute();
    }
  }
}

/** Units in `units` holding a person whose flags were computed before `on`. */
export async function findUnitsWithStaleFlags(db: Db, units: UnitSet, on: string): Promise<string[]> {
  const rows = await db
    .selectFrom('person')
    .select('unit_code')
    .distinct()
    .where('flags_on', '<', on)
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .execute();
  return rows.map((r) => r.unit_code);
}

export interface PersonListFilter {
  units: UnitSet;
  /** every bit must be set */
  allFlags?: number;
  /** none of these bits may be set */
  noFlags?: number;
  /** search: name prefix, pinyin initials/full pinyin prefix, or an ID/phone blind index */
  name?: string;
  pinyin?: string;
  idHmac?: string;
  householdId?: number;
  /** keyset: rows after the row with this id (which was in unit `unitCode` when the page was served) */
  after?: { unitCode: string; id: number };
  limit: number;
}

/** The columns a ledger line shows (src/api/persons.ts `personListItem`): nothing sealed, no free text. */
export const LIST_PERSON_COLUMNS = [
  'id',
  'unit_code',
  'household_id',
  'name',
  'id_masked',
  'sex',
  'birth_date',
  'phone_masked',
  'flags',
] as const;
export type ListPersonRow = Pick<PersonRow, (typeof LIST_PERSON_COLUMNS)[number]>;

type ListQuery = SelectQueryBuilder<Database, 'person', ListPersonRow>;

function listQuery(db: Db, f: PersonListFilter): ListQuery {
  return db
    .selectFrom('person')
    .select(LIST_PERSON_COLUMNS)
    .$if(!!f.allFlags, (q) => q.where((eb) => eb(eb('flags', '&', f.allFlags!), '=', f.allFlags!)))
    .$if(!!f.noFlags, (q) => q.where((eb) => eb(eb('flags', '&', f.noFlags!), '=', 0)))
    .$if(f.householdId !== undefined, (q) => q.where('household_id', '=', f.householdId!));
}

const inUnits = (q: ListQuery, units: readonly string[]) =>
  q.where('unit_code', 'in', units.length ? [...units] : ['']);

/**
 * One ledger page. Without a search: ordered by (unit, id), both in the index, so a page costs the same at
 * any depth. A name or pinyin search walks an index of (unit, key, id) — one range per unit, no sort, no scan
 * of the rows that do not match — so its results come by unit, then in the order of the key searched (name,
 * or pinyin). An ID or phone number is two blind-index lookups.
 */
export async function findPersonPage(db: Db, f: PersonListFilter): Promise<ListPersonRow[]> {
  if (f.idHmac) return findPersonsByBlindIndex(db, f, f.idHmac);
  if (f.name) return searchPersons(db, f, [{ key: 'name', prefix: f.name }]);
  if (f.pinyin)
    return searchPersons(db, f, [
      { key: 'initials', prefix: f.pinyin },
      { key: 'full', prefix: f.pinyin },
    ]);
  return listQuery(db, f)
    .$if(f.units !== null, (q) => inUnits(q, f.units!))
    .$if(!!f.after, (q) =>
      q.where((eb) =>
        eb.or([
          eb('unit_code', '>', f.after!.unitCode),
          eb.and([eb('unit_code', '=', f.after!.unitCode), eb('id', '>', f.after!.id)]),
        ]),
      ),
    )
    .orderBy('unit_code')
    .orderBy('id')
    .limit(f.limit)
    .execute();
}

/**
 * Whoever holds `hmac` as ID number or as phone number, in scope, ordered by (unit, id). A number belongs to a
 * handful of people at most, so the two blind indexes drive the query and the scope is checked on the rows:
 * a scope's list of units in the query would lead the planner to walk every unit instead.
 */
async function findPersonsByBlindIndex(db: Db, f: PersonListFilter, hmac: string): Promise<ListPersonRow[]> {
  const rows = await listQuery(db, f)
    .where((eb) => eb.or([eb('id_hmac', '=', hmac), eb('phone_hmac', '=', hmac)]))
    .$if(!!f.after, (q) =>
      q.where((eb) =>
        eb.or([
          eb('unit_code', '>', f.after!.unitCode),
          eb.and([eb('unit_code', '=', f.after!.unitCode), eb('id', '>', f.after!.id)]),
        ]),
      ),
    )
    .orderBy('unit_code')
    .orderBy('id')
    .execute();
  const scope = f.units === null ? null : new Set(f.units);
  return rows.filter((r) => scope === null || scope.has(r.unit_code)).slice(0, f.limit);
}

/**
 * The keys the search box matches by prefix: the name, the pinyin initials (the start of `name_pinyin`,
 * "wxy wangxiuying"), and the full pinyin (what follows its first space).
 */
type SearchKey = 'name' | 'initials' | 'full';

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * The indexed expression of a key; migration 2026-11-26-040 indexes exactly these after `unit_code`. On
 * PostgreSQL in byte order (COLLATE "C"), as SQLite compares, so a prefix is one range whatever the database's
 * collation.
 */
function keyExpr(db: Db, key: SearchKey): RawBuilder<string> {
  const pg = isPostgres(db);
  const pinyin = sql.ref('name_pinyin');
  const base =
    key === 'name'
      ? sql.ref('name')
      : key === 'initials'
        ? pinyin
        : pg
          ? sql`substr(${pinyin}, strpos(${pinyin}, ' ') + 1)`
          : sql`substr(${pinyin}, instr(${pinyin}, ' ') + 1)`;
  return pg ? sql<string>`${base} collate "C"` : sql<string>`${base}`;
}

/** A key's value for a row, as keyExpr computes it in the database. */
function keyOf(row: Pick<PersonRow, 'name' | 'name_pinyin'>, key: SearchKey): string {
  if (key === 'name') return row.name;
  if (key === 'initials') return row.name_pinyin;
  return row.name_pinyin.slice(row.name_pinyin.indexOf(' ') + 1);
}

/**
 * The least string above every string that starts with `prefix`, in code point order (which is UTF-8 byte
 * order); null when there is none.
 */
export function prefixEnd(prefix: string): string | null {
  const chars = Array.from(prefix);
  while (chars.length) {
    const last = chars.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return chars.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return null;
}

interface SearchArm {
  key: SearchKey;
  prefix: string;
}

/**
 * A prefix search over one or more keys. Each key is an "arm" ordered by (unit, key, id); a row matching
 * several keys belongs to the first. The page is ordered by (unit, arm, key, id), so within a unit the
 * initials matches come before the full-pinyin ones. The cursor stays (unit, id): the row's arm and key are
 * read back from the row itself.
 */
async function searchPersons(db: Db, f: PersonListFilter, arms: SearchArm[]): Promise<ListPersonRow[]> {
  const units = [...(f.units ?? (await findAllUnitCodes(db)))].sort();
  const armOf = (row: Pick<PersonRow, 'name' | 'name_pinyin'>) => {
    const i = arms.findIndex((a) => keyOf(row, a.key).startsWith(a.prefix));
    return i < 0 ? arms.length - 1 : i;
  };
  let at: { unit: string; arm: number; key: string; id: number } | null = null;
  if (f.after) {
    const row = await db
      .selectFrom('person')
      .select(['name', 'name_pinyin'])
      .where('id', '=', f.after.id)
      .executeTakeFirst();
    // A row deleted since: carry on with the next unit.
    if (!row) at = { unit: f.after.unitCode, arm: arms.length, key: '', id: 0 };
    else {
      const arm = armOf(row);
      at = { unit: f.after.unitCode, arm, key: keyOf(row, arms[arm]!.key), id: f.after.id };
    }
  }

  const armRows = async (i: number): Promise<ListPersonRow[]> => {
    const { key, prefix } = arms[i]!;
    const k = keyExpr(db, key);
    const end = prefixEnd(prefix);
    const matching = () => {
      let q = listQuery(db, f).where(k, '>=', prefix);
      if (end !== null) q = q.where(k, '<', end);
      // rows an earlier arm already lists
      for (const earlier of arms.slice(0, i)) {
        const ek = keyExpr(db, earlier.key);
        const eEnd = prefixEnd(earlier.prefix);
        q = q.where((eb) =>
          eb.or([eb(ek, '<', earlier.prefix), ...(eEnd !== null ? [eb(ek, '>=', eEnd)] : [])]),
        );
      }
      return q;
    };
    const out: ListPersonRow[] = [];
    let rest: string[] = units;
    if (at) {
      const cursor = at;
      if (i === cursor.arm) {
        out.push(
          ...(await matching()
            .where('unit_code', '=', cursor.unit)
            .where(k, '>=', cursor.key)
            .where((eb) => eb.or([eb(k, '>', cursor.key), eb('id', '>', cursor.id)]))
            .orderBy(k)
            .orderBy('id')
            .limit(f.limit)
            .execute()),
        );
        if (out.length >= f.limit) return out;
      }
      rest = units.filter((u) => (i <= cursor.arm ? u > cursor.unit : u >= cursor.unit));
    }
    if (rest.length === 0) return out;
    out.push(
      ...(await inUnits(matching(), rest)
        .orderBy('unit_code')
        .orderBy(k)
        .orderBy('id')
        .limit(f.limit - out.length)
        .execute()),
    );
    return out;
  };

  const found: { row: ListPersonRow; arm: number }[] = [];
  for (let i = 0; i < arms.length; i++) for (const row of await armRows(i)) found.push({ row, arm: i });
  // Each arm is in (unit, key, id) order already; a stable sort on (unit, arm) interleaves them.
  found.sort((a, b) =>
    a.row.unit_code < b.row.unit_code ? -1 : a.row.unit_code > b.row.unit_code ? 1 : a.arm - b.arm,
  );
  return found.slice(0, f.limit).map((x) => x.row);
}

/** Every unit's code: the scope of district staff, spelled out so a search walks the index unit by unit. */
async function findAllUnitCodes(db: Db): Promise<string[]> {
  return (await db.selectFrom('unit').select('code').orderBy('code').execute()).map((u) => u.code);
}

export async function countPersons(db: Db, f: Pick<PersonListFilter, 'units' | 'allFlags'>): Promise<number> {
  const row = await db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(f.units !== null, (q) => q.where('unit_code', 'in', f.units!.length ? [...f.units!] : ['']))
    .$if(!!f.allFlags, (q) => q.where((eb) => eb(eb('flags', '&', f.allFlags!), '=', f.allFlags!)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ——— households ———

export function findHousehold(db: Db, unitCode: string, number: string): Promise<HouseholdRow | undefined> {
  return db
    .selectFrom('household')
    .selectAll()
    .where('unit_code', '=', unitCode)
    .where('number', '=', number)
    .executeTakeFirst();
}

export function findHouseholdById(db: Db, id: number): Promise<HouseholdRow | undefined> {
  return db.selectFrom('household').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertHousehold(
  db: Db,
  h: {
    unit_code: string;
    number: string;
    address: string | null;
    has_business_income: number;
    created_at: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('household')
    .values({ ...h, updated_at: h.created_at, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// ——— histories of one person ———

export function findHistories(db: Db, personId: number) {
  return Promise.all([
    db
      .selectFrom('employment_spell')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('start_date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('unemployment_registration')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('approved_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('difficulty_recognition')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('recognized_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('service_record')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('person_transfer')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('on_date')
      .orderBy('id')
      .execute(),
  ]).then(([employment, registrations, difficulty, services, transfers]) => ({
    employment,
    registrations,
    difficulty,
    services,
    transfers,
  }));
}

// ——— everything the rules read, for a set of units ———

/**
 * The person columns the rules and the lists read: never the sealed numbers, their indexes or free text, so
 * a unit loads in a fraction of the time a full row would take.
 */
export const FACT_PERSON_COLUMNS = [
  'id',
  'unit_code',
  'household_id',
  'relation',
  'name',
  'id_masked',
  'phone_masked',
  'sex',
  'birth_date',
  'hukou',
  'ability',
  'willing',
  'student',
  'soldier',
  'pension_since',
  'female_worker',
  'poverty_register',
  'poverty_status',
  'flags',
  'flags_on',
] as const;
export type FactPersonRow = Pick<PersonRow, (typeof FACT_PERSON_COLUMNS)[number]>;

/**
 * All rows behind the facts of the given units, one query per table (never one per person). Persons are
 * those currently in the units; their records come wherever they were made.
 */
export async function loadRegisterRows(db: Db, units: UnitSet) {
  const persons: FactPersonRow[] = await db
    .selectFrom('person')
    .select(FACT_PERSON_COLUMNS)
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .orderBy('id')
    .execute();
  // The records of those persons, through the person_id indexes: PostgreSQL gets the ids as one array (with a
  // subquery it would hash-join against the whole table), SQLite the subquery it walks index by index.
  const ids = persons.map((p) => p.id);
  const ofPersons = (): RawBuilder<SqlBool> =>
    isPostgres(db)
      ? sql<SqlBool>`${sql.ref('person_id')} = any(${ids})`
      : sql<SqlBool>`${sql.ref('person_id')} in (${db
          .selectFrom('person')
          .select('id')
          .where('unit_code', 'in', units!.length ? [...units!] : [''])})`;
  const [employment, registrations, difficulty, services, households, zero, unitRecords] = await Promise.all([
    db
      .selectFrom('employment_spell')
      .selectAll()
      .$if(units !== null, (q) => q.where(ofPersons()))
      .execute(),
    db
      .selectFrom('unemployment_registration')
      .selectAll()
      .$if(units !== null, (q) => q.where(ofPersons()))
      .execute(),
    db
      .selectFrom('difficulty_recognition')
      .selectAll()
      .$if(units !== null, (q) => q.where(ofPersons()))
      .execute(),
    db
      .selectFrom('service_record')
      .select(['id', 'person_id', 'type', 'date', 'mode', 'request_item', 'fulfilled_on'])
      .$if(units !== null, (q) => q.where(ofPersons()))
      .execute(),
    db
      .selectFrom('household')
      .selectAll()
      .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
      .execute(),
    db
      .selectFrom('zero_employment_recognition')
      .selectAll()
      .$if(units !== null, (q) =>
        q.where(
          'household_id',
          'in',
          db
            .selectFrom('household')
            .select('id')
            .where('unit_code', 'in', units!.length ? [...units!] : ['']),
        ),
      )
      .execute(),
    db
      .selectFrom('unit_record')
      .select(['id', 'unit_code', 'type', 'date', 'ledger_class'])
      .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
      .execute(),
  ]);
  // 岗位信息 collected by the units themselves (annex item 7)
  const vacancies = await db
    .selectFrom('vacancy')
    .select(['id', 'unit_code', 'collected_on'])
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .execute();
  return {
    persons,
    employment,
    registrations,
    difficulty,
    services,
    households,
    zero,
    unitRecords,
    vacancies,
  };
}
export type RegisterRows = Awaited<ReturnType<typeof loadRegisterRows>>;
