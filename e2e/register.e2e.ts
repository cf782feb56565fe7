import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../src/domain/id-number.ts';
import {
  DESKTOP,
  PHONE,
  ensureWebBuilt,
  expectNoHorizontalOverflow,
  launchBrowser,
  login,
  openSession,
  shot,
  startServer,
  type RunningServer,
  type Session,
} from './harness.ts';

/**
 * The register journey (issue 3) through the real server and a real browser: a village worker adds a person
 * with the ID checked as typed, finds them by pinyin initials, registers them unemployed, reveals the ID with
 * a reason, sees the data-quality finding an employment causes and fixes it; a duplicate is refused and a
 * person from another town is transferred in; a town worker sees their villages and nobody else's.
 */
let server: RunningServer;
let browser: Browser;
const sessions: Session[] = [];

async function session(viewport = DESKTOP): Promise<Page> {
  const s = await openSession(browser, server.baseUrl, viewport);
  sessions.push(s);
  return s.page;
}

// Female, born 1980: a 4050 person by now. Sequence even → female, odd → male.
const MEILING = {
  name: '欧阳美玲',
  id: makeIdNumber('350505', '1980-05-12', 22),
  household: 'LC-001',
  phone: '13859001234',
};
const SPOUSE = { name: '林志强', id: makeIdNumber('350505', '1978-11-02', 31), household: 'LC-001' };
const SHANYAO_ONLY = { name: '郭雅琴', id: makeIdNumber('350505', '1990-02-14', 44), household: 'JX-007' };
const IMPORTED = [
  { name: '蔡丽华', id: makeIdNumber('350505', '1975-09-30', 62), household: 'LC-010', relation: '户主' },
  { name: '蔡文斌', id: makeIdNumber('350505', '1999-04-18', 71), household: 'LC-010', relation: '子女' },
];
const MOVER = { name: '王建华', id: makeIdNumber('350505', '1986-07-20', 55), household: 'JX-008' };

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const s of sessions) await s.context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  // The duplicate and transfer checks provoke 409s on purpose; the browser logs every failed request.
  const problems = sessions.flatMap((s) => s.problems).filter((p) => !/status of 409/.test(p));
  expect(problems, problems.join('\n')).toEqual([]);
});

