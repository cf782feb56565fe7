import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/id-number.ts';
import { createTestApp, type Agent, type TestApp } from '../../testing/http.ts';
import { DIALECTS } from '../../testing/test-db.ts';

const LIUCUO = '350505100201';
const NANPU_OTHER = '350505100202';
const JINXIANG = '350505001001';

let seq = 1;
function newPersonForm(over: Record<string, string> = {}) {
  const id = makeIdNumber('350505', '1985-03-09', (seq += 2)); // odd: male
  return {
    unitCode: LIUCUO,
    householdNumber: `H${seq}`,
    name: '陈建国',
    idNumber: id,
    phone: '13812345678',
    ...over,
  };
}

describe.each(DIALECTS)('the register over HTTP on %s', (dialect) => {
  let t: TestApp;
  let village: Agent;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    village = await t.as('liucuo');
  });
  afterAll(() => t.close());

  it('adds a person from the form and shows them masked in the labour ledger', async () => {
    const form = newPersonForm();
    const res = await village.post('/api/persons', form);
    expect(res.statusCode).toBe(201);
    const person = res.json();
    expect(person).toMatchObject({
      name: '陈建国',
      sex: 'M',
      birthDate: '1985-03-09',
      idMasked: `${form.idNumber.slice(0, 6)}********${form.idNumber.slice(-4)}`,
      phoneMasked: '138****5678',
    });
    expect(person.flags).toContain('labour');
    expect(res.body).not.toContain(form.idNumber);
    expect(res.body).not.toContain('13812345678');

    const ledger = (await village.get(`/api/ledgers/labour?unit=${LIUCUO}`)).json();
    expect(ledger.items.map((i: { id: number }) => i.id)).toContain(person.id);
    expect(JSON.stringify(ledger)).not.toContain(form.idNumber);
  });

  it('finds a person by name, pinyin initials, full ID number and phone', async () => {
    const form = newPersonForm({ name: '林晓梅', phone: '13900001111' });
    const id = (await village.post('/api/persons', form)).json().id;
    for (const q of ['林晓', 'lxm', 'linxiao', form.idNumber, '13900001111']) {
      const found = (await village.get(`/api/ledgers/all?q=${encodeURIComponent(q)}`)).json();
      expect(
        found.items.map((i: { id: number }) => i.id),
        q,
      ).toEqual([id]);
    }
  });

  it('refuses a typed sex that disagrees with the ID number, naming the field', async () => {
    const res = await village.post('/api/persons', newPersonForm({ sex: '女' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'sex', message: '与身份证号不符：身份证号显示为男' }]);
  });

  it('never creates a second person for one ID number, and offers a transfer from another unit', async () => {
    const form = newPersonForm({ name: '黄志强' });
    const created = (await village.post('/api/persons', form)).json();
    const again = await village.post('/api/persons', form);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已在本单位登记');

    const other = await t.as('jinxiang');
    const elsewhere = await other.post('/api/persons', { ...form, unitCode: JINXIANG });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().error.message).toBe(
      '该身份证号已在柳厝村登记。如此人已迁入，请办理迁入，不要重复登记。',
    );

    const moved = await other.post('/api/persons/transfer-in', {
      idNumber: form.idNumber,
      toUnit: JINXIANG,
      date: '2026-11-01',
      householdNumber: 'J01',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ id: created.id, unitCode: JINXIANG, unitName: '锦祥社区' });
    expect(moved.json().timeline[0]).toMatchObject({ kind: 'transfer', detail: '柳厝村 → 锦祥社区' });
    expect((await village.get(`/api/persons/${created.id}`)).statusCode).toBe(404);
  });

  it('moves a person through registration, employment and closure, with the ledgers and findings following', async () => {
    const id = (await village.post('/api/persons', newPersonForm({ name: '郑海' }))).json().id;
    const registered = await village.post(`/api/persons/${id}/registrations`, { approved: '2026-03-02' });
    expect(registered.json().flags).toContain('registeredUnemployed');
    const unemployed = (await village.get(`/api/ledgers/unemployed?unit=${LIUCUO}`)).json();
    expect(unemployed.items.map((i: { id: number }) => i.id)).toContain(id);

    const employed = await village.post(`/api/persons/${id}/employment`, {
      form: '灵活就业',
      employer: '泉港石化物流',
      start: '2026-10-08',
    });
    expect(employed.json().flags).toEqual(expect.arrayContaining(['employed', 'registeredUnemployed']));
    const findings = (await village.get(`/api/findings?unit=${LIUCUO}`)).json();
    expect(
      findings.findings.find((f: { person: { id: number } | null }) => f.person?.id === id),
    ).toMatchObject({ kind: 'employedWhileRegistered', severity: 'finding' });

    const closed = await village.post(`/api/persons/${id}/registrations/close`, {
      closed: '2026-10-08',
      reason: '就业',
    });
    expect(closed.json().flags).not.toContain('registeredUnemployed');
    expect(
      (await village.get(`/api/ledgers/unemployed?unit=${LIUCUO}`))
        .json()
        .items.map((i: { id: number }) => i.id),
    ).not.toContain(id);
    expect(closed.json().timeline.map((e: { title: string }) => e.title)).toEqual(
      expect.arrayContaining(['就业：灵活就业', '注销失业登记', '失业登记']),
    );

    const late = await village.post(`/api/persons/${id}/registrations/close`, {
      closed: '2026-10-09',
      reason: '就业',
    });
    expect(late.statusCode).toBe(409);
    const future = await village.post(`/api/persons/${id}/registrations`, { approved: '2099-01-01' });
    expect(future.statusCode).toBe(400);
  });

  it('reveals one full number for a reason, and writes the look into the audit trail', async () => {
    const form = newPersonForm({ name: '吴秀英', idNumber: makeIdNumber('350505', '1979-12-01', 442) });
    const id = (await village.post('/api/persons', form)).json().id;
    const noReason = await village.post(`/api/persons/${id}/reveal`, { field: 'idNumber', reason: '' });
    expect(noReason.statusCode).toBe(400);
    const shown = await village.post(`/api/persons/${id}/reveal`, {
      field: 'idNumber',
      reason: '办理社保补贴核对身份',
    });
    expect(shown.json()).toEqual({ value: form.idNumber });
    const audit = (await (await t.as('auditor')).get('/api/audit?action=person.reveal')).json();
    expect(audit.items[0]).toMatchObject({ actor: 'liucuo', objectId: String(id) });
    expect(JSON.parse(audit.items[0].detail)).toEqual({ field: 'idNumber', reason: '办理社保补贴核对身份' });
    expect(audit.items[0].detail).not.toContain(form.idNumber);
  });

  it('keeps each scope to itself: town sees its villages, never another town; a village never sees a neighbour', async () => {
    const id = (await village.post('/api/persons', newPersonForm({ name: '柯明' }))).json().id;
    const town = await t.as('nanpu');
    expect((await town.get(`/api/persons/${id}`)).statusCode).toBe(200);
    const townLedger = (await town.get('/api/ledgers/labour')).json();
    expect(townLedger.items.every((i: { unitCode: string }) => i.unitCode.startsWith('350505100'))).toBe(
      true,
    );
    const otherTown = await t.as('shanyao');
    expect((await otherTown.get(`/api/persons/${id}`)).statusCode).toBe(404);
    expect((await otherTown.get(`/api/ledgers/labour?unit=${LIUCUO}`)).statusCode).toBe(404);
    expect((await otherTown.get('/api/ledgers/all?q=柯明')).json().items).toEqual([]);
    const neighbour = await t.as('liucuo');
    expect((await neighbour.get(`/api/ledgers/labour?unit=${NANPU_OTHER}`)).statusCode).toBe(404);
    expect((await (await t.as('admin')).get(`/api/persons/${id}`)).statusCode).toBe(403);
  });

  it('keeps the skills and wanted trades the form gives, for matching with vacancies', async () => {
    const p = (
      await village.post(
        '/api/persons',
        newPersonForm({ name: '洪涛', skills: '电焊、叉车', wantedTrades: '焊工' }),
      )
    ).json();
    expect(p).toMatchObject({ skills: '电焊、叉车', wantedTrades: '焊工' });
    const edited = await village.post(`/api/persons/${p.id}`, {
      householdNumber: p.household.number,
      name: '洪涛',
      wantedTrades: '叉车司机',
      version: p.version,
    });
    expect(edited.json()).toMatchObject({ skills: '电焊、叉车', wantedTrades: '叉车司机' });
  });

  it('keeps the phone number when an edit leaves it out, and clears it only when sent empty', async () => {
    const p = (
      await village.post('/api/persons', newPersonForm({ name: '施丽', phone: '13711112222' }))
    ).json();
    const renamed = (
      await village.post(`/api/persons/${p.id}`, {
        householdNumber: p.household.number,
        name: '施丽娟',
        version: p.version,
      })
    ).json();
    expect(renamed.phoneMasked).toBe('137****2222');
    const cleared = (
      await village.post(`/api/persons/${p.id}`, {
        householdNumber: p.household.number,
        name: '施丽娟',
        phone: '',
        version: renamed.version,
      })
    ).json();
    expect(cleared.phoneMasked).toBeNull();
  });

  it('refuses an edit based on a stale version', async () => {
    const p = (await village.post('/api/persons', newPersonForm({ name: '蔡丽' }))).json();
    const ok = await village.post(`/api/persons/${p.id}`, {
      householdNumber: p.household.number,
      name: '蔡丽华',
      version: p.version,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().name).toBe('蔡丽华');
    const stale = await village.post(`/api/persons/${p.id}`, {
      householdNumber: p.household.number,
      name: '蔡丽',
      version: p.version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
  });

  it('recognises a zero-employment family and flags its able members', async () => {
    const p = (
      await village.post('/api/persons', newPersonForm({ name: '庄国强', householdNumber: 'Z-01' }))
    ).json();
    const h = await village.post(`/api/households/${p.household.id}/zero-employment`, {
      recognized: '2026-10-10',
    });
    expect(h.statusCode).toBe(200);
    expect(h.json().zeroEmployment).toEqual([
      expect.objectContaining({ recognized: '2026-10-10', eliminated: null, deadline: '2026-12-31' }),
    ]);
    expect((await village.get(`/api/persons/${p.id}`)).json().flags).toContain('zeroEmploymentMember');
  });

  it.runIf(dialect === 'sqlite')(
    'keeps no ID or phone number in plain text in the database files',
    async () => {
      const form = newPersonForm({
        name: '许文',
        idNumber: makeIdNumber('350505', '1990-07-21', 777),
        phone: '13655554444',
      });
      await village.post('/api/persons', form);
      const files = [t.db.url, `${t.db.url}-wal`].filter((f) => fs.existsSync(f));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const bytes = fs.readFileSync(f);
        expect(bytes.includes(Buffer.from(form.idNumber)), f).toBe(false);
        expect(bytes.includes(Buffer.from('13655554444')), f).toBe(false);
      }
    },
  );
});
