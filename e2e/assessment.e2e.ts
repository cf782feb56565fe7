import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  ROOT,
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
 * The assessment journey (issue 5) through the real server and a real browser: the village worker of 柳厝村
 * opens this year's scorecard, follows a deduction to the page that fixes it, sees the computed score move,
 * self-assesses with one changed score and a reason; the town returns it once, the village resubmits, the town
 * forwards it, the district assessor accepts it and proposes the award, a different district user approves it.
 * The printed table shows the screen's numbers; the CLI computes the same total as the page.
 */
let server: RunningServer;
let browser: Browser;
const sessions: Session[] = [];

const UNIT = '350505100201';
// The server counts days in Beijing time; the year is the one the scorecard opens by default.
const YEAR = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
const CARD = `/assessments/${UNIT}/${YEAR}`;

async function session(viewport = DESKTOP): Promise<Page> {
  const s = await openSession(browser, server.baseUrl, viewport);
  sessions.push(s);
  return s.page;
}

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const s of sessions) await s.context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  const problems = sessions.flatMap((s) => s.problems);
  expect(problems, problems.join('\n')).toEqual([]);
});

async function openCard(page: Page): Promise<void> {
  await page.goto(CARD);
  await page.getByTestId('scorecard-title').waitFor();
  await page.getByTestId('total-computed').first().waitFor();
}

const computedTotal = async (page: Page) =>
  Number(await page.getByTestId('total-computed').first().textContent());
const stateLabel = async (page: Page) => (await page.getByTestId('state-tag').textContent())?.trim();

/** Opens a step's dialog, lets `fill` complete it, confirms, and waits for the dialog to close. */
async function takeStep(
  page: Page,
  step: string,
  fill: (dialog: ReturnType<Page['locator']>) => Promise<void> = async () => undefined,
) {
  await page.getByTestId(`step-${step}`).click();
  const dialog = page.locator('.ant-modal:visible');
  await dialog.waitFor();
  await fill(dialog);
  await dialog.getByTestId('step-ok').click();
  await dialog.waitFor({ state: 'detached' });
}

