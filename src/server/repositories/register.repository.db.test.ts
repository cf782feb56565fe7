import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticDistrict } from '../services/synthetic.service.ts';
import { TEST_PII, testContext } from '../testing/context.ts';
import { createTestDb, DIALECTS, type TestDb } from '../testing/test-db.ts';
import { findPersonPage, prefixEnd, type PersonListFilter } from './register.repository.ts';

interface Stored {
  id: number;
  unit_code: string;
  name: string;
  name_pinyin: string;
  id_enc: string;
}

const initialsOf = (p: Stored) => p.name_pinyin.slice(0, p.name_pinyin.indexOf(' '));
const fullOf = (p: Stored) => p.name_pinyin.slice(p.name_pinyin.indexOf(' ') + 1);

/** Every page of a search, following the cursor the way the service builds it (`unit:id` of the last row). */
async function allPages(db: TestDb, f: Omit<PersonListFilter, 'after'>): Promise<number[][]> {
  const pages: number[][] = [];
  let after: PersonListFilter['after'];
  for (;;) {
    const rows = await findPersonPage(db.db, { ...f, limit: f.limit + 1, ...(after ? { after } : {}) });
    const page = rows.slice(0, f.limit);
    pages.push(page.map((r) => r.id));
    if (rows.length <= f.limit || pages.length > 200) return pages;
    const last = page[page.length - 1]!;
    after = { unitCode: last.unit_code, id: last.id };
  }
}

describe.each(DIALECTS)('findPersonPage on %s', (dialect) => {
  let db: TestDb;
  let persons: Stored[];
  let town: string[];
  beforeAll(async () => {
    db = await createTestDb(dialect);
    await generateSyntheticDistrict(testContext(db), { persons: 2500, seed: 3, year: 2016 });
    persons = await db.db
      .selectFrom('person')
      .select(['id', 'unit_code', 'name', 'name_pinyin', 'id_enc'])
      .orderBy('id')
      .execute();
    const parent = (
      await db.db
        .selectFrom('unit')
        .select('parent_code')
        .where('code', '=', persons[0]!.unit_code)
        .executeTakeFirstOrThrow()
    ).parent_code!;
    town = (await db.db.selectFrom('unit').select('code').where('parent_code', '=', parent).execute()).map(
      (u) => u.code,
    );
  });
  afterAll(() => db.destroy());

  /** The terms a user types, taken from the register: name starts, initials, full pinyin starts. */
  const terms = () => {
    const sample = persons.filter((_, i) => i % 97 === 0).slice(0, 12);
    return [
      ...new Set([
        persons[0]!.name.slice(0, 1),
        ...sample.map((p) => p.name.slice(0, 2)),
        ...sample.map((p) => initialsOf(p).slice(0, 2)),
        ...sample.map((p) => fullOf(p).slice(0, 4)),
        'w',
        'zh',
      ]),
    ];
  };

  it('pages through exactly the persons whose name, initials or full pinyin start with the term', async () => {
    for (const units of [null, town]) {
      for (const q of terms()) {
        const pinyin = /^[a-z]+$/.test(q);
        const expected = persons.filter(
          (p) =>
            (units === null || units.includes(p.unit_code)) &&
            (pinyin ? initialsOf(p).startsWith(q) || fullOf(p).startsWith(q) : p.name.startsWith(q)),
        );
        const pages = await allPages(db, { units, limit: 7, ...(pinyin ? { pinyin: q } : { name: q }) });
        const ids = pages.flat();
        expect(new Set(ids).size, `${q}: no person twice`).toBe(ids.length);
        expect(
          [...ids].sort((a, b) => a - b),
          q,
        ).toEqual(expected.map((p) => p.id));
        expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
      }
    }
  });

  it('lists initials matches before full-pinyin ones, each in the order of its key, then unit and id', async () => {
    const byId = new Map(persons.map((p) => [p.id, p]));
    const ids = (await allPages(db, { units: null, limit: 5, pinyin: 'zh' })).flat();
    const order = (p: Stored) => {
      const initials = initialsOf(p).startsWith('zh');
      return [initials ? 0 : 1, initials ? p.name_pinyin : fullOf(p), p.unit_code, p.id] as const;
    };
    const rows = ids.map((id) => order(byId.get(id)!));
    const sorted = [...rows].sort((a, b) => {
      for (let k = 0; k < 4; k++) if (a[k] !== b[k]) return a[k]! < b[k]! ? -1 : 1;
      return 0;
    });
    expect(rows).toEqual(sorted);
    expect(rows.some((r) => r[0] === 0) && rows.some((r) => r[0] === 1)).toBe(true);

    const q = persons[0]!.name.slice(0, 1);
    const names = (await allPages(db, { units: town, limit: 4, name: q })).flat().map((id) => byId.get(id)!);
    for (let i = 1; i < names.length; i++) {
      const [a, b] = [names[i - 1]!, names[i]!];
      expect(a.name < b.name || (a.name === b.name && a.unit_code <= b.unit_code)).toBe(true);
    }
  });

  it('resumes after a person renamed between two pages from the new name, never listing them twice', async () => {
    const q = persons[0]!.name.slice(0, 1);
    const first = await findPersonPage(db.db, { units: null, name: q, limit: 3 });
    const last = first[2]!;
    const renamed = `${q}\u{9fa5}`; // after every other name starting with the same character
    await db.db.updateTable('person').set({ name: renamed }).where('id', '=', last.id).execute();
    try {
      const rest = (
        await findPersonPage(db.db, {
          units: null,
          name: q,
          limit: 50,
          after: { unitCode: last.unit_code, id: last.id },
        })
      ).filter((r) => r.name === renamed);
      expect(rest.map((r) => r.id)).not.toContain(last.id);
      const before = await findPersonPage(db.db, { units: null, name: renamed, limit: 50 });
      expect(before.map((r) => r.id)).toContain(last.id);
    } finally {
      await db.db.updateTable('person').set({ name: last.name }).where('id', '=', last.id).execute();
    }
  });

  it('finds a person by ID number only within the scope', async () => {
    const p = persons[10]!;
    const hmac = TEST_PII.blindIndex(TEST_PII.decrypt(p.id_enc));
    expect((await findPersonPage(db.db, { units: null, idHmac: hmac, limit: 20 })).map((r) => r.id)).toEqual([
      p.id,
    ]);
    expect(
      (await findPersonPage(db.db, { units: [p.unit_code], idHmac: hmac, limit: 20 })).map((r) => r.id),
    ).toEqual([p.id]);
    const elsewhere = town.filter((u) => u !== p.unit_code);
    expect(await findPersonPage(db.db, { units: elsewhere, idHmac: hmac, limit: 20 })).toEqual([]);
  });
});

describe('prefixEnd', () => {
  it('is the least string above every string with the prefix, in code point order', () => {
    expect(prefixEnd('wxy')).toBe('wxz');
    expect(prefixEnd('王秀')).toBe('王私');
    expect(prefixEnd('\u{20bb7}')).toBe('\u{20bb8}');
    expect(prefixEnd('a\u{10ffff}')).toBe('b');
    expect(prefixEnd('\u{d7ff}')).toBe('\u{e000}');
    expect(prefixEnd('')).toBeNull();
  });
});
