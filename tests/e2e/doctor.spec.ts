// The wrong-hash doctor as a person uses it, in real Chromium: broken requests pasted in get the right
// diagnosis, a wrong-hash answer opens it prefilled, and a pushback is verified or diagnosed. Hashes are
// made here with node:crypto and recipes written out by hand, not with the code under test.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { getEndpoint } from '../../src/core/catalog/index.ts';
import { cli } from '../support/cli.ts';
import { expect, test } from './support/staticApp.ts';
import { settled } from './support/settled.ts';

const KEY = 'demo-api-key-not-real';
const SANDBOX = 'https://checkout-sandbox.payway.com.kh';
const hmac = (text: string, encoding: 'base64' | 'hex' = 'base64') => createHmac('sha512', KEY).update(text, 'utf8').digest(encoding);

const PURCHASE_ORDER = ['req_time', 'merchant_id', 'tran_id', 'amount', 'items', 'shipping', 'firstname', 'lastname', 'email', 'phone', 'type', 'payment_option', 'return_url', 'cancel_url', 'continue_success_url', 'return_deeplink', 'currency', 'custom_fields', 'return_params', 'payout', 'lifetime', 'additional_params', 'google_pay_token', 'skip_success_page'];
const purchase: Record<string, string> = { req_time: '20250728022056', merchant_id: 'ec000002', tran_id: '17536691884', amount: '1.00', firstname: 'Sokha', lastname: 'Chan', email: 'sokha@example.com', currency: 'USD' };
const check = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: '17394277693' };
const payout = {
  merchant_id: 'ec000002',
  tran_id: 'PO17259584044',
  beneficiaries: 'IXeBPx7XOkG4nQtZv4ZUnjEilOmaRQnXQCw7QklawjuPM86aBsh+NeFOyyQGUnwnY10sIgGsJwfcNxK4JKqXuWgC6HGL6sq3DT25WcjbDUslX78vXRMohKj7i9edGIYqYSqxSWpjwGuMl7m544jNWZm4YS9jHucF9+U2zc7FWgM=',
  amount: '3.44',
  custom_fields: '',
  currency: 'USD',
};

const purchaseString = (values: Record<string, string>) => PURCHASE_ORDER.map((f) => values[f] ?? '').join('');
const curlForm = (endpoint: string, fields: Record<string, string>) =>
  `curl -X POST '${SANDBOX}${getEndpoint(endpoint).path}' ${Object.entries(fields).map(([k, v]) => `-F '${k}=${v}'`).join(' ')}`;
const curlJson = (endpoint: string, body: Record<string, string>) =>
  `curl -X POST '${SANDBOX}${getEndpoint(endpoint).path}' -H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`;

async function diagnose(page: Page, request: string, theirString?: string) {
  await page.goto('/#/doctor');
  await page.getByLabel('Failing request').fill(request);
  if (theirString !== undefined) await page.getByLabel(/Their string to sign/).fill(theirString);
  await page.getByRole('button', { name: 'Diagnose' }).click();
  await expect(page.getByTestId('doctor-verdict')).toBeVisible();
}