function cliTotal(): number {
  const out = execFileSync(
    process.execPath,
    [
      'bin/jiuye',
      '--db',
      path.join(server.dir, 'jiuye.db'),
      'assess',
      '--unit',
      UNIT,
      '--year',
      String(YEAR),
      '--json',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return (JSON.parse(out) as { total: number }).total;
}

describe('assessment journey', () => {
  let before = 0;
  let after = 0;

  it('the village worker sees the scorecard, follows a deduction to fix it and sees the computed score move', async () => {
    const page = await session();
    await login(page, 'liucuo');
    await page.goto('/assessments');
    await page.getByTestId('assessment-link').first().waitFor();
    await expect.poll(() => page.getByTestId('deadlines').textContent()).toContain('12月10日');
    await shot(page, 'assessment-list-village-desktop');
    await page.getByTestId('assessment-link').filter({ hasText: '柳厝村' }).click();
    await page.getByTestId('scorecard-title').waitFor();
    expect(await page.getByTestId('scorecard-title').textContent()).toContain(`柳厝村 ${YEAR}年度`);
    before = await computedTotal(page);
    // The deduction of item 5: the 就业困难人员 ledger has nobody and nothing says so.
    const item5 = page.getByTestId('deductions-5');
    await expect.poll(() => item5.textContent()).toContain('未建立就业困难人员登记台账');
    await shot(page, 'assessment-scorecard-draft-desktop');
    await page.getByTestId('outcomes').scrollIntoViewIfNeeded();
    await shot(page, 'assessment-outcomes-desktop');

    // Follow its fix link: the 村级工作 page opens with the form of a 无此类人员声明.
    await item5.getByTestId('fix-link').click();
    await page.waitForURL((u) => u.pathname === '/unit-work');
    const form = page.locator('.ant-modal:visible');
    await form.waitFor();
    await form.getByLabel(/声明无此类人员的台账/).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="就业困难人员"]').click();
    await form.getByLabel('标题').fill('本村本年度无就业困难人员声明');
    await shot(page, 'assessment-fix-declaration-desktop');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await form.waitFor({ state: 'detached' });

    // Back on the scorecard the computed score has moved by the item's 2 points.
    await openCard(page);
    await expect.poll(() => computedTotal(page)).toBe(before + 2);
    after = await computedTotal(page);
    expect(await page.getByTestId('deductions-5').count()).toBe(0);
    // The CLI computes the same total from the server's database.
    expect(cliTotal()).toBe(after);
    await shot(page, 'assessment-scorecard-fixed-desktop');

    // The provincial star standard as a live “what if”: readiness for the next level, never stored.
    await page.getByTestId('profile-switch').getByText('省级星级（试算）').click();
    await expect.poll(() => page.locator('.ant-alert').first().textContent()).toContain('试算');
    await shot(page, 'assessment-scorecard-star-profile-desktop');
    await page.getByTestId('profile-switch').getByText('区级标准').click();
    await expect.poll(() => page.locator('.ant-alert').count()).toBe(0);
  });

  it('the village self-assesses with one changed score, which needs a reason, and submits', async () => {
    const page = sessions[0]!.page;
    await openCard(page);
    await takeStep(page, 'self', async (dialog) => {
      // item 8: the village says it held a 招聘会 the register does not show yet
      await dialog.getByLabel('第8项分数').fill('2');
      await dialog
        .getByLabel('验收报告')
        .fill('本村成立创建工作领导小组，建立劳动力资源台账，全年走访登记失业人员。');
      await dialog.getByTestId('step-ok').click();
      await expect.poll(() => dialog.textContent()).toContain('自评分与计算得分不同，请说明理由');
      await dialog.getByLabel('第8项理由').fill('11月已组织援助对象参加南埔镇招聘会，记录待补录');
      await dialog.locator('input[type=file]').setInputFiles({
        name: '验收报告.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n% 柳厝村验收报告\n%%EOF\n'),
      });
      await shot(page, 'assessment-self-dialog-desktop');
    });
    await expect.poll(() => stateLabel(page)).toBe('已自评待初核');
    await expect.poll(() => page.getByTestId('history').textContent()).toContain('已自评待初核');
    await shot(page, 'assessment-self-submitted-desktop');
  });

  it('the town returns it once with a reason, the village resubmits, the town forwards it', async () => {
    const town = await session();
    await login(town, 'nanpu');
    await town.goto('/assessments');
    await town.getByTestId('assessment-link').filter({ hasText: '柳厝村' }).waitFor();
    await shot(town, 'assessment-list-town-desktop');
    await town.getByTestId('assessment-link').filter({ hasText: '柳厝村' }).click();
    await town.getByTestId('step-return').waitFor();
    await takeStep(town, 'return', async (dialog) => {
      await dialog.getByLabel('退回原因').fill('第8项自评分与台账不符，请补录招聘会记录或按计算得分自评');
    });
    await expect.poll(() => stateLabel(town)).toBe('已退回');

    const village = sessions[0]!.page;
    await openCard(village);
    await expect
      .poll(() => village.getByTestId('return-reason').textContent())
      .toContain('第8项自评分与台账不符');
    await shot(village, 'assessment-returned-desktop');
    await takeStep(village, 'self'); // computed scores as they are, the report kept from the first submission
    await expect.poll(() => stateLabel(village)).toBe('已自评待初核');

    await openCard(town);
    await takeStep(town, 'forward', async (dialog) => {
      await dialog.getByLabel('第1项初核').fill('领导小组文件齐全');
    });
    await expect.poll(() => stateLabel(town)).toBe('已初核待验收');

    // The town files its 实施方案 with the district (due 11-25: flagged when late).
    await town.goto('/assessments?tab=plans');
    await town.getByLabel('标题').fill(`南埔镇${YEAR}年创建充分就业村（社区）工作实施方案`);
    await town.locator('input[type=file]').setInputFiles({
      name: '南埔镇实施方案.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% 南埔镇实施方案\n%%EOF\n'),
    });
    await town.getByRole('button', { name: /报\s*送/ }).click();
    await town.getByTestId('plan-row').filter({ hasText: '工作实施方案' }).waitFor();
    await shot(town, 'assessment-plans-town-desktop');
  });

  it('the district assessor accepts it and proposes the award; a different district user approves it', async () => {
    const assessor = await session();
    await login(assessor, 'kaohe');
    await assessor.goto('/assessments');
    await assessor.getByTestId('assessment-link').first().waitFor();
    await shot(assessor, 'assessment-list-district-desktop');
    await assessor.goto('/assessments?tab=plans');
    await assessor.getByTestId('plan-row').filter({ hasText: '南埔镇' }).waitFor();
    await shot(assessor, 'assessment-plans-district-desktop');
    await openCard(assessor);
    await takeStep(assessor, 'accept');
    await expect.poll(() => stateLabel(assessor)).toBe('验收合格');
    await takeStep(assessor, 'propose');
    await expect.poll(() => assessor.getByTestId('workflow').textContent()).toContain('等待区人社局审批');
    // the assessor cannot approve their own proposal: no button for it
    expect(await assessor.getByTestId('step-approve').count()).toBe(0);

    const approver = await session();
    await login(approver, 'shenpi');
    await openCard(approver);
    await approver.getByTestId('step-approve').click();
    const dialog = approver.locator('.ant-modal:visible');
    await expect.poll(() => dialog.textContent()).toContain('须由提议人以外的另一人批准');
    await shot(approver, 'assessment-approve-dialog-desktop');
    await dialog.getByTestId('step-ok').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => stateLabel(approver)).toBe('已奖补');
    const history = approver.getByTestId('history-entry');
    await expect.poll(() => history.count()).toBeGreaterThanOrEqual(7);
    await approver.getByTestId('history').scrollIntoViewIfNeeded();
    await shot(approver, 'assessment-awarded-history-desktop');
  });

  it('the printed table shows the same numbers as the screen', async () => {
    const page = sessions[0]!.page;
    await openCard(page);
    await shot(page, 'assessment-scorecard-awarded-desktop');
    const screen = {
      self: (await page.getByTestId('total-self').textContent())?.trim(),
      district: (await page.getByTestId('total-district').textContent())?.trim(),
      computed: await computedTotal(page),
    };
    await page.goto(`${CARD}/print`);
    await page.getByTestId('print-sheet').waitFor();
    expect(await page.locator('nav[aria-label="主菜单"]').count()).toBe(0);
    expect((await page.getByTestId('print-self-total').textContent())?.trim()).toBe(screen.self);
    expect((await page.getByTestId('print-district-total').textContent())?.trim()).toBe(screen.district);
    expect(await page.getByTestId('print-computed').textContent()).toContain(
      `系统计算得分：${screen.computed} 分`,
    );
    expect(await page.getByTestId('print-unit').textContent()).toContain('柳厝村');
    await shot(page, 'assessment-print-desktop');
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'assessment-print-media-desktop');
    await page.emulateMedia({ media: 'screen' });
    // the frozen submission and the CLI still agree: nothing changed the register since
    expect(cliTotal()).toBe(screen.computed);
  });

  it('the town prints its summary list: the awarded village with the district’s score, totals and lines to sign', async () => {
    const page = await session();
    await login(page, 'nanpu');
    await page.goto(`/assessments?year=${YEAR}`);
    await page.getByTestId('summary-print').click();
    await page.waitForURL(/\/assessments\/print\?year=/);
    const sheet = page.getByTestId('summary-print-sheet');
    await sheet.waitFor();
    await expect(sheet.locator('h1').textContent()).resolves.toBe(
      `${YEAR}年度创建充分就业村（社区）考核汇总表（南埔镇）`,
    );
    const row = page.getByTestId('summary-print-row').filter({ hasText: '柳厝村' });
    const cells = await row.locator('td').allTextContents();
    expect(cells[3]).toBe('已奖补');
    expect(cells[10]).toBe('20,000');
    expect(Number(cells[8])).toBeGreaterThanOrEqual(60);
    const rows = await page.getByTestId('summary-print-row').count();
    expect(rows).toBeGreaterThan(5);
    await expect(page.getByTestId('summary-print-totals').textContent()).resolves.toContain(
      `共 ${rows} 个村（社区）`,
    );
    await expect(page.getByTestId('summary-print-totals').textContent()).resolves.toContain(
      '批准奖补 20,000 元',
    );
    expect(await page.locator('nav[aria-label="主菜单"]').count()).toBe(0);
    await shot(page, 'assessment-summary-print-desktop');
  });

  it('works on a phone: the list as cards, the scorecard items as cards, the print page', async () => {
    const town = await session(PHONE);
    await login(town, 'nanpu');
    await town.goto('/assessments');
    await town.getByTestId('assessment-card').first().waitFor();
    await expectNoHorizontalOverflow(town);
    await shot(town, 'assessment-list-town-phone');

    const page = await session(PHONE);
    await login(page, 'liucuo');
    await page.goto('/assessments');
    await page.getByTestId('assessment-card').first().waitFor();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'assessment-list-phone');
    await openCard(page);
    await page.getByTestId('item-card-8').waitFor();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'assessment-scorecard-phone');
    await page.getByTestId('item-card-8').scrollIntoViewIfNeeded();
    await shot(page, 'assessment-scorecard-item8-phone');
    await page.goto(`${CARD}/print`);
    await page.getByTestId('print-sheet').waitFor();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'assessment-print-phone');
  });
});
