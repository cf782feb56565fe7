import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { stepAt, totpCode } from '../src/server/security/totp.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SHOTS = path.join(ROOT, 'artifacts', 'screenshots');
export const DEMO_PASSWORD = 'Jiuye@2026';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

/** Builds the web app when dist/web is missing (`npm test` builds it before vitest anyway). */
export function ensureWebBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dist/web/index.html'))) return;
  execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  dir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the real server as a user would: `node bin/jiuye serve --db <file> --port <port>`. */
export async function startServer(): Promise<RunningServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-e2e-'));
  const port = await freePort();
  // `--db` goes after `serve`: the CLI keeps the process alive only when argv[2] is 'serve', so
  // `jiuye --db x serve` starts and then exits at once (reported to the server owners).
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/jiuye', 'serve', '--db', path.join(dir, 'jiuye.db'), '--port', String(port), '--host', '127.0.0.1'],
    {
      cwd: ROOT,
      env: { ...process.env, JIUYE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not answer /api/health within 120 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    dir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** console errors and CSP violations seen so far */
  problems: string[];
}

/** A fresh browser context (no cookies) at the given viewport size. */
export async function openSession(browser: Browser, baseUrl: string, viewport = DESKTOP): Promise<Session> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    locale: 'zh-CN',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // A 401 from /api/auth/me before signing in is expected; the browser logs every failed request.
    if (m.type() === 'error' && !/status of (401|404)/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, problems };
}

/** Waits until the app has landed: on the enrolment page, the forced password change, or a page with its menu. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !!document.querySelector(
        '[data-testid="mfa-start"], [data-testid="forced-change"], nav[aria-label="主菜单"] .ant-menu-item, [data-testid="menu-toggle"]',
      ),
  );
}

/** Secrets of the accounts that enrolled a second factor during the journeys, as a phone app would hold them. */
const mfaSecrets = new Map<string, string>();
const lastStep = new Map<string, number>();

/** The next code an authenticator would show for this account (a code works once: wait for a new one if needed). */
async function nextCode(username: string): Promise<string> {
  const secret = mfaSecrets.get(username);
  if (!secret) throw new Error(`${username} has no enrolled second factor in this journey`);
  for (;;) {
    const now = stepAt(new Date());
    const step = Math.max(now, (lastStep.get(username) ?? -1) + 1);
    if (step <= now + 1) {
      lastStep.set(username, step);
      return totpCode(secret, step);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** On the enrolment page: start, read the key as a user would type it into the app, enter the first code. */
export async function enrolMfa(page: Page, username: string): Promise<string[]> {
  await page.getByTestId('mfa-start').click();
  const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/[^A-Z2-7]/g, '');
  mfaSecrets.set(username, secret);
  await shot(page, `mfa-enrol-${username}-${(page.viewportSize()?.width ?? 0) < 500 ? 'phone' : 'desktop'}`);
  await page.getByTestId('mfa-code').fill(await nextCode(username));
  await page.getByRole('button', { name: /启\s*用/ }).click();
  await page.getByTestId('mfa-done').waitFor();
  const codes = await page.locator('.ant-list-item code').allTextContents();
  await page.getByTestId('mfa-done').click();
  await page.waitForURL((u) => u.pathname === '/');
  return codes;
}

/**
 * Signs in through the login page: password, then the code when the account has a second factor, then
 * enrolment when the role requires one and none is bound yet.
 */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForFunction(
    () => location.pathname !== '/login' || !!document.querySelector('[data-testid="login-code"]'),
  );
  if (await page.getByTestId('login-code').isVisible()) {
    await page.getByTestId('login-code').fill(await nextCode(username));
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }
  await settled(page);
  if (new URL(page.url()).pathname === '/mfa') await enrolMfa(page, username);
}

/** The names in the side menu (opening the drawer first at phone width). */
export async function menuNames(page: Page): Promise<string[]> {
  const toggle = page.getByTestId('menu-toggle');
  if (await toggle.isVisible()) {
    await toggle.click();
    await page.locator('.ant-drawer nav .ant-menu-item').first().waitFor();
  } else {
    await page.locator('nav[aria-label="主菜单"] .ant-menu-item').first().waitFor();
  }
  const names = await page
    .locator('nav[aria-label="主菜单"] .ant-menu-item .ant-menu-title-content')
    .allTextContents();
  if (await toggle.isVisible()) await page.keyboard.press('Escape');
  return names.map((n) => n.trim());
}

/** The forced password change; an administrator then goes on to enrol the second factor. */
export async function changePassword(
  page: Page,
  current: string,
  next: string,
  username?: string,
): Promise<void> {
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('再次输入新密码').fill(next);
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.waitForFunction(() => location.pathname !== '/password');
  await settled(page);
  if (new URL(page.url()).pathname === '/mfa') {
    if (!username) throw new Error('this account must enrol a second factor: pass its username');
    await enrolMfa(page, username);
  }
}

/** Nothing sticks out sideways: wide tables scroll inside their own box, not the page. */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'page wider than the screen').toBeLessThanOrEqual(clientWidth);
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  // Let antd's motion finish before taking the picture.
  await page.waitForTimeout(350);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}
