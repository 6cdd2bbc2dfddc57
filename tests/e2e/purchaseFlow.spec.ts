// A whole purchase on the in-page emulator, as a newcomer does it: send the purchase (a form POST into a
// new tab), pay on the simulated checkout page, watch the pushback arrive, check, refund in two parts,
// check again. No server-side emulator: the service worker answers everything.
import type { Page } from '@playwright/test';
import { expect, test } from './support/staticApp.ts';

/** The response body as shown: the plain textarea, or Monaco's lines once the editor has arrived. */
const responseBody = (page: Page) =>
  page.locator('.response').evaluate((section) => {
    const area = section.querySelector<HTMLTextAreaElement>('textarea#response-body');
    if (area) return area.value;
    const lines = section.querySelector<HTMLElement>('.view-lines') ?? section.querySelector<HTMLElement>('[data-testid="response-text"]');
    return (lines?.innerText ?? '').replace(/\u00a0/g, ' ');
  });

async function send(page: Page) {
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('code-explanation')).toContainText('00 — ');
}

async function refund(page: Page, tranId: string, amount: number) {
  // The editor replaces the textarea when its chunk arrives; edit once it is there, so no keystroke is split.
  await expect(page.locator('[data-field="merchant_auth"] [data-editor="monaco"]')).toBeVisible({ timeout: 20_000 });
  await page.getByLabel('merchant_auth', { exact: true }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText, not typing: the editor would close every bracket and quote typed.
  await page.keyboard.insertText(JSON.stringify({ mc_id: 'ec000002', tran_id: tranId, refund_amount: amount }));
  await expect(page.locator('.output-pane')).toContainText(`"refund_amount":${amount}`);
  await send(page);
}

test('a purchase on the in-page emulator: pay, pushback, check, refund in two parts, check again', async ({ page, context }) => {
  test.setTimeout(90_000);
  await page.goto('/#/purchase');
  const panel = page.locator('section.emulator');
  await expect(panel).toContainText('in this page (service worker)', { timeout: 20_000 });

  // The pushback goes to the emulator's own inbox, so it arrives inside the page.
  await page.locator('[data-field="return_url"]').getByRole('button', { name: 'use emulator inbox' }).click();
  await expect(page.getByLabel('return_url', { exact: true })).toHaveValue(/\/mock\/_emulator\/inbox$/);
  const tranId = await page.getByLabel('tran_id', { exact: true }).inputValue();
  const amount = await page.getByLabel('amount', { exact: true }).inputValue();
  expect(amount).toBe('10.00');

  const [checkout] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Send (opens a new tab)' }).click()]);
  await checkout.waitForURL(/\/mock\/api\/payment-gateway\/v1\/payments\/purchase$/);
  await expect(checkout.locator('main')).toContainText('10.00 USD');
  await expect(checkout.locator('main')).toContainText(tranId);
  await checkout.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(checkout.getByRole('heading', { name: 'Paid' })).toBeVisible();
  await expect(checkout.locator('main')).toContainText('answered HTTP 200');
  await checkout.close();

  // The emulator panel: the transaction approved, the pushback delivered to the inbox with a valid signature.
  await page.bringToFront();
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(panel.locator(`[data-tran-id="${tranId}"] [data-testid="transaction-status"]`)).toHaveText('APPROVED');
  const delivery = panel.locator(`[data-testid="emulator-deliveries"] li[data-ref="${tranId}"]`);
  await expect(delivery.getByTestId('delivery-outcome')).toHaveText('delivered: HTTP 200');
  await expect(delivery.getByTestId('delivery-signature')).toContainText('signature valid');
  const inbox = panel.getByTestId('emulator-inbox').locator('li').filter({ hasText: tranId });
  await expect(inbox.getByTestId('inbox-signature')).toContainText('signature valid (ec000002');

  await page.getByRole('link', { name: /Check transaction/ }).click();
  await page.getByLabel('tran_id', { exact: true }).fill(tranId);
  await send(page);
  await expect.poll(() => responseBody(page)).toContain('"payment_status": "APPROVED"');

  await page.getByRole('link', { name: /Refund API/ }).click();
  await refund(page, tranId, 4);
  await expect.poll(() => responseBody(page)).toMatch(/"total_refunded": 4\b/);
  await refund(page, tranId, 6);
  await expect.poll(() => responseBody(page)).toMatch(/"total_refunded": 10\b/);

  await page.getByRole('link', { name: /Check transaction/ }).click();
  await expect(page.getByLabel('tran_id', { exact: true })).toHaveValue(tranId);
  await send(page);
  await expect.poll(() => responseBody(page)).toContain('"payment_status": "REFUNDED"');
  expect(await responseBody(page)).toMatch(/"refund_amount": 10\b/);
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(panel.locator(`[data-tran-id="${tranId}"]`)).toContainText('refunded 10.00 USD');
  await expect(panel.locator(`[data-tran-id="${tranId}"] [data-testid="transaction-status"]`)).toHaveText('REFUNDED');
});
