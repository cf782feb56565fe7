import type { Kysely, Transaction } from 'kysely';
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
  /** keyset: rows after this (unit_code, id) */
  after?: { unitCode: string; id: number };
  limit: number;
}

/** One ledger page, ordered by (unit, id) — both in the index, so the page costs the same at any depth. */
export function findPersonPage(db: Db, f: PersonListFilter): Promise<PersonRow[]> {
  return db
    .selectFrom('person')
    .selectAll()
    .$if(f.units !== null, (q) => q.where('unit_code', 'in', f.units!.length ? [...f.units!] : ['']))
    .$if(!!f.allFlags, (q) => q.where((eb) => eb(eb('flags', '&', f.allFlags!), '=', f.allFlags!)))
    .$if(!!f.noFlags, (q) => q.where((eb) => eb(eb('flags', '&', f.noFlags!), '=', 0)))
    .$if(!!f.idHmac, (q) =>
      q.where((eb) => eb.or([eb('id_hmac', '=', f.idHmac!), eb('phone_hmac', '=', f.idHmac!)])),
    )
    .$if(!!f.name || !!f.pinyin, (q) =>
      q.where((eb) =>
        eb.or([
          ...(f.name ? [eb('name', 'like', `${escapeLike(f.name)}%`)] : []),
          ...(f.pinyin
            ? [
                eb('name_pinyin', 'like', `${escapeLike(f.pinyin)}%`),
                eb('name_pinyin', 'like', `% ${escapeLike(f.pinyin)}%`),
              ]
            : []),
        ]),
      ),
    )
    .$if(f.householdId !== undefined, (q) => q.where('household_id', '=', f.householdId!))
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

export async function countPersons(db: Db, f: Pick<PersonListFilter, 'units' | 'allFlags'>): Promise<number> {
  const row = await db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(f.units !== null, (q) => q.where('unit_code', 'in', f.units!.length ? [...f.units!] : ['']))
    .$if(!!f.allFlags, (q) => q.where((eb) => eb(eb('flags', '&', f.allFlags!), '=', f.allFlags!)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
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
  const personIds = (q: ReturnType<typeof db.selectFrom<'person'>>) =>
    q
      .select('id')
      .$if(units !== null, (qq) => qq.where('unit_code', 'in', units!.length ? [...units!] : ['']));
  const persons: FactPersonRow[] = await db
    .selectFrom('person')
    .select(FACT_PERSON_COLUMNS)
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .orderBy('id')
    .execute();
  const [employment, registrations, difficulty, services, households, zero, unitRecords] = await Promise.all([
    db
      .selectFrom('employment_spell')
      .selectAll()
      .where('person_id', 'in', personIds(db.selectFrom('person')))
      .execute(),
    db
      .selectFrom('unemployment_registration')
      .selectAll()
      .where('person_id', 'in', personIds(db.selectFrom('person')))
      .execute(),
    db
      .selectFrom('difficulty_recognition')
      .selectAll()
      .where('person_id', 'in', personIds(db.selectFrom('person')))
      .execute(),
    db
      .selectFrom('service_record')
      .select(['id', 'person_id', 'type', 'date', 'mode', 'request_item', 'fulfilled_on'])
      .where('person_id', 'in', personIds(db.selectFrom('person')))
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
