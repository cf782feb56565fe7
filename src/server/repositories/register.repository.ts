import {
  sql,
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  type Transaction,
} from 'kysely';
import { runCompiled } from '../db/compiled.ts';
import { isPostgres } from '../db/connect.ts';
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
export type ListPersonRow = Pick<PersonRow, (typeof LIST_PERSON_COLUMNS)[number]> & {
  /** the name of the person's unit, read with the row */
  unit_name: string | null;
};

type ListQuery = SelectQueryBuilder<Database, 'person', ListPersonRow>;
type Arg = (i: number) => never;

/**
 * The values of a compiled list query in the order its builder uses them, and the part of its shape they
 * imply. Every page query runs compiled (db/compiled.ts): a list is what the register's users do most.
 */
class ListParams {
  readonly values: unknown[] = [];
  shape = '';
  add(value: unknown): number {
    return this.values.push(value) - 1;
  }
  /** one placeholder per value of a list; its length is part of the shape */
  addAll(values: readonly unknown[]): number[] {
    this.shape += `[${values.length}]`;
    return values.map((v) => this.add(v));
  }
}

/** The class filters every page shares (flags that must or must not hold, a household), as placeholders. */
function classFilters(f: PersonListFilter, params: ListParams) {
  const all = f.allFlags ? params.add(f.allFlags) : null;
  const none = f.noFlags ? params.add(f.noFlags) : null;
  const household = f.householdId !== undefined ? params.add(f.householdId) : null;
  params.shape += `a${all !== null ? 1 : 0}n${none !== null ? 1 : 0}h${household !== null ? 1 : 0}`;
  return (db: Db, arg: Arg): ListQuery =>
    db
      .selectFrom('person')
      .select(LIST_PERSON_COLUMNS)
      .select((eb) =>
        eb
          .selectFrom('unit')
          .select('unit.name')
          .whereRef('unit.code', '=', 'person.unit_code')
          .as('unit_name'),
      )
      // `flags & x >= x` (the same as `= x`: the masked value is at most x) is estimated to keep a third of the
      // rows rather than one in two hundred, so PostgreSQL reads a search's key range in order and stops instead
      // of collecting the whole range to sort it.
      .$if(all !== null, (q) => q.where((eb) => eb(eb('flags', '&', arg(all!)), '>=', arg(all!))))
      .$if(none !== null, (q) => q.where((eb) => eb(eb('flags', '&', arg(none!)), '=', 0)))
      .$if(household !== null, (q) => q.where('household_id', '=', arg(household!)));
}

/** Rows after the cursor in (unit, id) order. */
function afterUnitAndId(f: PersonListFilter, params: ListParams) {
  if (!f.after) {
    params.shape += ':start';
    return (q: ListQuery) => q;
  }
  const unit = params.add(f.after.unitCode);
  const id = params.add(f.after.id);
  params.shape += ':after';
  return (q: ListQuery, arg: Arg) =>
    q.where((eb) =>
      eb.or([
        eb('unit_code', '>', arg(unit)),
        eb.and([eb('unit_code', '=', arg(unit)), eb('id', '>', arg(id))]),
      ]),
    );
}

/**
 * One ledger page. Without a search: ordered by (unit, id), both in the index, so a page costs the same at
 * any depth. A name or pinyin search reads an index of (key, unit, id) from the prefix on and stops at the
 * page's end — no sort, no table row for an index entry outside the scope — so its results come in the order
 * of the key searched (name, or pinyin), then unit. An ID or phone number is two blind-index lookups.
 */
