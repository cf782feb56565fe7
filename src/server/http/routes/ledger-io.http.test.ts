import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../testing/http.ts';
import {
  HOSTILE,
  tempDir,
  villageLabourRows,
  villageWorkbookSheets,
  writeWorkbook,
} from '../../testing/ledger-files.ts';
import { DIALECTS } from '../../testing/test-db.ts';

/** A multipart/form-data body with one file field, as a browser sends it. */
function upload(filename: string, data: Buffer) {
  const boundary = `----jiuye${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head, 'utf8'), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function post(agent: Agent, url: string, filename: string, data: Buffer) {
  return agent.request({ method: 'POST', url, ...upload(filename, data) });
}

describe.each(DIALECTS)('ledger import and export over HTTP on %s', (dialect) => {
  let t: TestApp;
  let liucuo: Agent;
  const dir = tempDir();
  let workbook: Buffer;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    liucuo = await t.as('liucuo');
    workbook = fs.readFileSync(
      await writeWorkbook(path.join(dir, 'v.xlsx'), villageWorkbookSheets({ persons: 12 })),
    );
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('POST /api/ledger/import applies an uploaded workbook and reports counts per sheet', async () => {
    const res = await post(liucuo, '/api/ledger/import', '柳厝村台账.xlsx', workbook);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json();
    expect(job).toMatchObject({ done: true, phase: 'done', filename: '柳厝村台账.xlsx', error: null });
    expect(job.report).toMatchObject({ applied: true, rejectedRows: 0, errorWorkbookUrl: null });
    expect(job.report.counts['劳动力']).toEqual({ created: 12, updated: 0, unchanged: 0, rejected: 0 });

    const again = (await post(liucuo, '/api/ledger/import', '柳厝村台账.xlsx', workbook)).json();
    expect(again.report.total).toMatchObject({ created: 0, updated: 0, rejected: 0 });
  });

  it('reports a bad row and serves the error workbook to the uploader only', async () => {
    const rows = villageLabourRows({ persons: 3, firstHousehold: 50, seed: 3 });
    rows[2]!['就业日期'] = '2026-02-30';
    rows[2]!['就业形式'] = '单位就业';
    const file = fs.readFileSync(await writeWorkbook(path.join(dir, 'bad.xlsx'), { 劳动力: rows }));
    const job = (await post(liucuo, '/api/ledger/import', 'bad.xlsx', file)).json();
    expect(job.report.applied).toBe(false);
    expect(job.report.rejected).toEqual([
      {
        sheet: '劳动力',
        row: 4,
        column: '就业日期',
        reason: '"2026-02-30" 不是有效日期（应为 YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日）',
      },
    ]);
    expect(job.report.errorWorkbookUrl).toBe(`/api/ledger/import/${job.id}/errors.xlsx`);

    const res = await liucuo.get(job.report.errorWorkbookUrl);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('bad.错误说明.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('劳动力')!;
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(String(ws.getRow(4).getCell(header.indexOf('错误说明') + 1).value)).toMatch(/^就业日期：/);

    const other = await t.as('jinxiang');
    expect((await other.get(job.report.errorWorkbookUrl)).statusCode).toBe(404);
  });

  it('answers at once with wait=false and shows progress until the import is done', async () => {
    const res = await post(liucuo, '/api/ledger/import?wait=false&partial=true', 'v.xlsx', workbook);
    expect(res.statusCode).toBe(202);
    const { id } = res.json();
    let job = res.json();
    for (let i = 0; i < 200 && !job.done; i++) {
      await new Promise((r) => setTimeout(r, 20));
      job = (await liucuo.get(`/api/ledger/import/${id}`)).json();
    }
    expect(job).toMatchObject({ id, done: true, phase: 'done' });
    expect(job.report.partial).toBe(true);
    expect((await (await t.as('jinxiang')).get(`/api/ledger/import/${id}`)).statusCode).toBe(404);
  });

  it('refuses hostile uploads with a Chinese reason and changes nothing', async () => {
    const bomb = await post(liucuo, '/api/ledger/import', 'bomb.xlsx', HOSTILE.zipBomb(20));
    expect(bomb.statusCode).toBe(400);
    expect(bomb.json().error.message).toMatch(/压缩炸弹/);
    const fake = await post(liucuo, '/api/ledger/import', 'fake.xlsx', HOSTILE.notAZip());
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.message).toMatch(/不是有效的 Excel 工作簿/);
    const macro = await post(liucuo, '/api/ledger/import', 'm.xlsx', HOSTILE.macro());
    expect(macro.json().error.message).toMatch(/宏/);
  });

  it('refuses an upload over 50 MB as too large', async () => {
    const res = await post(liucuo, '/api/ledger/import', 'big.xlsx', Buffer.alloc(51 * 1024 * 1024));
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error.message).toMatch(/超过 50 MB/);
  });

  it('answers malformed uploads with a 4xx, never a server error', async () => {
    const cut = upload('v.xlsx', workbook);
    const truncated = await liucuo.request({
      method: 'POST',
      url: '/api/ledger/import',
      payload: cut.payload.subarray(0, 400),
      headers: cut.headers,
    });
    const json = await liucuo.request({ method: 'POST', url: '/api/ledger/import', payload: { file: 'x' } });
    const noBoundary = await liucuo.request({
      method: 'POST',
      url: '/api/ledger/import',
      payload: 'x',
      headers: { 'content-type': 'multipart/form-data' },
    });
    const empty = await post(liucuo, '/api/ledger/import', 'empty.xlsx', Buffer.alloc(0));
    for (const [i, res] of [truncated, json, noBoundary, empty].entries()) {
      expect(res.statusCode, `${i} ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${i} ${res.body}`).toBeLessThan(500);
    }
  });

  it('GET /api/ledger/export sends a masked workbook, and full numbers only with a reason', async () => {
    const masked = await liucuo.get('/api/ledger/export?ledger=labour');
    expect(masked.statusCode).toBe(200);
    expect(masked.headers['content-type']).toContain('spreadsheetml');
    expect(masked.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const noReason = await liucuo.get('/api/ledger/export?ledger=labour&masked=false');
    expect(noReason.statusCode).toBe(400);
    const full = await liucuo.get(
      `/api/ledger/export?ledger=labour&masked=false&reason=${encodeURIComponent('年度核对')}`,
    );
    expect(full.statusCode).toBe(200);
    expect((await liucuo.get('/api/ledger/export?ledger=labour&unit=350505100202')).statusCode).toBe(404);
    expect((await (await t.as('shenpi')).get('/api/ledger/export?ledger=labour')).statusCode).toBe(403);
  });

  it('GET /api/ledger/template sends the blank template', async () => {
    const res = await liucuo.get('/api/ledger/template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '劳动力',
      '就业失业记录',
      '服务记录',
      '零就业家庭',
      '村级工作',
      '填写说明',
    ]);
  });
});
