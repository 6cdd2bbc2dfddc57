// The in-page emulator in a real browser: a service worker, its state in IndexedDB, and the panel that
// shows and resets it. Served by a plain static server, so nothing but the worker can answer /mock/.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/staticApp.ts';

const panelOf = (page: Page) => page.locator('section.emulator');

/** Sends a purchase (a form POST into a new tab) and leaves it unpaid; returns its tran_id. */
async function startPurchase(page: Page, context: BrowserContext): Promise<string> {
  await page.goto('/#/purchase');
  const tranId = await page.getByLabel('tran_id', { exact: true }).inputValue();
  const [checkout] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Send (opens a new tab)' }).click()]);
  await expect(checkout.getByRole('button', { name: 'Pay', exact: true })).toBeVisible();
  await checkout.close();
  return tranId;
}

test('the emulator is a service worker whose state survives a reload; reset clears it after a confirmation', async ({ page, context }) => {
  test.setTimeout(60_000);
  const tranId = await startPurchase(page, context);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js$/);
  const panel = panelOf(page);
  await expect(panel).toContainText('in this page (service worker)');
  const row = panel.locator(`[data-tran-id="${tranId}"]`);
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(row.getByTestId('transaction-status')).toHaveText('PENDING');
  await expect(row.getByRole('link', { name: 'Open the payer page' })).toHaveAttribute('href', /\/mock\/_emulator\/pay\//);
  const rateLimits = panel.getByLabel(/Rate limits/);
  await expect(rateLimits).toBeChecked();
  await rateLimits.uncheck();
  await expect(panel.getByRole('status')).toContainText('Rate limits off');

  await page.reload();
  await expect(panelOf(page).locator(`[data-tran-id="${tranId}"] [data-testid="transaction-status"]`)).toHaveText('PENDING', { timeout: 20_000 });
  await expect(panelOf(page).getByLabel(/Rate limits/)).not.toBeChecked();

  // A first click only asks; "Keep everything" keeps everything.
  await panel.getByRole('button', { name: 'Reset emulator…' }).click();
  const confirm = panel.getByRole('group', { name: 'Confirm the reset' });
  await expect(confirm).toContainText('Delete every transaction');
  await confirm.getByRole('button', { name: 'Keep everything' }).click();
  await expect(row).toBeVisible();

  await panel.getByRole('button', { name: 'Reset emulator…' }).click();
  await confirm.getByRole('button', { name: 'Reset the emulator' }).click();
  await expect(panel.getByRole('status')).toContainText('Emulator reset');
  await expect(row).toHaveCount(0);
  // Settings are not state: they survive the reset.
  await expect(panel.getByLabel(/Rate limits/)).not.toBeChecked();
  await page.reload();
  await expect(panelOf(page).getByText('updated')).toBeVisible({ timeout: 20_000 });
  await expect(panelOf(page).locator(`[data-tran-id="${tranId}"]`)).toHaveCount(0);
});

test('the inbox is offered by return_url for the emulator only, and the panel goes with other targets', async ({ page }) => {
  await page.goto('/#/purchase');
  const inboxButton = page.locator('[data-field="return_url"]').getByRole('button', { name: 'use emulator inbox' });
  await expect(inboxButton).toBeVisible({ timeout: 20_000 });
  await inboxButton.click();
  await expect(page.locator('[data-field="return_url"]')).toContainText('emulator inbox');
  await page.getByLabel('Target', { exact: true }).selectOption('sandbox');
  await expect(panelOf(page)).toHaveCount(0);
  await expect(page.locator('[data-field="return_url"]').getByText('emulator inbox')).toHaveCount(0);
});