export async function findPersonPage(db: Db, f: PersonListFilter): Promise<ListPersonRow[]> {
  if (f.idHmac) return findPersonsByBlindIndex(db, f, f.idHmac);
  if (f.name) return searchPersons(db, f, [{ key: 'name', prefix: f.name }]);
  if (f.pinyin)
    return searchPersons(db, f, [
      { key: 'initials', prefix: f.pinyin },
      { key: 'full', prefix: f.pinyin },
    ]);
  const params = new ListParams();
  const base = classFilters(f, params);
  const units = f.units === null ? null : params.addAll(f.units.length ? f.units : ['']);
  const after = afterUnitAndId(f, params);
  const limit = params.add(f.limit);
  return runCompiled(
    db,
    `person-page:${params.shape}:${units === null ? 'all' : 'units'}`,
    (arg) =>
      after(
        base(db, arg).$if(units !== null, (q) =>
          q.where(
            'unit_code',
            'in',
            units!.map((i) => arg(i)),
          ),
        ),
        arg,
      )
        .orderBy('unit_code')
        .orderBy('id')
        .limit(arg(limit)),
    params.values,
  );
}

/**
 * Whoever holds `hmac` as ID number or as phone number, in scope, ordered by (unit, id). A number belongs to a
 * handful of people at most, so the two blind indexes drive the query and the scope is checked on the rows:
 * a scope's list of units in the query would lead the planner to walk every unit instead.
 */
async function findPersonsByBlindIndex(db: Db, f: PersonListFilter, hmac: string): Promise<ListPersonRow[]> {
  const params = new ListParams();
  const base = classFilters(f, params);
  const number = params.add(hmac);
  const after = afterUnitAndId(f, params);
  const rows = await runCompiled(
    db,
    `person-number:${params.shape}`,
    (arg) =>
      after(
        base(db, arg).where((eb) =>
          eb.or([eb('id_hmac', '=', arg(number)), eb('phone_hmac', '=', arg(number))]),
        ),
        arg,
      )
        .orderBy('unit_code')
        .orderBy('id'),
    params.values,
  );
  const scope = f.units === null ? null : new Set(f.units);
  return rows.filter((r) => scope === null || scope.has(r.unit_code)).slice(0, f.limit);
}

/**
 * The keys the search box matches by prefix: the name, the pinyin initials (the start of `name_pinyin`,
 * "wxy wangxiuying"), and the full pinyin (what follows its first space).
 */
type SearchKey = 'name' | 'initials' | 'full';

/**
 * The indexed expression of a key; migration 2026-11-26-041 indexes exactly these, before `unit_code`. On
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

/** Where a page resumes: the cursor's unit, the arm and key its row is listed under, and its id. */
interface SearchCursor {
  unit: string;
  arm: number;
  key: string;
  id: number;
}

/**
 * A prefix search over one or more keys. Each key is an "arm" listed in (key, unit, id) order; a row matching
 * several keys belongs to the first. The page is ordered by (arm, key, unit, id): the initials matches first,
 * then the full-pinyin ones, each alphabetically. The cursor stays (unit, id): the row's arm and key are read
 * back from the row itself (a row renamed between two pages is resumed from its new name).
 */
async function searchPersons(db: Db, f: PersonListFilter, arms: SearchArm[]): Promise<ListPersonRow[]> {
  let at: SearchCursor | null = null;
  if (f.after) {
    const [row] = await runCompiled(
      db,
      'person-search-cursor',
      (arg) => db.selectFrom('person').select(['name', 'name_pinyin']).where('id', '=', arg(0)),
      [f.after.id],
    );
    if (!row) return []; // persons are never deleted; a cursor naming none is past the end
    const i = arms.findIndex((a) => keyOf(row, a.key).startsWith(a.prefix));
    const arm = i < 0 ? arms.length - 1 : i;
    at = { unit: f.after.unitCode, arm, key: keyOf(row, arms[arm]!.key), id: f.after.id };
  }
  const first = at?.arm ?? 0;
  if (isPostgres(db)) {
    // One statement (one round trip): each arm's first rows after the cursor, read in order from its own
    // index, then the arms one after the other.
    const params = new ListParams();
    const parts = arms.slice(first).map((_, j) => searchArm(db, f, arms, first + j, params, at));
    const limit = params.add(f.limit);
    const rows = await runCompiled(
      db,
      `person-search:${first}:${params.shape}`,
      (arg) => {
        const [head, ...tail] = parts.map((part) =>
          db.selectFrom(part(arg).as(`arm${part.arm}`)).selectAll(),
        );
        let q = head!;
        for (const t of tail) q = q.unionAll(t);
        return q.orderBy('arm').orderBy('k').orderBy('unit_code').orderBy('id').limit(arg(limit));
      },
      params.values,
    );
    return rows.map(({ arm: _arm, k: _k, ...row }) => row);
  }
  // SQLite, in process: the arms one after another, each straight from its index in the page's order (a union
  // would sort each arm's rows again in a temporary tree), the later ones only while the page is not full.
  const out: ListPersonRow[] = [];
  for (let i = first; i < arms.length && out.length < f.limit; i++) {
    const params = new ListParams();
    const part = searchArm(db, f, arms, i, params, at, f.limit - out.length);
    const rows = await runCompiled(
      db,
      `person-search-arm:${params.shape}`,
      (arg) => part(arg),
      params.values,
    );
    for (const { arm: _arm, k: _k, ...row } of rows) out.push(row);
  }
  return out;
}

