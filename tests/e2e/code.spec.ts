// The Code tab: the request in the form as cURL (with the hash computed here) and as Node, PHP, Python
// and Go that compute it themselves; the catalog as OpenAPI 3.1 and Postman v2.1 downloads.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const LANGUAGES = [
  ['Node.js', 'createHmac'],
  ['PHP', 'hash_hmac'],
  ['Python', 'hmac.new'],
  ['Go', 'hmac.New'],
] as const;

async function codeTab(page: Page) {
  await page.getByRole('tab', { name: 'Code' }).click();
  return page.getByTestId('snippet-code');
}

test('cURL carries the hash the trace computed; the other languages compute it from the key', async ({ page }) => {
  await page.goto('/#/check-transaction');
  await page.getByLabel('tran_id', { exact: true }).fill('CODE-1');
  await expect(page.getByTestId('body-text')).toContainText('"tran_id":"CODE-1"');
  const { hash } = JSON.parse((await page.getByTestId('body-text').textContent())!) as { hash: string };
  const code = await codeTab(page);
  await expect(code).toContainText('curl -sS -X POST');
  await expect(code).toContainText(`"hash":"${hash}"`);
  await expect(page.getByRole('button', { name: 'Copy cURL code' })).toBeVisible();
  for (const [label, marker] of LANGUAGES) {
    await page.getByRole('button', { name: label, exact: true }).click();
    await expect(code).toContainText(marker);
    await expect(code).toContainText('PAYWAY_API_KEY');
    await expect(code).toContainText('CODE-1');
    await expect(code).not.toContainText(hash);
  }
  // It follows the form.
  await page.getByLabel('tran_id', { exact: true }).fill('CODE-2');
  await expect(code).toContainText('CODE-2');
});

test('no snippet holds the API key, even one pasted into a field', async ({ page }) => {
  const planted = 'PLANTED-code-key-9b2e44d1';
  await page.goto('/#/check-transaction');
  await page.getByLabel('API key', { exact: true }).fill(planted);
  await page.getByLabel('tran_id', { exact: true }).fill(planted);
  const code = await codeTab(page);
  for (const label of ['cURL', ...LANGUAGES.map(([l]) => l)]) {
    await page.getByRole('button', { name: label, exact: true }).click();
    await expect(code).toContainText('[secret removed]');
    const text = (await code.textContent())!;
    for (const form of [planted, Buffer.from(planted).toString('base64').replace(/=+$/, ''), Buffer.from(planted).toString('hex')]) {
      expect(text, `${label} snippet`).not.toContain(form);
    }
  }
});

test('the catalog downloads as an OpenAPI 3.1 document and a Postman v2.1 collection', async ({ page }, testInfo) => {
  await page.goto('/#/check-transaction');
  await codeTab(page);
  const save = async (name: string, file: string) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    expect(download.suggestedFilename()).toBe(file);
    await download.saveAs(testInfo.outputPath(file));
    return JSON.parse(readFileSync(testInfo.outputPath(file), 'utf8')) as { openapi?: string; paths: Record<string, unknown>; info: { schema: string } };
  };
  const openapi = await save('OpenAPI 3.1 document', 'payway-openapi.json');
  expect(openapi.openapi).toMatch(/^3\.1\./);
  expect(Object.keys(openapi.paths)).toContain('/api/payment-gateway/v1/payments/check-transaction-2');
  const postman = await save('Postman v2.1 collection', 'payway.postman_collection.json');
  expect(postman.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
  const [shell] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download payway.sh' }).click()]);
  expect(shell.suggestedFilename()).toBe('payway.sh');
  await shell.saveAs(testInfo.outputPath('payway.sh'));
  expect(readFileSync(testInfo.outputPath('payway.sh'), 'utf8')).toContain('curl -sS -X POST');
});
