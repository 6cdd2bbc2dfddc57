// A newcomer on a static host (the in-page emulator answers): the "start here" path, the target's name,
// and a success answer explained field by field.
import type { Page } from '@playwright/test';
import { expect, test } from './support/staticApp.ts';

const path = (page: Page) => page.getByTestId('start-here');
const step = (page: Page, n: number) => path(page).locator('li').nth(n);

test('a first visit lands on "start here": a demo check, a paid purchase with its pushback, the code; closed for good', async ({ page, context }) => {
  test.setTimeout(60_000);
  await page.goto('/');
  await expect(path(page)).toContainText('0 of 3 done');

  // 1. One click to 00 Success.
  await path(page).getByRole('button', { name: 'Check demo transaction' }).click();
  await expect(page.getByTestId('code-explanation')).toContainText('00 — Success!');
  await expect(page.getByRole('heading', { level: 2, name: 'Check transaction' })).toBeVisible();
  await expect(step(page, 0)).toHaveClass(/done/);

  // 2. A purchase paid on the checkout page; its pushback arrives in the emulator's inbox.
  const [checkout] = await Promise.all([context.waitForEvent('page'), path(page).getByRole('button', { name: 'Start a demo purchase' }).click()]);
  await expect(page.getByLabel('return_url', { exact: true })).toHaveValue(/\/mock\/_emulator\/inbox$/);
  const tranId = await page.getByLabel('tran_id', { exact: true }).inputValue();
  await checkout.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(checkout.getByRole('heading', { name: 'Paid' })).toBeVisible();
  await checkout.close();
  await page.bringToFront();
  await expect(step(page, 1)).toHaveClass(/done/, { timeout: 15_000 });
  await expect(page.getByTestId('emulator-inbox').locator('li').filter({ hasText: tranId })).toBeVisible();

  // 3. The code, copied.
  await path(page).getByRole('button', { name: 'Show the code' }).click();
  await expect(page.getByRole('tab', { name: 'Code' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: /^Copy .* code$/ }).click();
  await expect(step(page, 2)).toHaveClass(/done/);
  await expect(path(page)).toContainText('3 of 3 done');

  await path(page).getByRole('button', { name: 'Close for good' }).click();
  await expect(path(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Purchase' })).toBeVisible();
  await expect(path(page)).toHaveCount(0);
});

test('on a static host the target says the emulator runs in the page', async ({ page }) => {
  await page.goto('/#/check-transaction');
  const target = page.getByLabel('Target', { exact: true });
  await expect(target.locator('option:checked')).toHaveText('In-page emulator (demo merchant)');
});

test('a success answer is explained field by field from the catalog', async ({ page }) => {
  // The demo check-transaction finds the emulator's seeded purchase, still unpaid.
  await page.goto('/#/check-transaction');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('code-explanation')).toContainText('00 — Success!');
  const fields = page.getByTestId('response-fields');
  await expect(fields).toContainText('data.payment_status_code: 2 → PENDING');
  await expect(fields).toContainText('Status of the payment as a number.');
  await expect(fields).toContainText('data.transaction_date');
  await expect(fields).toContainText('UTC+7');
});