test.describe('a broken request pasted into the doctor', () => {
  test('a purchase hashed with amount "1" instead of "1.00": the number format, in amount, and the correct hash', async ({ page }) => {
    const theirHash = hmac(purchaseString({ ...purchase, amount: '1' }));
    await diagnose(page, curlForm('purchase', { ...purchase, hash: theirHash }));
    await expect(page.getByTestId('doctor-recognised')).toContainText(/Recognised by its path( and fields)? as Purchase/);
    await expect(page.getByTestId('doctor-verdict')).toContainText('Found the mistake');
    const mistake = page.locator('[data-mistake="amount-format"]');
    await expect(mistake).toContainText('amount');
    await expect(mistake).toContainText('Fix:');
    await expect(page.getByTestId('doctor-correct-hash')).toHaveText(hmac(purchaseString(purchase)));
    await expect(page.getByTestId('doctor-difference')).toContainText('in amount');
    await expect(page.getByTestId('doctor-difference')).toContainText('number format');
    // The first differing byte is marked in both strings: "1.00" against "1" + the next field.
    await expect(page.getByTestId('expected-string').getByTestId('first-difference')).toHaveText('.');
    await expect(page.getByTestId('their-string').getByTestId('first-difference')).toHaveText('S');
    await expect(page.getByTestId('doctor-stats')).toContainText(/[\d,]+ hypotheses tried in [\d.]+ ms/);
  });

  test('a check-transaction hashed without req_time is the "prose" variant', async ({ page }) => {
    await diagnose(page, curlJson('check-transaction', { ...check, hash: hmac(check.merchant_id + check.tran_id) }));
    await expect(page.getByTestId('doctor-verdict')).toContainText('Signed with another recipe variant');
    await expect(page.getByTestId('doctor-verdict')).toContainText('merchant_id, tran_id (prose)');
    await expect(page.locator('[data-mistake="variant"]')).toBeVisible();
    await expect(page.getByTestId('doctor-correct-hash')).toHaveText(hmac(check.req_time + check.merchant_id + check.tran_id));
  });

  test('a payout hashed as Base64 is the Base64 variant; the correct hash is hex', async ({ page }) => {
    const string = [payout.merchant_id, payout.tran_id, payout.beneficiaries, payout.amount, payout.custom_fields, payout.currency].join('');
    await diagnose(page, curlJson('payout', { ...payout, hash: hmac(string) }));
    await expect(page.getByTestId('doctor-verdict')).toContainText('Signed with another recipe variant');
    await expect(page.getByTestId('doctor-verdict')).toContainText('HMAC-SHA512, Base64');
    await expect(page.getByTestId('doctor-correct-hash')).toHaveText(hmac(string, 'hex'));
  });

  test('their string to sign: the first differing byte, its field and kind, in both strings', async ({ page }) => {
    const theirs = [check.req_time, check.merchant_id, check.tran_id].join('&');
    await diagnose(page, curlJson('check-transaction', check), theirs);
    // Byte positions are counted from 1 in the page and in the CLI alike.
    await expect(page.getByTestId('doctor-difference')).toContainText('First difference at byte 15, in merchant_id');
    const fromCli = await cli('doctor', 'check-transaction', '--key', KEY, ...Object.entries(check).flatMap(([n, v]) => ['--wire', `${n}=${v}`]), '--string', theirs);
    expect(fromCli.out).toMatch(/The strings part at byte 15 in merchant_id/);
    await expect(page.getByTestId('doctor-difference')).toContainText('a separator between fields');
    await expect(page.getByTestId('expected-string').getByTestId('first-difference')).toHaveText('e');
    await expect(page.getByTestId('their-string').getByTestId('first-difference')).toHaveText('&');
    await expect(page.locator('[data-mistake="separator"]')).toBeVisible();
  });

  test('a hash nothing reproduces says what is left to check, and the page keeps answering while it searches', async ({ page }) => {
    const request = JSON.stringify({ ...purchase, items: 'W3sibmFtZSI6IlRlYSIsInF1YW50aXR5IjoxLCJwcmljZSI6MX1d', phone: '012345678', lifetime: '30', hash: randomBytes(64).toString('base64') });
    await page.goto('/#/doctor');
    await page.getByLabel('Failing request').fill(request);
    await page.getByLabel('Endpoint').selectOption('purchase');
    // Frames keep coming while the worker searches (a search on the page's thread would stop them).
    await page.evaluate(() => {
      const w = window as unknown as { maxGap: number; last: number; frames: number };
      w.maxGap = 0;
      w.frames = 0;
      w.last = performance.now();
      requestAnimationFrame(function loop(now) {
        w.maxGap = Math.max(w.maxGap, now - w.last);
        w.last = now;
        w.frames++;
        requestAnimationFrame(loop);
      });
    });
    await page.getByRole('button', { name: 'Diagnose' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Searching' })).toBeVisible();
    await page.getByLabel(/Their string to sign/).pressSequentially('typed while searching', { delay: 10 });
    await expect(page.getByTestId('doctor-verdict')).toContainText('Nothing the doctor knows reproduces it', { timeout: 10_000 });
    const { maxGap, frames } = await page.evaluate(() => {
      const w = window as unknown as { maxGap: number; frames: number };
      return { maxGap: w.maxGap, frames: w.frames };
    });
    await expect(page.getByLabel(/Their string to sign/)).toHaveValue('typed while searching');
    await expect(page.getByTestId('doctor-left-to-check')).toContainText('The key itself');
    const stats = await page.getByTestId('doctor-stats').textContent();
    const searchMs = Number(stats!.match(/in ([\d.]+) ms/)![1]);
    expect(searchMs).toBeLessThan(1500);
    // On the page's thread the search would be one frame at least as long as the search itself.
    expect(frames).toBeGreaterThan(5);
    expect(maxGap).toBeLessThan(Math.max(searchMs, 200));
    await expect(page.getByText('The inputs changed since this result')).toBeVisible();
  });
});

test('a wrong-hash answer opens the doctor with the request prefilled and the key kept out of the address', async ({ page }) => {
  await page.goto('/#/check-transaction');
  await page.getByLabel('Recipe variant').selectOption('prose');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const explanation = page.getByTestId('code-explanation');
  await expect(explanation).toContainText(`${getEndpoint('check-transaction').outcomes.wrongHash.code} — `);
  const tranId = await page.getByLabel('tran_id', { exact: true }).inputValue();
  await explanation.getByRole('link', { name: 'Open the doctor with this request' }).click();

  await expect(page).toHaveURL(/#\/doctor$/);
  await expect(page.getByTestId('doctor-arrival')).toContainText('recipe variant “merchant_id, tran_id (prose)”');
  await expect(page.getByLabel('Failing request')).toHaveValue(new RegExp(`"tran_id": "${tranId}"[\\s\\S]*"hash": "`));
  await expect(page.getByLabel('Endpoint')).toHaveValue('check-transaction');
  await expect(page.getByLabel('API key (optional)', { exact: true })).toHaveValue(KEY);
  await expect(page.getByTestId('doctor-verdict')).toContainText('Signed with another recipe variant');
  const state = JSON.stringify(await page.evaluate(() => history.state));
  expect(state).not.toContain(KEY);
  expect(page.url()).not.toContain(KEY);

  // Back to the playground and forward again: what was edited here stays.
  await page.getByLabel(/Their hash/).fill('edited');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 2, name: 'Check transaction' })).toBeVisible();
  await page.goForward();
  await expect(page.getByLabel(/Their hash/)).toHaveValue('edited');
});

