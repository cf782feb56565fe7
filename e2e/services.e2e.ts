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
 * The services journey (issue 4) at phone width: a village worker opens the work queue, records a visit for
 * the first person not visited this year in three taps and sees the count shrink; records a recommendation the
 * person accepted, which becomes employment and takes them off the 失业人员 ledger; the job board, unit-level
 * work and activities pages open at phone and desktop widths; a town worker sees every village's queue.
 */
let server: RunningServer;
let browser: Browser;
const sessions: Session[] = [];

async function session(viewport = DESKTOP): Promise<Page> {
  const s = await openSession(browser, server.baseUrl, viewport);
  sessions.push(s);
  return s.page;
}

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const s of sessions) await s.context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  const problems = sessions.flatMap((s) => s.problems);
  expect(problems, problems.join('\n')).toEqual([]);
});

/** A JSON call made by the signed-in page itself (its cookie and CSRF token). */
async function apiCall<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    { method, path, body },
  ) as Promise<T>;
}

interface Queue {
  date: string;
  counts: Record<string, number>;
  items: { kind: string; person: { id: number; name: string } | null }[];
}

let personWithServices = 0;

const count = async (page: Page, kind: string) =>
  Number((await page.getByTestId(`queue-count-${kind}`).textContent())?.replace(/\D/g, '') || '0');

/**
 * The demo district's diligent villages may have visited everyone already: then a worker registers a newly
 * unemployed resident first, as happens every month, so that the queue has someone to visit.
 */
async function ensureSomeoneToVisit(page: Page): Promise<void> {
  const q = await apiCall<Queue>(page, 'GET', '/api/work-queues');
  if (!q.counts.notVisited) await registerNewlyUnemployed(page, q.date, '郑海峰', 37);
}

/** A resident of 柳厝村 who registers as unemployed on the first of this month. */
async function registerNewlyUnemployed(
  page: Page,
  today: string,
  name: string,
  seq: number,
): Promise<number> {
  const person = await apiCall<{ id: number }>(page, 'POST', '/api/persons', {
    unitCode: '350505100201',
    householdNumber: `LC-SVC-${seq}`,
    name,
    idNumber: makeIdNumber('350505', '1988-03-15', seq),
    wantedTrades: '电工',
  });
  await apiCall(page, 'POST', `/api/persons/${person.id}/registrations`, {
    approved: `${today.slice(0, 8)}01`,
  });
  return person.id;
}

