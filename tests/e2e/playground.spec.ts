// The playground screen as a person uses it, in real Chromium.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { getEndpoint } from '../../src/core/catalog/index.ts';
import { settled } from './support/settled.ts';

const MONACO_CHUNK = /\/assets\/monaco-[^/]*\.js$/;
const traceSegment = (page: Page, field: string) => page.locator(`[data-segment="${field}"]`);

test('the URL follows the chosen endpoint, and back/forward return to it', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/#\/purchase$/);
  await page.getByRole('link', { name: /Check transaction/ }).click();
  await expect(page).toHaveURL(/#\/check-transaction$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Check transaction' })).toBeVisible();
  await page.getByLabel('tran_id', { exact: true }).fill('kept-1');
  await page.getByRole('link', { name: /Refund API/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Refund API' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 2, name: 'Check transaction' })).toBeVisible();
  await expect(page.getByLabel('tran_id', { exact: true })).toHaveValue('kept-1');
  await page.goForward();
  await expect(page).toHaveURL(/#\/refund$/);
});

test('the filter box narrows the navigator', async ({ page }) => {
  await page.goto('/#/purchase');
  await page.getByRole('searchbox', { name: 'Filter endpoints' }).fill('token v3');
  const nav = page.getByRole('navigation', { name: 'Endpoints' });
  await expect(nav.getByRole('link', { name: /Remove token/ })).toBeVisible();
  await expect(nav.getByRole('link', { name: /^Purchase purchase$/ })).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Filter endpoints' }).fill('zzz');
  await expect(nav).toContainText('No endpoint matches');
});

test('every input is labelled with its wire name, with required marks and allowed values', async ({ page }) => {
  await page.goto('/#/purchase');
  for (const field of getEndpoint('purchase').fields) {
    if (field.type === 'json') continue; // Monaco or textarea: checked below
    await expect(page.getByLabel(field.name, { exact: true })).toHaveCount(1);
  }
  await expect(page.getByLabel('items', { exact: true })).toHaveCount(1);
  const currency = page.getByLabel('currency', { exact: true });
  await expect(currency).toHaveJSProperty('tagName', 'SELECT');
  await expect(currency.locator('option')).toHaveText(['(not sent)', 'KHR', 'USD']);
  await expect(page.locator('[data-field="merchant_id"] abbr[title="required"]')).toBeVisible();
});

test('req_time fills itself in UTC, "now" refreshes it and tran_id gets a new id', async ({ page }) => {
  await page.goto('/#/check-transaction');
  const reqTime = page.getByLabel('req_time', { exact: true });
  const utcNow = () => new Date().toISOString().replace(/\D/g, '').slice(0, 12);
  await expect(reqTime).toHaveValue(new RegExp(`^${utcNow().slice(0, 10)}\\d{4}$`));
  await reqTime.fill('20200101000000');
  await page.getByRole('button', { name: 'now (UTC)' }).click();
  await expect(reqTime).toHaveValue(new RegExp(`^${utcNow().slice(0, 10)}\\d{4}$`));
  const tranId = page.getByLabel('tran_id', { exact: true });
  const before = await tranId.inputValue();
  await page.getByRole('button', { name: 'new id' }).click();
  await expect(tranId).not.toHaveValue(before);
  await expect(tranId).toHaveValue(/^\d{13}$/);
});

test('a trailing space or a zero-width space shows its marker in the trace', async ({ page }) => {
  await page.goto('/#/check-transaction');
  const tranId = page.getByLabel('tran_id', { exact: true });
  await tranId.fill('12345');
  await expect(traceSegment(page, 'tran_id')).toHaveText('12345');
  await tranId.pressSequentially(' ');
  await expect(traceSegment(page, 'tran_id')).toHaveText('12345·');
  await expect(page.locator('[data-field="tran_id"]')).toContainText('a space at the end');

  await tranId.fill('123\u200b45');
  await expect(traceSegment(page, 'tran_id')).toHaveText('123⟨U+200B⟩45');
  await expect(page.locator('[data-field="tran_id"]')).toContainText('a zero-width character');
});

test('an empty field is a thin marker in the string-to-sign, and hovering links field and segment', async ({ page }) => {
  await page.goto('/#/transaction-list');
  await page.getByLabel('from_date', { exact: true }).fill('');
  const segment = traceSegment(page, 'from_date');
  await expect(segment).toHaveClass(/empty/);
  const box = await segment.boundingBox();
  expect(box!.width).toBeLessThan(8);

  await traceSegment(page, 'merchant_id').hover();
  await expect(page.locator('[data-field="merchant_id"]')).toHaveClass(/highlighted/);
  await page.locator('[data-field="page"]').hover();
  await expect(traceSegment(page, 'page')).toHaveClass(/lit/);
});

test('the trace shows key length and fingerprint but never the key', async ({ page }) => {
  await page.goto('/#/check-transaction');
  await page.getByLabel('API key', { exact: true }).fill('my-secret-api-key-123');
  await expect(page.getByTestId('key-report')).toContainText('21 characters');
  await expect(page.getByTestId('key-report')).toContainText('fingerprint');
  const text = await page.locator('.output-pane').innerText();
  expect(text).not.toContain('my-secret-api-key-123');
  await expect(page.getByTestId('digest-hex')).toHaveText(/^[0-9a-f]{128}$/);
});

test('RSA endpoints show the plaintext, each 117-byte chunk, each block and the joined Base64', async ({ page }) => {
  await page.goto('/#/refund');
  const rsa = page.locator('.output-pane');
  await expect(rsa).toContainText('1024-bit key');
  await expect(rsa).toContainText('plaintext JSON');
  await expect(rsa).toContainText(/chunk 1: \d+ bytes/);
  await expect(rsa).toContainText('ciphertext block 1 (128 bytes, hex)');
  await expect(rsa).toContainText('blocks joined, Base64 once');
  // merchant_auth stays the same while typing elsewhere: the hash changes only through request_time.
  const auth = async () => (await page.getByTestId('body-text').textContent())!.match(/"merchant_auth":"([^"]+)"/)![1];
  const first = await auth();
  await page.getByLabel('request_time', { exact: true }).fill('20250101000000');
  await expect(page.getByTestId('body-text')).toContainText('"request_time":"20250101000000"');
  expect(await auth()).toBe(first);
});

test('variants: a selector says which recipe is in use and the trace follows it', async ({ page }) => {
  await page.goto('/#/payout');
  const select = page.getByLabel('Recipe variant');
  await expect(page.getByTestId('hash')).toHaveText(/^[0-9a-f]{128}$/);
  await select.selectOption('base64');
  await expect(page.getByTestId('hash')).toHaveText(/^[A-Za-z0-9+/]{86}==$/);
});

test('the editor chunk is not requested before a JSON field is shown; the textarea works until it arrives', async ({ page }) => {
  const editorRequests: string[] = [];
  page.on('request', (request) => {
    if (MONACO_CHUNK.test(request.url())) editorRequests.push(request.url());
  });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(MONACO_CHUNK, async (route) => {
    await gate;
    await route.continue();
  });

  await page.goto('/#/check-transaction');
  await expect(page.getByLabel('tran_id', { exact: true })).toBeEnabled();
  await settled(page);
  expect(editorRequests).toEqual([]);

  await page.getByRole('link', { name: /^Purchase purchase$/ }).click();
  await expect.poll(() => editorRequests.length).toBeGreaterThan(0);
  // The editor is still on its way: the plain textarea edits the value.
  const items = page.locator('textarea#field-items');
  await items.fill('[{"name":"Tea","quantity":3,"price":2}]');
  const base64 = Buffer.from('[{"name":"Tea","quantity":3,"price":2}]').toString('base64');
  await expect(traceSegment(page, 'items')).toHaveText(base64);

  release();
  await expect(page.locator('[data-field="items"] [data-editor="monaco"]')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('[data-field="items"] .view-lines')).toContainText('Tea');
  await expect(traceSegment(page, 'items')).toHaveText(base64);
  // Typing in Monaco still drives the trace.
  await page.getByLabel('items', { exact: true }).focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(' ');
  await expect(traceSegment(page, 'items')).toHaveText(base64);
});

test.describe('sending to the in-page emulator', () => {
  test('a newcomer gets a first success with the demo merchant', async ({ page }) => {
    await page.goto('/#/exchange-rate');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByTestId('http-status')).toHaveText(/HTTP 200/);
    await expect(page.getByTestId('code-explanation')).toContainText('00 — Success!');
    await expect(page.getByTestId('code-explanation')).toHaveClass(/success/);
    await expect(page.getByLabel('Response body', { exact: true })).toHaveCount(1);
  });

  test('a wrong key is explained as a wrong hash, with a link to the doctor', async ({ page }) => {
    await page.goto('/#/check-transaction');
    await page.getByLabel('API key', { exact: true }).fill('not-the-demo-key');
    await page.keyboard.press('ControlOrMeta+Enter');
    const explanation = page.getByTestId('code-explanation');
    await expect(explanation).toContainText(`${getEndpoint('check-transaction').outcomes.wrongHash.code} — `);
    await expect(explanation.getByRole('link', { name: 'Open the doctor with this request' })).toBeVisible();
  });

  test('endpoints that answer with a page are a form POST into a new tab', async ({ page, context }) => {
    await page.goto('/#/purchase');
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Send (opens a new tab)' }).click()]);
    await tab.waitForLoadState();
    await expect.poll(() => tab.url()).toContain('/mock/');
    await expect(page.locator('.response')).toContainText('Opened in a new tab');
    await expect(tab.locator('body')).not.toBeEmpty();
  });
});

test.describe('sending, with answers staged by the test', () => {
  // page.route answers here, on the local-server target; a service worker would answer first, so none runs.
  test.use({ serviceWorkers: 'block' });

  test('Ctrl+Enter sends; a wrong-hash answer is explained and links to the doctor without the key', async ({ page }) => {
    const path = getEndpoint('check-transaction').path;
    let posted: { url: string; body: string; contentType: string; localServer: string } | undefined;
    await page.route(`**/mock${path}`, async (route) => {
      const headers = route.request().headers();
      posted = { url: route.request().url(), body: route.request().postData() ?? '', contentType: headers['content-type'] ?? '', localServer: headers['x-payway-target'] ?? '' };
      await route.fulfill({ status: 403, contentType: 'application/json', body: '{"status":{"code":"5","message":"Invalid hash"}}' });
    });
    await page.goto('/#/check-transaction');
    await page.getByLabel('Target', { exact: true }).selectOption('local-server');
    await page.getByLabel('tran_id', { exact: true }).focus();
    await page.keyboard.press('ControlOrMeta+Enter');

    await expect(page.getByTestId('http-status')).toHaveText(/HTTP 403/);
    await expect(page.getByTestId('code-explanation')).toContainText('5 — Invalid hash');
    const bodyShown = await page.getByTestId('body-text').textContent();
    expect(posted?.body).toBe(bodyShown);
    expect(posted?.contentType).toBe('application/json');
    expect(posted?.localServer).toBe('local-server');

    await page.getByRole('link', { name: 'Open the doctor with this request' }).click();
    await expect(page).toHaveURL(/#\/doctor$/);
    const state = await page.evaluate(() => history.state as { endpoint: string; wire: Record<string, string> });
    expect(state.endpoint).toBe('check-transaction');
    expect(state.wire.hash).toBeTruthy();
    expect(JSON.stringify(state)).not.toContain('demo-api-key');
  });

  test('a large answer is shown as plain text and the page stays responsive', async ({ page }) => {
    const big = JSON.stringify({ status: { code: '00', message: 'Success!' }, data: 'x'.repeat(1_200_000) });
    await page.route('**/mock/**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: big }));
    await page.goto('/#/exchange-rate');
    await page.getByLabel('Target', { exact: true }).selectOption('local-server');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByTestId('code-explanation')).toContainText('00 — Success!');
    await expect(page.locator('.response')).toContainText('over 1 MB: shown as plain text');
    await expect(page.getByTestId('response-text')).toBeVisible();
  });

  test('a host without CORS is named as such, with what to do', async ({ page }) => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('no CORS here');
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const port = (server.address() as AddressInfo).port;
    try {
      await page.goto('/#/exchange-rate');
      await page.getByLabel('Target', { exact: true }).selectOption('custom');
      await page.getByLabel('Custom URL', { exact: true }).fill(`http://127.0.0.1:${port}`);
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(page.locator('.failure')).toContainText('Blocked by CORS');
      await expect(page.locator('.failure')).toContainText('local proxy');
    } finally {
      server.close();
    }
  });

  test('a host that does not answer is named as a network failure', async ({ page }) => {
    await page.goto('/#/exchange-rate');
    await page.getByLabel('Target', { exact: true }).selectOption('custom');
    await page.getByLabel('Custom URL', { exact: true }).fill('http://127.0.0.1:9');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.locator('.failure')).toContainText('No answer');
    await expect(page.locator('.failure')).not.toContainText('Failed to fetch');
  });

});

