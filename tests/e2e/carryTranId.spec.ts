// The tran_id of the purchase just sent, offered where it is needed next: on a check-transaction draft
// that already holds another id, and inside refund's merchant_auth JSON. Nothing changes until clicked.
import { expect, test } from './support/staticApp.ts';

test('the last purchase’s tran_id is offered on check-transaction and in refund’s merchant_auth', async ({ page, context }) => {
  test.setTimeout(90_000);
  // Dark theme: the suggestion is drawn with the theme's variables like every other button.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/#/check-transaction');
  await expect(page.locator('section.emulator')).toContainText('in this page (service worker)', { timeout: 20_000 });
  const checkTranId = page.getByLabel('tran_id', { exact: true });
  await checkTranId.fill('typed-before');
  await expect(page.locator('[data-field="tran_id"] button.suggestion')).toHaveCount(0);

  await page.getByRole('link', { name: 'Purchase purchase', exact: true }).click();
  const tranId = await page.getByLabel('tran_id', { exact: true }).inputValue();
  const [checkout] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Send (opens a new tab)' }).click()]);
  await checkout.waitForURL(/\/mock\/api\/payment-gateway\/v1\/payments\/purchase$/);
  await checkout.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(checkout.getByRole('heading', { name: 'Paid' })).toBeVisible();
  await checkout.close();
  await page.bringToFront();
  // The purchase itself wants a new id each time: its own tran_id is never offered back.
  await expect(page.locator('[data-field="tran_id"] button.suggestion')).toHaveCount(0);

  // check-transaction kept what was typed there, and offers the purchase's id beside it.
  await page.getByRole('link', { name: /Check transaction/ }).click();
  await expect(checkTranId).toHaveValue('typed-before');
  const useId = page.getByRole('button', { name: `use ${tranId} (last sent purchase)` });
  await expect(useId).toBeVisible();
  // Reached by keyboard (from "new id", just after it) with the focus ring showing.
  await page.locator('[data-field="tran_id"]').getByRole('button', { name: 'new id' }).focus();
  await page.keyboard.press('Shift+Tab');
  await expect(useId).toBeFocused();
  await expect(useId).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Enter');
  await expect(checkTranId).toHaveValue(tranId);
  await expect(checkTranId).toBeFocused();
  await expect(useId).toHaveCount(0);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('code-explanation')).toContainText('00 — ');

  // refund: the demo merchant_auth names another transaction; the suggestion swaps in the id, nothing else.
  await page.getByRole('link', { name: /Refund API/ }).click();
  await expect(page.locator('[data-field="merchant_auth"] [data-editor="monaco"]')).toBeVisible({ timeout: 20_000 });
  const chunks = page.locator('.output-pane ol.chunks');
  await expect(chunks).toContainText('"refund_amount":1');
  await expect(chunks).not.toContainText(tranId);
  await page.getByRole('button', { name: `use tran_id ${tranId} (last sent check-transaction)` }).click();
  await expect(chunks).toContainText(`{"mc_id":"ec000002","tran_id":"${tranId}","refund_amount":1}`);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('code-explanation')).toContainText('00 — ');
});
