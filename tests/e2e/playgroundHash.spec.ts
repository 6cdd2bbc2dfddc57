// For every endpoint: open its route, fill the demo values, and check that the hash on screen is the
// one `payway sign` computes for the wire values the page would send. One page per family (the endpoints
// are reached through the navigator, as a person does); the CLI runs in-process, as its own tests run it.
import { expect, test, type Page } from '@playwright/test';
import { families, getEndpoint } from '../../src/core/catalog/index.ts';
import type { EndpointSpec } from '../../src/core/catalog/types.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { DEMO_PARTNER } from '../../src/emulator/merchants.ts';
import { cli } from '../support/cli.ts';
import { wireFromBody } from './support/wireFromBody.ts';

async function checkHash(page: Page, endpoint: EndpointSpec) {
  await page.locator(`[data-endpoint="${endpoint.id}"] a`).click();
  await expect(page.locator('#request-title')).toHaveText(endpoint.name);
  await page.getByRole('button', { name: 'Fill demo values' }).click();
  // The trace of this endpoint, not the one before it.
  await expect(page.locator('[data-testid="body-text"]')).toContainText('hash');
  await expect(page.getByTestId('hash')).not.toBeEmpty();

  // Body and hash are read together, so they come from the same trace.
  const shown = await page.evaluate(() => ({
    body: document.querySelector('[data-testid="body-text"]')?.textContent ?? '',
    contentType: document.querySelector('[data-testid="body-text"]')?.parentElement?.querySelector('code')?.textContent ?? '',
    hash: document.querySelector('[data-testid="hash"]')?.textContent ?? '',
    bytes: document.querySelector('[data-testid="byte-count"]')?.textContent ?? '',
  }));
  const wire = wireFromBody(shown.body, shown.contentType.replace(/^Content-Type: /, ''));
  const sentHash = wire.find(([name]) => name === 'hash')?.[1];
  expect(sentHash, `${endpoint.id}: the body carries the hash shown`).toBe(shown.hash);

  const key = endpoint.variants.some((v) => v.hash.key === 'partner-key') ? DEMO_PARTNER.partnerKey : DEMO_MERCHANT.apiKey;
  const args = ['sign', endpoint.id, '--key', key, '--json'];
  for (const [name, value] of wire) if (name !== 'hash') args.push('--wire', `${name}=${value}`);
  const { code, out, err } = await cli(...args);
  expect(code, `${endpoint.id}: payway sign ${err}`).toBe(0);
  const signed = JSON.parse(out) as { hash: string; stringToSign: string; variant: string };
  expect(shown.hash, `${endpoint.id}: hash`).toBe(signed.hash);
  expect(Number(shown.bytes), `${endpoint.id}: bytes`).toBe(Buffer.byteLength(signed.stringToSign, 'utf8'));
}

for (const family of families) {
  test(`${family.name}: for every endpoint the hash shown equals what payway sign computes`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}\n${error.stack ?? ''}`));
    await page.goto('/');
    for (const id of family.endpoints) await test.step(id, () => checkHash(page, getEndpoint(id)));
    expect(errors).toEqual([]);
  });
}