test('a request signed with another key than the emulator merchant\'s is never "correct": the doctor names the key', async ({ page }) => {
  const wrongKey = 'not-the-demo-key';
  await page.goto('/#/check-transaction');
  await page.getByLabel('API key', { exact: true }).fill(wrongKey);
  await page.keyboard.press('ControlOrMeta+Enter');
  const explanation = page.getByTestId('code-explanation');
  await expect(explanation).toContainText(`${getEndpoint('check-transaction').outcomes.wrongHash.code} — `);
  await explanation.getByRole('link', { name: 'Open the doctor with this request' }).click();

  await expect(page.getByTestId('doctor-arrival')).toContainText('refused by the emulator with code 5');
  await expect(page.getByLabel('What the target answered')).toHaveValue('emulator');
  const verdict = page.getByTestId('doctor-verdict');
  await expect(verdict).toBeVisible();
  await expect(verdict).not.toContainText('Correct');
  await expect(verdict).toContainText('The hash is right for the key and the fields given, yet the emulator refused the request (code 5');
  const fingerprint = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 16);
  const first = page.getByTestId('doctor-mistakes').locator('li').first();
  await expect(first).toContainText('The API key is not the one the emulator holds for merchant ec000002');
  await expect(first).toContainText(fingerprint(wrongKey));
  await expect(first).toContainText(fingerprint(KEY));
  const checks = page.getByTestId('doctor-refusal-checks');
  await expect(checks.locator('li.found')).toContainText('The key');
  await expect(checks.locator('li.ruled-out').first()).toBeVisible();
  await expect(checks).toContainText('The request time');
  // The checks fit a phone's width.
  await page.setViewportSize({ width: 390, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  // Neither key is in the page's address or history state.
  const state = JSON.stringify(await page.evaluate(() => history.state));
  expect(state).not.toContain(wrongKey);
  expect(state).not.toContain(KEY);
});

test('Callback tab: a good pushback verifies; a tampered one is diagnosed', async ({ page }) => {
  const body = JSON.stringify({ tran_id: '17394277693', apv: '123456', status: 0, return_params: '' });
  // Values sorted by key: apv, return_params, status, tran_id.
  const sorted = '123456' + '' + '0' + '17394277693';
  await page.goto('/#/doctor');
  await page.getByRole('tab', { name: 'Callback' }).click();
  await page.getByLabel('Pushback body (JSON, exactly as received)').fill(body);
  await page.getByLabel('X-PayWay-HMAC-SHA512 header').fill(hmac(sorted));
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(page.getByTestId('pushback-verdict')).toContainText('Verified: the signature matches');
  const segments = page.getByTestId('pushback-string').locator('[data-segment]');
  expect(await segments.evaluateAll((all) => all.map((s) => (s as HTMLElement).dataset.segment))).toEqual(['apv', 'return_params', 'status', 'tran_id']);
  await expect(segments.nth(0)).toHaveText('123456');
  await expect(segments.nth(1)).toHaveClass(/empty/);
  await expect(segments.nth(3)).toHaveText('17394277693');

  await page.getByLabel('X-PayWay-HMAC-SHA512 header').fill(hmac(sorted, 'hex'));
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByTestId('pushback-verdict')).toContainText('Signed another way than documented');
  await expect(page.locator('[data-mistake="output-encoding"]')).toContainText('hex');

  await page.getByLabel('X-PayWay-HMAC-SHA512 header').fill(hmac(sorted));
  await page.getByLabel('Pushback body (JSON, exactly as received)').fill(body.replace('123456', '654321'));
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(page.getByTestId('pushback-verdict')).toContainText('Invalid signature');
  await expect(page.locator('.results')).toContainText('Left to check');
});

