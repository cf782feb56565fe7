import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  DESKTOP,
  PHONE,
  changePassword,
  ensureWebBuilt,
  expectNoHorizontalOverflow,
  launchBrowser,
  login,
  menuNames,
  openSession,
  shot,
  startServer,
  type RunningServer,
  type Session,
} from './harness.ts';

/**
 * The foundation journey through the real server and a real browser: who sees which menu, unit scope,
 * the three administrators' first sign-in, account creation, role assignment and the audit trail.
 */
let server: RunningServer;
let browser: Browser;
const sessions: Session[] = [];

async function session(viewport = DESKTOP): Promise<Page> {
  const s = await openSession(browser, server.baseUrl, viewport);
  sessions.push(s);
  return s.page;
}

const BUSINESS_MENU = [
  '首页',
  '台账',
  '快速登记',
  '工作提醒',
  '岗位信息',
  '村级工作',
  '镇区活动',
  '考核验收',
  '总览',
  '排行',
  '报表',
  '数据质量',
  '导入导出',
  '单位',
];
/** The district reads and exports the register but records no services. */
const ASSESSOR_MENU = BUSINESS_MENU.filter((n) => n !== '快速登记');
/** 区人社局 审批人 reads the register but exports nothing. */
const APPROVER_MENU = ASSESSOR_MENU.filter((n) => n !== '导入导出');
const ADMIN_PAGES = ['账户管理', '角色分配', '区划管理', '审计日志'];
const NEW_PASSWORDS = {
  admin: 'Xitong#Guanli2026',
  secadmin: 'Anquan#Guanli2026',
  auditor: 'Shenji#Guanli2026',
};
const NEW_ACCOUNT = { username: 'zhangxiaomei', displayName: '张晓梅', password: 'Chushi#Mima2026' };

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const s of sessions) await s.context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  // No page may have hit a script error or a Content-Security-Policy violation.
  const problems = sessions.flatMap((s) => s.problems);
  expect(problems, problems.join('\n')).toEqual([]);
});