describe('services at phone width', () => {
  it('records a visit from the queue in three taps and the queue shrinks', async () => {
    const page = await session(PHONE);
    await login(page, 'liucuo');
    await ensureSomeoneToVisit(page);

    await page.goto('/queues');
    await page.getByTestId('queue-group-notVisited').waitFor();
    await page.getByTestId('queue-summary').waitFor();
    const before = await count(page, 'notVisited');
    expect(before).toBeGreaterThan(0);
    await expectNoHorizontalOverflow(page);
    await shot(page, 'queues-village-phone');

    // The first person not visited this year, as the queue names them.
    const group = page.locator('.ant-collapse-item', { has: page.getByTestId('queue-group-notVisited') });
    const first = group.getByTestId('queue-item').first();
    const name = ((await first.getByTestId('queue-person').textContent()) ?? '').trim();
    expect(name).not.toBe('');

    // The field form: search by name, tap the person, tap 走访, tap 保存.
    await page.goto('/field');
    await page.getByTestId('person-search').fill(name);
    const hit = page.getByTestId('search-hit').filter({ hasText: name }).first();
    await hit.waitFor();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'field-search-phone');
    await hit.click(); // tap 1
    await page.getByTestId('type-走访').click(); // tap 2
    await shot(page, 'field-ready-phone');
    await page.getByTestId('service-save').click(); // tap 3
    await page.getByTestId('saved-list').getByText(name).waitFor();
    await expect(page.getByTestId('saved-list').textContent()).resolves.toContain('上门');
    await shot(page, 'field-saved-phone');

    await page.goto('/queues');
    await page.getByTestId('queue-summary').waitFor();
    await expect.poll(() => count(page, 'notVisited')).toBe(before - 1);
    await expect(group.getByText(name, { exact: true }).count()).resolves.toBe(0);
  });

  it('opens the field form from a queue item prefilled, and the item leaves the queue', async () => {
    const page = await session(PHONE);
    await login(page, 'liucuo');
    await page.goto('/queues');
    await page.getByTestId('queue-summary').waitFor();
    const group = page.locator('.ant-collapse-item', {
      has: page.getByTestId('queue-group-fewRecommendations'),
    });
    const before = await count(page, 'fewRecommendations');
    if (before === 0) return;
    const first = group.getByTestId('queue-item').first();
    const name = ((await first.getByTestId('queue-person').textContent()) ?? '').trim();
    await first.getByTestId('queue-record').click();
    const drawer = page.locator('.ant-drawer-body');
    await drawer.getByTestId('chosen-person').getByText(name).waitFor();
    // The suggested type is chosen; its required fields are open and checked as typed.
    await expect(drawer.getByTestId('type-推荐就业').getAttribute('aria-checked')).resolves.toBe('true');
    await drawer.getByLabel('用人单位').fill('泉港石化');
    await drawer.getByLabel('用人单位').fill('');
    await drawer.getByText('请填写推荐的用人单位').waitFor();
    await drawer.getByLabel('用人单位').fill('泉港石化工业园区某化工公司');
    await drawer.getByLabel('岗位').fill('操作工');
    await expectNoHorizontalOverflow(page);
    await shot(page, 'queue-drawer-phone');
    await drawer.getByTestId('service-save').click();
    await drawer.waitFor({ state: 'hidden' });
    // One recommendation of two: the person stays in the queue until the second.
    await page.getByText(`已登记：${name} 推荐就业`).waitFor();
  });

  it('a recommendation the person accepted becomes employment and leaves the 失业人员 ledger', async () => {
    const page = await session(PHONE);
    await login(page, 'liucuo');
    const ledger = await apiCall<{ items: { id: number; name: string }[] }>(
      page,
      'GET',
      '/api/ledgers/unemployed?limit=5',
    );
    if (!ledger.items.length) {
      const q = await apiCall<Queue>(page, 'GET', '/api/work-queues');
      const newId = await registerNewlyUnemployed(page, q.date, '黄志明', 53);
      ledger.items.push({ id: newId, name: '黄志明' });
    }
    const { id, name } = ledger.items[0]!;

    await page.goto('/field');
    await page.getByTestId('person-search').fill(name);
    await page.getByTestId('search-hit').filter({ hasText: name }).first().click();
    await page.getByTestId('type-推荐就业').click();
    await page.getByLabel('用人单位').fill('泉港物流园');
    await page.getByLabel('岗位').fill('叉车司机');
    await page.getByText('已录用', { exact: true }).click();
    await page.getByLabel(/就业形式/).waitFor();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'field-accepted-phone');
    await page.getByTestId('service-save').click();
    await page.getByTestId('saved-list').getByText(name).waitFor();

    const after = await apiCall<{ items: { id: number }[] }>(
      page,
      'GET',
      `/api/ledgers/unemployed?q=${encodeURIComponent(name)}&limit=50`,
    );
    expect(after.items.map((p) => p.id)).not.toContain(id);
    const services = await apiCall<{
      items: { type: string; result: string; employmentSpellId: number | null }[];
    }>(page, 'GET', `/api/persons/${id}/services`);
    const accepted = services.items.find((r) => r.type === '推荐就业' && r.result === '已录用');
    expect(accepted?.employmentSpellId).toBeTruthy();

    // The person page lists the record with its employment; no more job suggestions for someone employed.
    await page.goto(`/persons/${id}`);
    const card = page.getByTestId('services-card');
    await card.getByTestId('service-record').filter({ hasText: '已登记就业' }).first().waitFor();
    await card.scrollIntoViewIfNeeded();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'person-services-phone');
    await expect(page.getByTestId('vacancy-matches').count()).resolves.toBe(0);
    personWithServices = id;
  });

  it('shows the job board, unit-level work and activities without sideways overflow', async () => {
    const page = await session(PHONE);
    await login(page, 'liucuo');
    await apiCall(page, 'POST', '/api/vacancies', {
      unitCode: '350505100201',
      employer: '泉港石化工业园区某化工公司',
      post: '电工',
      headcount: 3,
      trades: ['电工'],
      payMinFen: 500000,
      payMaxFen: 700000,
      place: '南埔镇',
      requirements: '持电工证，45 周岁以下',
    });
    await page.goto('/board');
    await page.getByTestId('vacancy').first().waitFor();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'board-phone');
    await page
      .getByTestId('vacancy')
      .filter({ hasText: '电工' })
      .first()
      .getByRole('button', { name: /匹配求职者/ })
      .click();
    await page.locator('.ant-drawer-body').waitFor();
    await page.waitForTimeout(500);
    await shot(page, 'board-seekers-phone');
    await page.keyboard.press('Escape');

    // the board on paper: same wording as the workbook, the whole sheet reachable at phone width
    await page.getByTestId('board-print').click();
    await page.waitForURL(/\/board\/print\?unit=350505100201/);
    const sheet = page.getByTestId('board-print-sheet');
    await sheet.waitFor();
    await expect(sheet.locator('h1').textContent()).resolves.toBe('柳厝村 就业信息发布栏');
    const electrician = sheet.locator('tr').filter({ hasText: '泉港石化工业园区某化工公司' });
    await expect(electrician.textContent()).resolves.toContain('5000–7000 元/月');
    await expect(electrician.textContent()).resolves.toContain('持电工证，45 周岁以下');
    await expectNoHorizontalOverflow(page);
    await shot(page, 'board-print-phone');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.print-toolbar').isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });

    await page.goto('/unit-work');
    await page.getByTestId('six-in-place').waitFor();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'unit-work-phone');
    await page.getByTestId('unit-record-add').click();
    await page.getByRole('dialog').waitFor();
    await shot(page, 'unit-work-add-phone');
    await page.keyboard.press('Escape');

    await page.goto('/activities');
    await page.locator('.ant-empty, [data-testid="activity"]').first().waitFor();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'activities-phone');
  });
});