test('the doctor is a lazy chunk: nothing of it loads before #/doctor, its worker not before a diagnosis', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => scripts.push(new URL(request.url()).pathname));
  await page.goto('/#/purchase');
  await expect(page.getByTestId('hash')).not.toBeEmpty();
  await settled(page);
  expect(scripts.filter((p) => /DoctorPage|doctor\.worker/.test(p))).toEqual([]);
  await page.goto('/#/doctor');
  await expect(page.getByRole('heading', { name: 'Wrong-hash doctor' })).toBeVisible();
  expect(scripts.some((p) => /DoctorPage-[^/]*\.js$/.test(p))).toBe(true);
  expect(scripts.some((p) => /doctor\.worker/.test(p))).toBe(false);
  await page.getByLabel('Failing request').fill(curlJson('check-transaction', { ...check, hash: hmac(check.req_time + check.merchant_id + check.tran_id) }));
  await page.getByRole('button', { name: 'Diagnose' }).click();
  await expect(page.getByTestId('doctor-verdict')).toContainText('Correct: this is the hash PayWay expects');
  expect(scripts.some((p) => /doctor\.worker[^/]*\.js$/.test(p))).toBe(true);
});

for (const width of [390, 1440]) {
  test(`the doctor page fits at ${width} px`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await diagnose(page, curlForm('purchase', { ...purchase, hash: hmac(purchaseString({ ...purchase, amount: '1' })) }));
    await expect(page.getByTestId('doctor-comparison')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const inputs = (await page.locator('form.inputs').boundingBox())!;
    const results = (await page.locator('.results').boundingBox())!;
    if (width === 390) expect(results.y).toBeGreaterThan(inputs.y);
    else expect(results.x).toBeGreaterThan(inputs.x);
    await page.locator('#main').screenshot({ path: testInfo.outputPath(`doctor-${width}.png`) });
    await testInfo.attach(`doctor-${width}`, { path: testInfo.outputPath(`doctor-${width}.png`), contentType: 'image/png' });
  });
}
