import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  SHOTS,
  ensureWebBuilt,
  launchBrowser,
  login,
  openSession,
  shot,
  startServer,
  type RunningServer,
  type Session,
} from './harness.ts';

/**
 * The dashboards journey (issue 6): a district leader sees coverage against both targets over the demo
 * district's years, opens the weakest town, sees which items hold its villages back, downloads the annual
 * report; every chart is photographed at desktop and phone width.
 */
let server: RunningServer;
let browser: Browser;
const sessions: Session[] = [];

async function session(viewport = DESKTOP): Promise<Page> {
  const s = await openSession(browser, server.baseUrl, viewport);
  sessions.push(s);
  return s.page;
}

const CHARTS = ['chart-coverage', 'chart-shortfall', 'chart-distribution', 'chart-trends', 'chart-heatmap'];

async function shootCharts(page: Page, suffix: string) {
  for (const id of CHARTS) {
    const card = page.getByTestId(id);
    await card.scrollIntoViewIfNeeded();
    await card.locator('canvas').first().waitFor();
    await page.waitForTimeout(300);
    fs.mkdirSync(SHOTS, { recursive: true });
    await card.screenshot({ path: path.join(SHOTS, `dashboard-${id}-${suffix}.png`) });
  }
}

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  for (const s of sessions) await s.context.close();
  await browser?.close();
  await server?.stop();
});

describe('dashboards', () => {
  it('shows the district leader coverage against both targets, the weakest town, what holds it back, and the report', async () => {
    const page = await session();
    await login(page, 'kaohe');
    await page.goto('/dashboard?year=2020');
    await expect.poll(() => page.getByTestId('coverage-社区').textContent()).toContain('目标 100%');
    expect(await page.getByTestId('coverage-村').textContent()).toContain('已达到');
    await shot(page, 'dashboard-overview-desktop');
    await shootCharts(page, 'desktop');

    // data table one click away
    await page.getByTestId('chart-coverage').getByText('数据表').click();
    await expect
      .poll(() => page.getByTestId('chart-coverage').locator('table').textContent())
      .toContain('2016');

    await page.goto('/dashboard');
    // the stored results of the current year, computed again from the register on request
    await page.getByTestId('refresh-results').click();
    await page.getByText(/已重新计算 \d{4} 年度 105 个村（社区）/).waitFor();
    const weakest = page.getByTestId('weakest-town');
    await weakest.waitFor();
    const weakestName = (await weakest.getByRole('button').textContent())!.replace(/^查看/, '').trim();
    await weakest.getByRole('button').click();
    await expect.poll(() => page.url()).toContain('town=');
    const weakestCode = new URL(page.url()).searchParams.get('town')!;
    await page.getByTestId('holding-back').waitFor();
    expect(await page.getByTestId('holding-back').textContent()).toMatch(/个单位扣分/);
    await shot(page, 'dashboard-weakest-town-desktop');

    await page.goto('/dashboard/league');
    await page.getByTestId('league-table').locator('tbody tr.ant-table-row').first().waitFor();
    await shot(page, 'dashboard-league-desktop');

    await page.goto('/dashboard/report?year=2020');
    await page.getByTestId('annual-report').waitFor();
    await shot(page, 'dashboard-report-desktop');
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载 Excel/ }).click(),
    ]);
    const file = path.join(server.dir, 'report.xlsx');
    await dl.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(String(wb.getWorksheet('概况')!.getCell('A1').value)).toContain('2020年度');

    // the same report for one town: the weakest town's print page and workbook
    await page.goto(`/dashboard/report?year=2020&town=${weakestCode}`);
    await expect
      .poll(() => page.getByTestId('annual-report').locator('h2').textContent())
      .toBe(`${weakestName}2020年度创建充分就业村（社区）工作汇总`);
    await shot(page, 'dashboard-town-report-desktop');
    const [townDl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载 Excel/ }).click(),
    ]);
    const townFile = path.join(server.dir, 'town-report.xlsx');
    await townDl.saveAs(townFile);
    const twb = new ExcelJS.Workbook();
    await twb.xlsx.readFile(townFile);
    expect(String(twb.getWorksheet('概况')!.getCell('A1').value)).toBe(
      `${weakestName}2020年度创建充分就业村（社区）工作汇总`,
    );
    // aggregates only: no ID number anywhere in either workbook
    for (const book of [wb, twb])
      book.eachSheet((ws) =>
        ws.eachRow((row) => row.eachCell((c) => expect(String(c.value)).not.toMatch(/\d{17}[\dX]/))),
      );
  }, 180_000);

  it('gives a town its own dashboard and report, and past years only the units assessed then', async () => {
    const page = await session();
    await login(page, 'nanpu');
    await page.goto('/dashboard?year=2020');
    await page.getByTestId('coverage-村').waitFor();
    expect(await page.getByRole('heading', { level: 4 }).first().textContent()).toBe('南埔镇 · 2020年度总览');
    await page.goto('/dashboard/league?year=2020');
    await expect.poll(() => page.getByTestId('league-past-note').textContent()).toContain('其余未考核');
    await page.goto('/dashboard/report?year=2020');
    await expect
      .poll(() => page.getByTestId('annual-report').locator('h2').textContent())
      .toBe('南埔镇2020年度创建充分就业村（社区）工作汇总');
    await shot(page, 'dashboard-town-own-report-desktop');
  }, 180_000);

  it('stays readable at phone width', async () => {
    const page = await session(PHONE);
    await login(page, 'kaohe');
    await page.goto('/dashboard?year=2020');
    await page.getByTestId('coverage-社区').waitFor();
    await shot(page, 'dashboard-overview-phone');
    await shootCharts(page, 'phone');
  }, 180_000);
});