/** Picks an option of the antd Select labelled `label` (in the page or the open dialog). */
async function choose(page: Page, label: string, option: string): Promise<void> {
  // Optional fields' labels end in “（可选）”.
  await page.getByLabel(new RegExp(`^${label}`)).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

async function fillPerson(page: Page, p: { name: string; id: string; household: string; phone?: string }) {
  await page.getByLabel('身份证号').fill(p.id);
  await page.getByLabel('姓名').fill(p.name);
  await page.getByLabel('户编号').fill(p.household);
  if (p.phone) await page.getByLabel('联系电话').fill(p.phone);
}

async function addPerson(page: Page, p: { name: string; id: string; household: string; phone?: string }) {
  await page.goto('/persons/new');
  await page.getByTestId('person-form').waitFor();
  await fillPerson(page, p);
  await page.getByRole('button', { name: /保\s?存/ }).click();
  await page.waitForURL(/\/persons\/\d+$/);
  await page.getByTestId('person-name').filter({ hasText: p.name }).waitFor();
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** Runs one history action from the person page: opens its dialog, lets `fill` set fields, saves. */
async function historyAction(page: Page, action: string, fill?: () => Promise<void>) {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (fill) await fill();
  await dialog.getByRole('button', { name: /保\s?存/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

let meilingId = 0;
let shanyaoOnlyId = 0;

describe('register journey', () => {
  it('lets another town’s community worker register people (for the scope checks below)', async () => {
    const page = await session();
    await login(page, 'jinxiang');
    shanyaoOnlyId = await addPerson(page, SHANYAO_ONLY);
    await addPerson(page, MOVER);
  });

  it('adds a person through the form, checking the ID number while it is typed', async () => {
    const page = await session();
    await login(page, 'liucuo');
    await page.goto('/ledgers');
    // The server may hold demo people already: nothing below assumes an empty register.
    await page.getByTestId('ledger-count').filter({ hasText: '共' }).waitFor();
    await page.getByRole('button', { name: /新增人员/ }).click();
    await page.waitForURL('**/persons/new');
    // 柳厝村 is preselected for its own worker.
    await expect(page.getByTestId('unit-picker').textContent()).resolves.toContain('柳厝村');

    const id = page.getByLabel('身份证号');
    await id.fill(MEILING.id.slice(0, 10));
    await page.getByText('长度应为 18 位（当前 10 位）').waitFor();
    const wrongCheck = MEILING.id.slice(0, 17) + (MEILING.id[17] === '0' ? '1' : '0');
    await id.fill(wrongCheck);
    await page.getByText(/身份证号校验位错误，应为/).waitFor();
    await id.fill(MEILING.id);
    await page.getByTestId('id-derived').filter({ hasText: '女，出生日期 1980-05-12' }).waitFor();
    // A typed sex that contradicts the number is refused before anything is sent.
    await choose(page, '性别', '男');
    await page.getByText('与身份证号不符：身份证号显示为女').waitFor();
    await choose(page, '性别', '女');
    await page.getByLabel('姓名').fill(MEILING.name);
    await page.getByLabel('户编号').fill(MEILING.household);
    await page.getByLabel('联系电话').fill(MEILING.phone);
    await choose(page, '与户主关系', '户主');
    await shot(page, 'person-new-desktop');
    await page.getByRole('button', { name: /保\s?存/ }).click();
    await page.waitForURL(/\/persons\/\d+$/);
    meilingId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('person-name').filter({ hasText: MEILING.name }).waitFor();
    const masked = `${MEILING.id.slice(0, 6)}********${MEILING.id.slice(-4)}`;
    await expect(page.getByTestId('id-masked').textContent()).resolves.toBe(masked);
    await expect(page.content()).resolves.not.toContain(MEILING.id);
    await expect(page.getByTestId('flag-tags').textContent()).resolves.toContain('4050人员');

    await addPerson(page, SPOUSE);
  });

  it('refuses the same ID number twice and links to the person already registered', async () => {
    const page = await session();
    await login(page, 'liucuo');
    await page.goto('/persons/new');
    await page.getByTestId('person-form').waitFor();
    await fillPerson(page, { ...MEILING, household: 'LC-099' });
    await page.getByRole('button', { name: /保\s?存/ }).click();
    await page.getByTestId('duplicate').filter({ hasText: '该身份证号已在本单位登记' }).waitFor();
    await page.getByRole('link', { name: '打开此人' }).click();
    await page.waitForURL(`**/persons/${meilingId}`);
  });

  it('offers a transfer for a person registered in another unit, keeping one person', async () => {
    const page = await session();
    await login(page, 'liucuo');
    await page.goto('/persons/new');
    await page.getByTestId('person-form').waitFor();
    await fillPerson(page, { ...MOVER, household: 'LC-002' });
    await page.getByRole('button', { name: /保\s?存/ }).click();
    const dup = page.getByTestId('duplicate');
    await dup.filter({ hasText: '请办理迁入' }).waitFor();
    await shot(page, 'person-duplicate-other-unit-desktop');
    await dup.getByRole('button', { name: '办理迁入' }).click();
    await page.getByText('原有的就业、失业和认定记录全部保留').waitFor();
    await page.getByRole('button', { name: '确认迁入' }).click();
    await page.waitForURL(/\/persons\/\d+$/);
    await page.getByTestId('person-name').filter({ hasText: MOVER.name }).waitFor();
    await expect(page.getByTestId('timeline').textContent()).resolves.toContain('迁移');
  });

  it('finds the person by pinyin initials and registers them unemployed', async () => {
    const page = await session();
    await login(page, 'liucuo');
    await page.goto('/ledgers/all');
    await page.getByTestId('ledger-search').fill('oyml');
    await page.waitForURL(/q=oyml/);
    await page.getByRole('link', { name: MEILING.name }).waitFor();
    await page.getByTestId('ledger-count').filter({ hasText: '搜索“oyml”：已显示' }).waitFor();
    await shot(page, 'ledger-search-desktop');
    await page.getByRole('link', { name: MEILING.name }).click();
    await page.waitForURL(`**/persons/${meilingId}`);

    await historyAction(page, 'registrations');
    await page.getByTestId('registration-card').getByText('有效').waitFor();
    await expect(page.getByTestId('timeline').textContent()).resolves.toContain('失业登记');
    await expect(page.getByTestId('flag-tags').textContent()).resolves.toContain('登记失业');
    await shot(page, 'person-desktop');

    await page.goto('/ledgers/unemployed?q=oyml');
    await page.getByRole('link', { name: MEILING.name }).waitFor();
    await shot(page, 'ledger-unemployed-desktop');
  });

  it('reveals the full ID number only with a reason, and says the look was recorded', async () => {
    const page = await session();
    await login(page, 'liucuo');
    await page.goto(`/persons/${meilingId}`);
    await page.getByTestId('reveal-idNumber').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /查\s?看/ }).click();
    await dialog.getByText('请填写查看原因', { exact: true }).waitFor();
    await dialog.getByLabel('查看原因').fill('核');
    await dialog.getByText('原因至少 2 个字').waitFor();
    await dialog.getByLabel('查看原因').fill('核对失业登记材料');
    await dialog.getByRole('button', { name: /查\s?看/ }).click();
    await dialog.getByTestId('revealed').waitFor();
    await expect(dialog.getByTestId('revealed').textContent()).resolves.toContain(MEILING.id);
    await dialog.getByText('已记入审计日志').waitFor();
    await shot(page, 'person-reveal-desktop');
    await dialog.locator('.ant-modal-footer').getByRole('button').click();
  });

  it('shows a finding when an employment is recorded while registered, and clears it once closed', async () => {
    const page = await session();
    await login(page, 'liucuo');
    await page.goto(`/persons/${meilingId}`);
    await historyAction(page, 'employment', async () => {
      await choose(page, '就业形式', '单位就业');
      await page.getByLabel('就业单位').fill('泉港石化园区某公司');
    });
    await page.getByTestId('employment-card').getByText('在岗').waitFor();

    await page.goto('/findings');
    const finding = page.getByTestId('finding').filter({ hasText: MEILING.name });
    await finding.waitFor();
    await shot(page, 'findings-desktop');
    await finding.getByRole('link').click();
    await page.waitForURL(`**/persons/${meilingId}`);
    await historyAction(page, 'registrations/close', async () => {
      await choose(page, '注销原因', '就业');
    });
    await page.getByTestId('registration-card').getByText('已注销').waitFor();

    await page.goto('/findings');
    await page.getByTestId('findings-card').waitFor();
    await expect(page.getByTestId('finding').filter({ hasText: MEILING.name }).count()).resolves.toBe(0);
  });

  it('shows the household with its members', async () => {
    const page = await session();
    await login(page, 'liucuo');
    await page.goto(`/persons/${meilingId}`);
    await page.getByTestId('household-link').click();
    await page.waitForURL(/\/households\/\d+$/);
    const members = page.getByTestId('members');
    await members.getByRole('link', { name: MEILING.name }).waitFor();
    await members.getByRole('link', { name: SPOUSE.name }).waitFor();
    await page.getByTestId('zero-employment').waitFor();
    await shot(page, 'household-desktop');
  });

  it('fits every register page on a phone', async () => {
    const page = await session(PHONE);
    await login(page, 'liucuo');
    const pages: [string, string, () => Promise<void>][] = [
      ['/ledgers/labour', 'ledger-phone', () => page.getByTestId('ledger-row').first().waitFor()],
      [`/persons/${meilingId}`, 'person-phone', () => page.getByTestId('timeline').waitFor()],
      ['/persons/new', 'person-new-phone', () => page.getByTestId('person-form').waitFor()],
      ['/findings', 'findings-phone', () => page.getByTestId('findings-card').waitFor()],
    ];
    for (const [path, name, ready] of pages) {
      await page.goto(path);
      await ready();
      await expectNoHorizontalOverflow(page);
      await shot(page, name);
    }
    await page.goto(`/persons/${meilingId}`);
    await page.getByTestId('household-link').click();
    await page.getByTestId('members').waitFor();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'household-phone');
    await page.goto(`/persons/new`);
    await page.getByLabel('身份证号').fill(MEILING.id.slice(0, 17) + 'Y');
    await page.getByText('身份证号应为 17 位数字加 1 位数字或 X').waitFor();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'person-new-invalid-phone');
  });

  it('downloads the template, refuses a workbook with a bad row, applies the valid rows on request', async () => {
    const page = await session();
    await login(page, 'liucuo');
    await page.goto('/ledger-io');
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-template').click(),
    ]);
    expect(template.suggestedFilename()).toMatch(/\.xlsx$/);
    const blank = new ExcelJS.Workbook();
    await blank.xlsx.readFile((await template.path())!);
    expect(blank.getWorksheet('劳动力')).toBeTruthy();

    // A village's workbook as staff fill it: two good rows and one whose ID number has a wrong check digit.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('劳动力');
    ws.addRow(['村（社区）代码', '户编号', '与户主关系', '姓名', '身份证号', '联系电话']);
    for (const p of IMPORTED) ws.addRow(['350505100201', p.household, p.relation, p.name, p.id, '']);
    const bad = IMPORTED[0]!.id.slice(0, 17) + (IMPORTED[0]!.id[17] === '1' ? '2' : '1');
    ws.addRow(['350505100201', 'LC-011', '户主', '错号码', bad, '']);
    const file = {
      name: '柳厝村台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    };

    await page.locator('[data-testid=import-card] input[type=file]').setInputFiles(file);
    const report = page.getByTestId('import-report');
    await report.waitFor();
    await page.getByTestId('rejected-table').getByText('身份证号').first().waitFor();
    await expect(page.getByTestId('rejected-table').textContent()).resolves.toContain('校验位');
    await page.getByTestId('error-workbook').waitFor();
    await shot(page, 'import-refused-desktop');

    await page.getByText('只导入正确的行（出错的行跳过）').click();
    await page.locator('[data-testid=import-card] input[type=file]').setInputFiles(file);
    await page.getByTestId('import-report').locator('.ant-alert-success, .ant-alert-warning').waitFor();
    await shot(page, 'import-partial-desktop');
    await page.goto('/ledgers/all?q=cwb');
    await page.getByRole('link', { name: '蔡文斌' }).waitFor();
  });

  it('exports a ledger masked by default, and in full only with a reason', async () => {
    const page = await session();
    await login(page, 'liucuo');
    await page.goto('/ledger-io');
    const [masked] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-labour').click(),
    ]);
    const read = async (path: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      const cells: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void cells.push(String(c.text)))));
      return cells.join('\n');
    };
    const maskedText = await read((await masked.path())!);
    expect(maskedText).toContain(MEILING.name);
    expect(maskedText).toContain(`${MEILING.id.slice(0, 6)}********${MEILING.id.slice(-4)}`);
    expect(maskedText).not.toContain(MEILING.id);

    await page.getByTestId('export-unmasked').click();
    await page.getByText('将记入审计日志').waitFor();
    await expect(page.getByTestId('export-labour').isDisabled()).resolves.toBe(true);
    await page.getByLabel('导出理由').fill('核对后重新导入');
    await shot(page, 'export-unmasked-desktop');
    const [full] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-labour').click(),
    ]);
    expect(await read((await full.path())!)).toContain(MEILING.id);

    const phone = await session(PHONE);
    await login(phone, 'liucuo');
    await phone.goto('/ledger-io');
    await phone.getByTestId('export-card').waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'ledger-io-phone');
  });

  it('shows a town worker the people of its villages and nobody from another town', async () => {
    const page = await session();
    await login(page, 'nanpu');
    await page.goto('/ledgers/all');
    await page.getByTestId('ledger-row').first().waitFor();
    const rows = await page.getByTestId('ledger-row').allTextContents();
    expect(rows.some((r) => /锦祥社区|山腰/.test(r))).toBe(false);
    await shot(page, 'ledger-town-desktop');
    await page.goto(`/ledgers/all?q=${encodeURIComponent(MEILING.name)}`);
    await page.getByRole('link', { name: MEILING.name }).waitFor();
    // Searching another town's person finds nobody; opening them says “not found or no permission”.
    await page.goto(`/ledgers/all?q=${encodeURIComponent(SHANYAO_ONLY.name)}`);
    await page.getByText('没有符合条件的人员').waitFor();
    await page.goto(`/persons/${shanyaoOnlyId}`);
    await page.getByText('未找到该人员，或无权查看').waitFor();
    await shot(page, 'person-refused-desktop');
    // The town worker chooses a village for the findings.
    await page.goto('/findings?unit=350505100201');
    await page.getByTestId('findings-card').waitFor();

    const phone = await session(PHONE);
    await login(phone, 'nanpu');
    await phone.goto('/ledgers/all?unit=350505100201');
    await phone.getByTestId('ledger-row').first().waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'ledger-town-phone');
  });
});