test('a pushback in the panel opens in the doctor’s Callback tab, and a resend is recorded', async ({ page, context }) => {
  test.setTimeout(60_000);
  await page.goto('/#/purchase');
  await page.locator('[data-field="return_url"]').getByRole('button', { name: 'use emulator inbox' }).click();
  const tranId = await page.getByLabel('tran_id', { exact: true }).inputValue();
  const [checkout] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Send (opens a new tab)' }).click()]);
  await checkout.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(checkout.getByRole('heading', { name: 'Paid' })).toBeVisible();
  await checkout.close();

  const panel = panelOf(page);
  await panel.getByRole('button', { name: 'Refresh' }).click();
  const delivery = panel.locator(`[data-testid="emulator-deliveries"] li[data-ref="${tranId}"]`);
  await expect(delivery.getByTestId('delivery-outcome')).toHaveText('delivered: HTTP 200');
  await delivery.getByRole('button', { name: 'Resend' }).click();
  await expect(panel.getByRole('status')).toContainText('Resent: HTTP 200');
  await expect(delivery).toContainText('2 attempts');
  await expect(panel.getByTestId('emulator-inbox').locator('li').filter({ hasText: tranId })).toHaveCount(2);

  await delivery.getByRole('button', { name: 'Check in the doctor' }).click();
  await expect(page).toHaveURL(/#\/doctor$/);
  await expect(page.getByRole('tab', { name: 'Callback' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Pushback body (JSON, exactly as received)')).toHaveValue(new RegExp(tranId));
  await expect(page.getByTestId('pushback-verdict')).toContainText('Verified: the signature matches');
  expect(JSON.stringify(await page.evaluate(() => history.state))).not.toContain('demo-api-key');
});

test('a refused request shows why in the answer and in the request log, which opens it in the doctor', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/#/check-transaction');
  await page.getByLabel('Recipe variant').selectOption('prose');
  const tranId = await page.getByLabel('tran_id', { exact: true }).inputValue();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('code-explanation')).toContainText('5 — ');
  // The answer carries the header (the diagnosis, or where to find it when the doctor needs longer).
  await expect(page.locator('dl.headers')).toContainText('x-payway-emulator-diagnosis');

  const panel = panelOf(page);
  const entry = panel.locator('[data-testid="emulator-requests"] li[data-outcome="refused"]').first();
  await expect(async () => {
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await expect(entry.getByTestId('request-diagnosis')).toContainText('the hash follows the "merchant_id, tran_id (prose)" variant', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(entry).toContainText('/api/payment-gateway/v1/payments/check-transaction-2');
  await panel.getByLabel('Refused only').check();
  await expect(panel.locator('[data-testid="emulator-requests"] li[data-outcome="accepted"]')).toHaveCount(0);

  await entry.getByRole('link', { name: 'Diagnose in the doctor' }).click();
  await expect(page).toHaveURL(/#\/doctor$/);
  await expect(page.getByLabel('Failing request')).toHaveValue(new RegExp(`"tran_id": "${tranId}"`));
  await expect(page.getByLabel('Endpoint')).toHaveValue('check-transaction');
  await expect(page.getByTestId('doctor-verdict')).toContainText('Signed with another recipe variant');
  expect(JSON.stringify(await page.evaluate(() => history.state))).not.toContain('demo-api-key');
});

for (const width of [390, 1440]) {
  test(`the emulator panel fits at ${width} px`, async ({ page, context }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await startPurchase(page, context);
    const panel = panelOf(page);
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await expect(panel.getByTestId('emulator-transactions')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await panel.screenshot({ path: testInfo.outputPath(`emulator-panel-${width}.png`) });
    await testInfo.attach(`emulator-panel-${width}`, { path: testInfo.outputPath(`emulator-panel-${width}.png`), contentType: 'image/png' });
  });
}

test('a state saved by an earlier release as one IndexedDB entry is split into records and loads', async ({ page }) => {
  const { readFile } = await import('node:fs/promises');
  const fixture = JSON.parse(await readFile('tests/unit/emulator/fixtures/state-v1.json', 'utf8')) as unknown;
  // Before the app (and its service worker) ever ran on this origin: the old layout, one entry.
  await page.goto('/sw.js');
  await page.evaluate(async (state) => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const request = indexedDB.open('payway-playground-emulator');
      request.onupgradeneeded = () => request.result.createObjectStore('emulator');
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(request.error);
    });
    await new Promise((done, fail) => {
      const tx = db.transaction('emulator', 'readwrite');
      tx.objectStore('emulator').put(state, 'state');
      tx.oncomplete = done;
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, fixture);

  await page.goto('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  const found = await page.evaluate(async () => {
    const list = (await (await fetch('mock/_emulator/transactions')).json()) as { transactions: { tranId: string; status: string; refunded: number }[] };
    const read = (name: string, store: string) =>
      new Promise<{ keys: IDBValidKey[]; legacy: unknown }>((done, fail) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => {
          const tx = request.result.transaction(store, 'readonly');
          const keys = tx.objectStore(store).getAllKeys();
          const legacy = tx.objectStore(store).get('state');
          tx.oncomplete = () => done({ keys: keys.result, legacy: legacy.result });
          tx.onerror = () => fail(tx.error);
        };
        request.onerror = () => fail(request.error);
      });
    return { transactions: list.transactions, records: await read('payway-playground-emulator-records', 'records'), old: await read('payway-playground-emulator', 'emulator') };
  });
  expect(found.transactions.find((tx) => tx.tranId === 'FIXTURE1')).toMatchObject({ status: 'REFUNDED', refunded: 2.5 });
  // One IndexedDB entry per record; the old entry is gone.
  expect(found.records.keys).toContainEqual(['transactions', 'ec000002/FIXTURE1']);
  expect(found.records.keys.length).toBeGreaterThan(3);
  expect(found.old.legacy).toBeUndefined();
});