/**
 * Arm `i` of a search as a subquery: its first rows (after the cursor when it lies in this arm), with the arm's
 * number and key for the order of the page. One range of the key's index, read in order: the scope's units
 * (none for the district) are checked on the index entries, the ranges of the earlier arms left out.
 */
function searchArm(
  db: Db,
  f: PersonListFilter,
  arms: readonly SearchArm[],
  i: number,
  params: ListParams,
  at: SearchCursor | null,
  limit = f.limit,
) {
  const base = classFilters(f, params);
  const ranges = arms.slice(0, i + 1).map((a) => {
    const end = prefixEnd(a.prefix);
    params.shape += `${a.key}${end === null ? '-' : '+'}`;
    return { key: a.key, from: params.add(a.prefix), to: end === null ? null : params.add(end) };
  });
  const units = f.units === null ? null : params.addAll(f.units.length ? f.units : ['']);
  const cursor =
    at && at.arm === i ? { key: params.add(at.key), unit: params.add(at.unit), id: params.add(at.id) } : null;
  const lim = params.add(limit);
  const key = keyExpr(db, arms[i]!.key);
  // SQLite without statistics (a fresh database) would rather walk the scope's units than the key's range and
  // sort; `+unit_code` keeps the unit list a filter on the index entries. A village's name search keeps its
  // own index (unit, name, id).
  const byUnit = arms[i]!.key === 'name' && f.units?.length === 1;
  const unitFilter = isPostgres(db) || byUnit ? sql.ref('unit_code') : sql`+${sql.ref('unit_code')}`;
  params.shape += `/${units === null ? 'all' : byUnit ? 'unit' : 'units'}:${cursor ? 'after' : 'start'};`;
  const build = (arg: Arg) => {
    const own = ranges[i]!;
    let q = base(db, arg)
      .select([sql.lit(i).as('arm'), key.as('k')])
      .where(key, '>=', arg(own.from));
    if (own.to !== null) q = q.where(key, '<', arg(own.to));
    for (const r of ranges.slice(0, i)) {
      const k = keyExpr(db, r.key);
      q = q.where((eb) =>
        eb.or([eb(k, '<', arg(r.from)), ...(r.to !== null ? [eb(k, '>=', arg(r.to))] : [])]),
      );
    }
    if (units !== null)
      q = q.where(
        unitFilter,
        'in',
        units.map((u) => arg(u)),
      );
    if (cursor)
      q = q
        .where(key, '>=', arg(cursor.key))
        .where((eb) =>
          eb.not(
            eb.and([
              eb(key, '=', arg(cursor.key)),
              eb.or([
                eb('unit_code', '<', arg(cursor.unit)),
                eb.and([eb('unit_code', '=', arg(cursor.unit)), eb('id', '<=', arg(cursor.id))]),
              ]),
            ]),
          ),
        );
    return q.orderBy(key).orderBy('unit_code').orderBy('id').limit(arg(lim));
  };
  return Object.assign(build, { arm: i });
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

/** Each unit's count of persons holding every flag of `allFlags` (units without any are left out). */
export async function countPersonsByUnit(
  db: Db,
  units: readonly string[],
  allFlags: number,
): Promise<Map<string, number>> {
  if (units.length === 0) return new Map();
  const rows = await db
    .selectFrom('person')
    .select((eb) => ['unit_code', eb.fn.countAll<number>().as('n')])
    .where('unit_code', 'in', [...units])
    .$if(!!allFlags, (q) => q.where((eb) => eb(eb('flags', '&', allFlags), '=', allFlags)))
    .groupBy('unit_code')
    .execute();
  return new Map(rows.map((r) => [r.unit_code, Number(r.n)]));
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
export async function loadRegisterRows(db: Db, units: UnitSet, only?: { persons: readonly number[] }) {
  const inUnits = units === null ? null : units.length ? [...units] : [''];
  // `only`: just these persons of the units (and all the units' own rows): a unit brought up to date
  const onlyIds = only ? (only.persons.length ? [...only.persons] : [0]) : null;
  const unitPersons = () =>
    db
      .selectFrom('person')
      .select('id')
      .where('unit_code', 'in', inUnits!)
      .$if(onlyIds !== null, (q) => q.where('id', 'in', onlyIds!));
  // The records of the units' persons, through the person_id indexes. PostgreSQL gets the ids as one array
  // built by the server first (`= any(array(…))`; with `in (subquery)` it would hash-join against the whole
  // table); SQLite walks the subquery index by index. Every query runs at once, each reading only the columns
  // the facts use.
  const ofPersons = (): RawBuilder<SqlBool> =>
    isPostgres(db)
      ? sql<SqlBool>`${sql.ref('person_id')} = any(array(${unitPersons()}))`
      : sql<SqlBool>`${sql.ref('person_id')} in (${unitPersons()})`;
  const [persons, employment, registrations, difficulty, services, households, zero, unitRecords, vacancies] =
    await Promise.all([
      db
        .selectFrom('person')
        .select(FACT_PERSON_COLUMNS)
        .$if(inUnits !== null, (q) => q.where('unit_code', 'in', inUnits!))
        .$if(onlyIds !== null, (q) => q.where('id', 'in', onlyIds!))
        .orderBy('id')
        .execute(),
      db
        .selectFrom('employment_spell')
        .select(['id', 'person_id', 'form', 'employer', 'start_date', 'end_date'])
        .$if(inUnits !== null, (q) => q.where(ofPersons()))
        .execute(),
      db
        .selectFrom('unemployment_registration')
        .select(['id', 'person_id', 'approved_on', 'closed_on', 'close_reason'])
        .$if(inUnits !== null, (q) => q.where(ofPersons()))
        .execute(),
      db
        .selectFrom('difficulty_recognition')
        .select(['id', 'person_id', 'categories', 'recognized_on', 'exited_on'])
        .$if(inUnits !== null, (q) => q.where(ofPersons()))
        .execute(),
      db
        .selectFrom('service_record')
        .select(['id', 'person_id', 'type', 'date', 'mode', 'request_item', 'fulfilled_on'])
        .$if(inUnits !== null, (q) => q.where(ofPersons()))
        .execute(),
      db
        .selectFrom('household')
        .select(['id', 'unit_code', 'number', 'has_business_income'])
        .$if(inUnits !== null, (q) => q.where('unit_code', 'in', inUnits!))
        .execute(),
      db
        .selectFrom('zero_employment_recognition')
        .select(['id', 'household_id', 'recognized_on'])
        .$if(inUnits !== null, (q) =>
          q.where(
            'household_id',
            'in',
            db.selectFrom('household').select('id').where('unit_code', 'in', inUnits!),
          ),
        )
        .execute(),
      db
        .selectFrom('unit_record')
        .select(['id', 'unit_code', 'type', 'date', 'ledger_class'])
        .$if(inUnits !== null, (q) => q.where('unit_code', 'in', inUnits!))
        .execute(),
      // 岗位信息 collected by the units themselves (annex item 7)
      db
        .selectFrom('vacancy')
        .select(['id', 'unit_code', 'collected_on'])
        .$if(inUnits !== null, (q) => q.where('unit_code', 'in', inUnits!))
        .execute(),
    ]);
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