describe('foundation journey', () => {
  it('serves the app without inline scripts, under the strict CSP', async () => {
    const res = await fetch(`${server.baseUrl}/`);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const page = await session();
    await page.goto('/');
    await page.waitForURL('**/login');
    await expect(page.title()).resolves.toContain('充分就业村（社区）创建平台');
    await shot(page, 'login-desktop');
    const phone = await session(PHONE);
    await phone.goto('/login');
    await phone.getByLabel('用户名').waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'login-phone');
  });

  it('shows the server’s Chinese message on a wrong password', async () => {
    const page = await session();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('liucuo');
    await page.getByLabel('密码').fill('not-the-password');
    await page.locator('button[type=submit]').click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toMatch(/[\u4e00-\u9fa5]/);
  });

  it('gives each business role the home and unit pages and none of the administrators’', async () => {
    for (const username of ['liucuo', 'jinxiang', 'nanpu', 'shanyao', 'kaohe', 'shenpi']) {
      const page = await session();
      await login(page, username);
      expect(await menuNames(page), username).toEqual(
        username === 'shenpi' ? APPROVER_MENU : username === 'kaohe' ? ASSESSOR_MENU : BUSINESS_MENU,
      );
      for (const name of ADMIN_PAGES)
        await expect(page.getByRole('menuitem', { name }).count()).resolves.toBe(0);
      // the home page is a work bench: assessment steps for everyone who assesses, service queues for
      // those who serve residents
      await page.getByTestId('home-assessments').getByText('待您处理').waitFor();
      const serves = ['liucuo', 'jinxiang', 'nanpu', 'shanyao'].includes(username);
      if (serves) await page.getByTestId('home-queues').getByText('今日待办').waitFor();
      else await expect(page.getByTestId('home-queues').count()).resolves.toBe(0);
      if (username === 'nanpu')
        await expect(page.getByTestId('home-queues').textContent()).resolves.toContain(
          '待办最多的村（社区）',
        );
      if (username === 'kaohe') await shot(page, 'home-district-assessor-desktop');
      if (username === 'nanpu') await shot(page, 'home-town-desktop');
      await page.context().close();
    }
  });

  it('refuses a village user another village’s page, at desktop and phone width', async () => {
    const page = await session();
    await login(page, 'liucuo');
    await expect(page.getByTestId('user-info').textContent()).resolves.toContain('柳厝村');
    await shot(page, 'home-village-desktop');
    await page.goto('/units/350505100202');
    await page.getByText('未找到该单位，或无权查看').waitFor();
    await shot(page, 'unit-refused-desktop');
    await page.goto('/units/350505100201');
    await page.getByText('统计用区划代码').first().waitFor();
    await expect(page.getByRole('heading', { name: '柳厝村' }).count()).resolves.toBe(1);

    const phone = await session(PHONE);
    await login(phone, 'liucuo');
    await phone.getByTestId('home-queues').getByText('今日待办').waitFor();
    await phone.getByTestId('home-assessments').getByText('待您处理').waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'home-village-phone');
    await phone.getByTestId('menu-toggle').click();
    await phone.locator('.ant-drawer nav .ant-menu-item').first().waitFor();
    await shot(phone, 'menu-drawer-phone');
    await phone.keyboard.press('Escape');
    await phone.goto('/units/350505100202');
    await phone.getByText('未找到该单位，或无权查看').waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'unit-refused-phone');
  });

  it('shows a town user only the villages of that town', async () => {
    const page = await session();
    await login(page, 'nanpu');
    await page.goto('/units');
    await page.locator('.ant-table-row').nth(3).waitFor();
    const codes = (await page.locator('.ant-table-row td:nth-child(3)').allTextContents()).map((t) =>
      t.trim(),
    );
    expect(codes.length).toBeGreaterThan(5);
    expect(codes).toContain('350505100000');
    expect(codes).toContain('350505100201');
    for (const c of codes) expect(c.startsWith('350505100'), c).toBe(true);
    const names = await page.locator('.ant-table-row td:first-child').allTextContents();
    expect(names.join()).toContain('柳厝村');
    expect(names.join()).not.toContain('山腰');
    expect(names.join()).not.toContain('锦祥');
    await shot(page, 'units-town-desktop');

    const phone = await session(PHONE);
    await login(phone, 'nanpu');
    await phone.goto('/units');
    await phone.locator('.ant-table-row').nth(3).waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'units-town-phone');
    await phone.goto('/units/350505100000');
    await phone.getByText('下辖单位').waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'unit-detail-town-phone');
  });

  it('makes the system administrator change the initial password, then create an account', async () => {
    const page = await session();
    await login(page, 'admin');
    await page.waitForURL('**/password');
    await page.getByTestId('forced-change').waitFor();
    await expect(page.locator('nav[aria-label="主菜单"] .ant-menu-item').count()).resolves.toBe(0);
    await shot(page, 'password-forced-desktop');
    // The policy is enforced with the server's words too: a weak password is refused next to its field.
    await page.getByLabel('当前密码').fill(DEMO_PASSWORD);
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再次输入新密码').fill('short');
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.getByText('密码至少 10 位').first().waitFor();
    await changePassword(page, DEMO_PASSWORD, NEW_PASSWORDS.admin, 'admin');
    expect(await menuNames(page)).toEqual(['首页', '单位', '账户管理', '区划管理']);

    await page.getByRole('menuitem', { name: '账户管理' }).click();
    await page.waitForURL('**/admin/accounts');
    await page.getByRole('button', { name: /新\s*建账户/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(NEW_ACCOUNT.username);
    await dialog.getByLabel('姓名').fill(NEW_ACCOUNT.displayName);
    await dialog.locator('#password').fill(NEW_ACCOUNT.password);
    await dialog.getByRole('button', { name: /新\s*建/ }).click();
    await page
      .locator('.ant-modal-confirm-title', { hasText: `已新建账户 ${NEW_ACCOUNT.username}` })
      .waitFor();
    await shot(page, 'account-created-desktop');
    await page.getByRole('button', { name: '知道了' }).click();
    await page.getByRole('cell', { name: NEW_ACCOUNT.username }).waitFor();
    await shot(page, 'accounts-desktop');

    // 区划管理: a file with a bad line is refused as a whole and the line is named; a good one renames.
    await page.getByRole('menuitem', { name: '区划管理' }).click();
    const upload = page.locator('input[type=file]');
    const csv = (body: string, name: string) => ({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFFlevel,code,name,parent_code\n${body}\n`, 'utf8'),
    });
    await upload.setInputFiles(csv('village,12345,"坏行",350505100', 'bad.csv'));
    await page.getByTestId('load-report').getByText('整份文件未导入').waitFor();
    await expect(page.getByTestId('load-report').textContent()).resolves.toContain('12345');
    await shot(page, 'divisions-bad-csv-desktop');
    await upload.setInputFiles(csv('village,350505100213,"柯厝村民委员会",350505100', 'rename.csv'));
    await page.getByTestId('load-report').getByText('没有错误').waitFor();
    await expect(
      page.getByTestId('load-report').locator('.ant-statistic').nth(1).textContent(),
    ).resolves.toContain('1');
    await page.goto('/units/350505100213');
    await page.getByText('由“柯厝村委会”更名为“柯厝村民委员会”').waitFor();
    await shot(page, 'unit-history-desktop');

    const phone = await session(PHONE);
    await login(phone, 'admin', NEW_PASSWORDS.admin);
    await phone.goto('/admin/accounts');
    await phone.getByRole('cell', { name: NEW_ACCOUNT.username }).waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'accounts-phone');
    await phone.goto('/admin/divisions');
    await phone.locator('.ant-table-row').first().waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'divisions-phone');
  });

  it('lets the security administrator, after the forced change, assign the new account a role and unit', async () => {
    const page = await session();
    await login(page, 'secadmin');
    await page.waitForURL('**/password');
    await changePassword(page, DEMO_PASSWORD, NEW_PASSWORDS.secadmin, 'secadmin');
    expect(await menuNames(page)).toEqual(['首页', '单位', '角色分配']);
    await page.getByRole('menuitem', { name: '角色分配' }).click();
    const row = page.locator('.ant-table-row', { hasText: NEW_ACCOUNT.username });
    await row.getByRole('button', { name: '分配角色' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('role-select').click();
    await page.locator('.ant-select-item-option', { hasText: '村（社区）工作人员' }).click();
    await dialog.getByTestId('unit-picker').click();
    await page.keyboard.type('柳厝');
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '柳厝村（村）' }).click();
    await shot(page, 'role-assign-desktop');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await row.getByText('村（社区）工作人员').waitFor();
    await expect(row.textContent()).resolves.toContain('柳厝村');
    await shot(page, 'roles-desktop');

    const phone = await session(PHONE);
    await login(phone, 'secadmin', NEW_PASSWORDS.secadmin);
    await phone.goto('/admin/roles');
    await phone.locator('.ant-table-row').first().waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'roles-phone');
  });

  it('lets the new account sign in, change its password and see only its village', async () => {
    const page = await session(PHONE);
    await login(page, NEW_ACCOUNT.username, NEW_ACCOUNT.password);
    await page.waitForURL('**/password');
    await expectNoHorizontalOverflow(page);
    await shot(page, 'password-forced-phone');
    await changePassword(page, NEW_ACCOUNT.password, 'Xinde#Mima2026');
    expect(await menuNames(page)).toEqual(BUSINESS_MENU);
    await page.goto('/units');
    await page.locator('.ant-table-row').first().waitFor();
    await expect(page.locator('.ant-table-row').count()).resolves.toBe(1);
    await expect(page.locator('.ant-table-row').textContent()).resolves.toContain('柳厝村');
  });

  it('lets the audit administrator, after the forced change, find those actions and verify the chain', async () => {
    const page = await session();
    await login(page, 'auditor');
    await page.waitForURL('**/password');
    await changePassword(page, DEMO_PASSWORD, NEW_PASSWORDS.auditor, 'auditor');
    expect(await menuNames(page)).toEqual(['首页', '审计日志']);
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    const table = page.getByTestId('audit-table');
    await table.locator('.ant-table-row').first().waitFor();
    const create = table.locator('.ant-table-row', { hasText: '新建账户' });
    await expect(create.count()).resolves.toBeGreaterThan(0);
    await expect(create.first().textContent()).resolves.toContain('admin');
    const assign = table.locator('.ant-table-row', { hasText: '分配角色' });
    await expect(assign.first().textContent()).resolves.toContain('secadmin');
    await expect(
      table.locator('.ant-table-row', { hasText: '修改本人密码' }).count(),
    ).resolves.toBeGreaterThanOrEqual(3);

    await page.getByTestId('verify-chain').click();
    await page.getByTestId('verify-result').waitFor();
    await expect(page.getByTestId('verify-result').textContent()).resolves.toContain('审计链完整');
    await shot(page, 'audit-desktop');

    // Filter by actor: only the security administrator's records remain.
    await page.getByLabel('操作人').fill('secadmin');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="audit-table"] .ant-table-row td:nth-child(3)')].every(
        (td) => td.textContent === 'secadmin',
      ),
    );

    const phone = await session(PHONE);
    await login(phone, 'auditor', NEW_PASSWORDS.auditor);
    await phone.goto('/audit');
    await phone.getByTestId('audit-table').locator('.ant-table-row').first().waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'audit-phone');
  });
});