describe('services at desktop width', () => {
  it('lets a town worker see every village’s queue and open one', async () => {
    const page = await session(DESKTOP);
    await login(page, 'nanpu');
    await page.goto('/queues');
    await page.getByTestId('queue-units').waitFor();
    const villages = await page.getByTestId('queue-unit').count();
    expect(villages).toBeGreaterThan(5);
    await expect(page.getByTestId('queue-units').textContent()).resolves.toContain('柳厝村');
    await shot(page, 'queues-town-desktop');
    await page.getByTestId('queue-unit').filter({ hasText: '柳厝村' }).click();
    await page.waitForURL(/unit=350505100201/);
    await page.getByText('柳厝村 ·').first().waitFor();
    await shot(page, 'queues-village-desktop');

    const phone = await session(PHONE);
    await login(phone, 'nanpu');
    await phone.goto('/queues');
    await phone.getByTestId('queue-units').waitFor();
    await expectNoHorizontalOverflow(phone);
    await shot(phone, 'queues-town-phone');
  });

  it('shows the field form, board, unit-level work and activities on a desktop', async () => {
    const page = await session(DESKTOP);
    await login(page, 'nanpu');
    await page.goto('/field');
    await page.getByTestId('person-search').waitFor();
    await shot(page, 'field-desktop');
    await page.goto('/board');
    await page.getByText(/信息发布栏 ·/).waitFor();
    await shot(page, 'board-desktop');
    await page.goto('/unit-work?unit=350505100201');
    await page.getByTestId('six-in-place').waitFor();
    await shot(page, 'unit-work-desktop');
    if (personWithServices) {
      await page.goto(`/persons/${personWithServices}`);
      await page.getByTestId('services-card').getByTestId('service-record').first().waitFor();
      await expectNoHorizontalOverflow(page);
      await shot(page, 'person-services-desktop');
    }
    await page.goto('/activities');
    await page.getByTestId('activity-add').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('南埔镇创建充分就业村动员大会');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('activity').filter({ hasText: '动员大会' }).waitFor();
    await expectNoHorizontalOverflow(page);
    await shot(page, 'activities-desktop');
  });
});