test('credentials stay in memory unless remembered; unticking forgets them', async ({ page }) => {
  await page.goto('/#/check-transaction');
  const apiKey = page.getByLabel('API key', { exact: true });
  await apiKey.fill('kept-key');
  await page.reload();
  await expect(apiKey).toHaveValue('demo-api-key-not-real');

  await apiKey.fill('kept-key');
  await page.getByLabel('Remember on this device').check();
  await expect(page.getByText('Credentials are remembered on this device until you untick the box.')).toBeVisible();
  // That line follows the box at once; this one comes once IndexedDB has committed the write (a reload
  // before it may lose the write).
  await expect(page.getByText('Saved in this browser (IndexedDB) on this device')).toBeVisible();
  await page.reload();
  await expect(apiKey).toHaveValue('kept-key');
  await expect(page.getByLabel('Remember on this device')).toBeChecked();

  await page.getByLabel('Remember on this device').uncheck();
  await expect(page.getByText('Forgotten: nothing is stored on this device.')).toBeVisible();
  await page.reload();
  await expect(apiKey).toHaveValue('demo-api-key-not-real');
});

test('production shows a persistent warning', async ({ page }) => {
  await page.goto('/#/check-transaction');
  await page.getByLabel('Target', { exact: true }).selectOption('production');
  await expect(page.getByText("Requests go to PayWay's live gateway")).toBeVisible();
  await page.getByRole('link', { name: /Refund API/ }).click();
  await expect(page.getByText("Requests go to PayWay's live gateway")).toBeVisible();
});

