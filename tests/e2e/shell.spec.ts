import { expect, test } from '@playwright/test';
import { settled } from './support/settled.ts';

test('the shell shows the title and the endpoint catalog', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('PayWay Playground');
  await expect(page.getByRole('heading', { level: 1, name: 'PayWay Playground' })).toBeVisible();
  await expect(page.locator('[data-endpoint="check-transaction"]')).toContainText('check-transaction');
});

test('on 127.0.0.1 the page has WebCrypto and shows no secure-context banner', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => typeof globalThis.crypto?.subtle)).toBe('object');
  await expect(page.getByText('needs a secure context')).toHaveCount(0);
});

test('without WebCrypto the page says it needs a secure context', async ({ page }) => {
  // What a plain-http LAN address looks like to the page: crypto exists, crypto.subtle does not.
  await page.addInitScript(() => Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined }));
  await page.goto('/');
  const banner = page.getByRole('alert').filter({ hasText: 'This page needs a secure context (https or localhost) for WebCrypto' });
  await expect(banner).toContainText('Open it on http://127.0.0.1');
  // The trace says why it is empty instead of failing with a cryptic error.
  await expect(page.locator('.trace')).toContainText('this page has no WebCrypto');
});

test('every request the page makes goes to its own origin', async ({ page, baseURL }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto('/');
  await expect(page.locator('[data-endpoint="check-transaction"]')).toBeVisible();
  await settled(page);

  const origin = new URL(baseURL!).origin;
  expect(requested.length).toBeGreaterThan(0);
  for (const url of requested) {
    // data: and blob: URLs never leave the page; everything else must be same-origin.
    if (url.startsWith('data:') || url.startsWith('blob:')) continue;
    expect(new URL(url).origin, url).toBe(origin);
  }
  expect(errors).toEqual([]);
});
