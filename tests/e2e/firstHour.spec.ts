// What a first hour with the playground needs (issue 14, items 7–14), served by `payway start`.
import { expect, test, type Page } from '@playwright/test';
import { getEndpoint } from '../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { settled } from './support/settled.ts';

const tranId = (page: Page) => page.getByLabel('tran_id', { exact: true });

test('form edits survive a reload, Share shares what is on screen, and no key enters session storage', async ({ page, browser }) => {
  await page.goto('/#/check-transaction');
  await tranId(page).fill('RELOADED-7');
  // A key pasted into a field by mistake is scrubbed, as on every other outward path.
  await page.getByLabel('req_time', { exact: true }).fill(DEMO_MERCHANT.apiKey);
  await page.reload();

  await expect(page.getByRole('heading', { level: 2, name: 'Check transaction' })).toBeVisible();
  await expect(tranId(page)).toHaveValue('RELOADED-7');
  const session = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
  expect(session).toContain('RELOADED-7');
  for (const secret of [DEMO_MERCHANT.apiKey, DEMO_MERCHANT.rsaPublicKeyPem.split('\n')[1]!]) expect(session).not.toContain(secret);

  await page.getByRole('button', { name: 'Share…' }).click();
  const url = await page.getByTestId('share-link').inputValue();
  const elsewhere = await browser.newContext();
  const second = await elsewhere.newPage();
  await second.goto(url);
  await expect(second.getByRole('dialog', { name: 'Open this shared request?' }).getByRole('table')).toContainText('RELOADED-7');
  await elsewhere.close();
});

test('an answer from before the last edit is marked out of date', async ({ page }) => {
  await page.goto('/#/check-transaction');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('http-status')).toBeVisible();
  const outdated = page.getByTestId('response-outdated');
  await expect(outdated).toHaveCount(0);
  const sent = await tranId(page).inputValue();
  await tranId(page).fill('EDITED-8');
  await expect(outdated).toContainText('the request was edited after it was sent');
  // Back to the bytes that were sent: up to date again.
  await tranId(page).fill(sent);
  await expect(outdated).toHaveCount(0);
  // Another key signs other bytes.
  await page.getByLabel('API key', { exact: true }).fill('another-key');
  await expect(outdated).toBeVisible();
  await page.getByRole('link', { name: /Refund API/ }).click();
  await expect(outdated).toContainText('this answer is for Check transaction');
});

test('under payway start the target says the emulator runs on this server', async ({ page }) => {
  await page.goto('/#/check-transaction');
  const target = page.getByLabel('Target', { exact: true });
  await expect(target.locator('option:checked')).toHaveText('Emulator on this server (demo merchant)');
});

test('saved presets are in reach without scrolling past the endpoints', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/#/purchase');
  const saved = page.getByRole('heading', { name: 'Saved', exact: true });
  await expect(saved).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Save…' })).toBeInViewport();
  await expect(page.getByRole('tab', { name: /^History/ })).toBeInViewport();
  // And every endpoint is still there, in its own scrolling list.
  await page.locator('[data-endpoint="partner-merchant-info"] a').click();
  await expect(page.getByRole('heading', { level: 2, name: getEndpoint('partner-merchant-info').name })).toBeVisible();
  await expect(saved).toBeInViewport();
});

test('JSON editors grow with their content and hide no line', async ({ page }) => {
  await page.goto('/#/refund');
  const editor = page.locator('[data-field="merchant_auth"] [data-editor="monaco"]');
  await expect(editor).toBeVisible({ timeout: 20_000 });
  const fits = () =>
    editor.evaluate((host) => {
      const lines = host.querySelectorAll('.view-line').length;
      const lineHeight = host.querySelector<HTMLElement>('.view-line')?.offsetHeight ?? 0;
      return { lines, room: host.clientHeight, needed: lines * lineHeight };
    });
  const before = await fits();
  expect(before.lines).toBe(5);
  expect(before.room).toBeGreaterThanOrEqual(before.needed);

  await page.getByLabel('merchant_auth', { exact: true }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  const twelveLines = JSON.stringify({ mc_id: 'ec000002', tran_id: 'X', refund_amount: 1, a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }, null, 0).replace(/,/g, ',\n');
  await page.keyboard.insertText(twelveLines);
  await expect.poll(async () => (await fits()).lines).toBe(10);
  const after = await fits();
  expect(after.room).toBeGreaterThan(before.room);
  expect(after.room).toBeGreaterThanOrEqual(after.needed);
});

test('Khmer text renders with the bundled font, fetched from this origin only when Khmer is on screen', async ({ page, baseURL }) => {
  const fonts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'font') fonts.push(request.url());
  });
  await page.goto('/#/check-transaction');
  await expect(page.getByTestId('hash')).not.toBeEmpty();
  await settled(page);
  expect(fonts).toEqual([]);

  // Purchase's demo items have a Khmer name (កាហ្វេ), shown in the items field and the trace.
  await page.getByRole('link', { name: /^Purchase purchase$/ }).click();
  await expect.poll(() => fonts.length).toBeGreaterThan(0);
  for (const url of fonts) {
    expect(new URL(url).origin).toBe(new URL(baseURL!).origin);
    expect(url).toMatch(/noto-sans-khmer-khmer-\d+-normal[^/]*\.woff2$/);
  }
  await expect
    .poll(() => page.evaluate(() => [...document.fonts].some((face) => face.family.includes('Noto Sans Khmer') && face.status === 'loaded')))
    .toBe(true);
});