test('the RSA key dialog opens from the keyboard and Esc closes it', async ({ page }) => {
  await page.goto('/#/refund');
  const button = page.getByRole('button', { name: 'RSA public key…' });
  await button.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'RSA public key' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('RSA public key, 1024 bits.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('keyboard focus is visible', async ({ page }) => {
  await page.goto('/#/check-transaction');
  await page.getByLabel('tran_id', { exact: true }).focus();
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
});

test('during a whole session every request goes to this origin or the chosen target', async ({ page, context, baseURL }) => {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  await page.goto('/#/check-transaction');
  await page.getByLabel('tran_id', { exact: true }).fill('123');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.locator('.response')).not.toContainText('Nothing sent yet');
  await page.getByRole('link', { name: /^Purchase purchase$/ }).click();
  await expect(page.locator('[data-field="items"] [data-editor="monaco"]')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('link', { name: /Refund API/ }).click();
  await page.getByRole('button', { name: 'RSA public key…' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: /^Exchange rate/ }).click();
  await page.getByLabel('Target', { exact: true }).selectOption('custom');
  await page.getByLabel('Custom URL', { exact: true }).fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.locator('.failure')).toBeVisible();
  await settled(page);

  const allowed = new Set([new URL(baseURL!).origin, 'http://127.0.0.1:9']);
  expect(urls.length).toBeGreaterThan(3);
  for (const url of urls) {
    if (url.startsWith('data:') || url.startsWith('blob:')) continue;
    expect(allowed.has(new URL(url).origin), url).toBe(true);
  }
});

for (const width of [390, 1440]) {
  test(`the layout works at ${width} px`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto('/#/purchase');
    await expect(page.getByTestId('hash')).not.toBeEmpty();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const nav = (await page.locator('.nav-pane').boundingBox())!;
    const form = (await page.locator('.form-pane').boundingBox())!;
    const output = (await page.locator('.output-pane').boundingBox())!;
    if (width === 390) {
      expect(form.y).toBeGreaterThan(nav.y);
      expect(output.y).toBeGreaterThan(form.y);
      await page.getByRole('button', { name: /Endpoint:/ }).click();
      await expect(page.getByRole('link', { name: /Check transaction/ })).toBeVisible();
    } else {
      expect(nav.x).toBeLessThan(form.x);
      expect(form.x).toBeLessThan(output.x);
      expect(Math.abs(form.y - output.y)).toBeLessThan(2);
    }
    await page.screenshot({ path: testInfo.outputPath(`playground-${width}.png`), fullPage: width === 390 });
    await testInfo.attach(`playground-${width}`, { path: testInfo.outputPath(`playground-${width}.png`), contentType: 'image/png' });
  });
}
