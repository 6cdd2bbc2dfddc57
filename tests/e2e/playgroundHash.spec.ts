// For every endpoint: open its route, fill the demo values, and check that the hash on screen is the
// one `payway sign` computes for the wire values the page would send.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { catalog } from '../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { DEMO_PARTNER } from '../../src/emulator/merchants.ts';
import { wireFromBody } from './support/wireFromBody.ts';

const run = promisify(execFile);

for (const endpoint of catalog) {
  test(`${endpoint.id}: the hash shown equals what payway sign computes`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}\n${error.stack ?? ''}`));
    await page.goto(`/#/${endpoint.id}`);
    await expect(page.locator('#request-title')).toHaveText(endpoint.name);
    await page.getByRole('button', { name: 'Fill demo values' }).click();
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
    expect(sentHash, 'the body carries the hash shown').toBe(shown.hash);

    const key = endpoint.variants.some((v) => v.hash.key === 'partner-key') ? DEMO_PARTNER.partnerKey : DEMO_MERCHANT.apiKey;
    const args = ['bin/payway.js', 'sign', endpoint.id, '--key', key, '--json'];
    for (const [name, value] of wire) if (name !== 'hash') args.push('--wire', `${name}=${value}`);
    const { stdout } = await run(process.execPath, args, { cwd: process.cwd() }).catch((error: { stdout: string }) => error);
    const cli = JSON.parse(stdout) as { hash: string; stringToSign: string; variant: string };
    expect(shown.hash).toBe(cli.hash);
    expect(Number(shown.bytes)).toBe(Buffer.byteLength(cli.stringToSign, 'utf8'));
    expect(errors).toEqual([]);
  });
}
