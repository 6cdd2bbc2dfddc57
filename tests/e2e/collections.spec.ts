// Collections in real Chromium against the real built app and its in-page emulator: the examples opened
// as a zip and as a folder (a real FileSystemDirectoryHandle from the origin-private file system, handed
// to the page's showDirectoryPicker since a headless browser shows no picker), run, edited, saved back.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';

const examplesDir = resolve(import.meta.dirname, '../../examples');
const examples: Record<string, string> = (() => {
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  return Object.fromEntries(walk(examplesDir).map((p) => [relative(examplesDir, p).split(sep).join('/'), readFileSync(p, 'utf8')]));
})();
const stepCount = Object.keys(examples).filter((p) => /^\d\d-[^/]+\/.+\.json$/.test(p)).length;

async function openCollections(page: Page): Promise<void> {
  await page.goto('/#/check-transaction');
  await page.getByRole('tab', { name: 'Collections' }).click();
  await expect(page.getByTestId('collections')).toBeVisible();
}

async function runAll(page: Page, expected: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(page.getByTestId('collections').getByRole('status')).toHaveText(expected, { timeout: 60_000 });
}

test('a zip of the examples runs green against the in-page emulator; an edit fails its check, and the exported zip carries it', async ({ page }, testInfo) => {
  await openCollections(page);
  const zip = zipSync(Object.fromEntries(Object.entries(examples).map(([p, t]) => [`examples/${p}`, strToU8(t)])));
  await page.getByLabel('Collection zip').setInputFiles({ name: 'examples.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect(page.getByTestId('collections').getByRole('status')).toHaveText(`examples: ${stepCount} steps in 7 flows.`);

  await runAll(page, new RegExp(`^Passed: ${stepCount} of ${stepCount} steps passed \\(emulator\\)\\.$`));
  await expect(page.getByTestId('collections').getByLabel('passed')).toHaveCount(stepCount);

  const flow = page.getByRole('region', { name: 'Flow 01-first-payment' });
  await flow.getByRole('button', { name: 'Check transaction', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Check transaction' });
  await expect(dialog.getByTestId('step-result')).toHaveAttribute('data-status', 'passed');
  await expect(dialog.getByRole('table', { name: 'Checks' }).getByRole('row')).toHaveCount(6);
  await dialog.getByText(/^Trace: /).click();
  await expect(dialog.getByText(/^\d{14}ec000002T[0-9A-Z]+$/)).toBeVisible();

  // Break the expectation in the file, save, run the step again: it fails and says why.
  const file = dialog.getByLabel('Step file');
  await file.fill((await file.inputValue()).replace('"$.data.payment_status": "APPROVED"', '"$.data.payment_status": "PENDING"'));
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('collections').getByRole('status')).toHaveText('Saved 01-first-payment/04-check.json (export the zip to keep it).');
  await dialog.getByRole('button', { name: 'Run this step' }).click();
  await expect(dialog.getByTestId('step-result')).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(dialog.getByText('expected PENDING, got APPROVED')).toBeVisible();

  // Text that is not a step is refused, kept in the editor, and never saved.
  await file.fill('{ "endpoint": "check-transaction", "inputs": { "api_key": "abcdef123456" } }');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('"api_key" holds a value');
  await expect(file).toHaveValue(/abcdef123456/);
  await dialog.getByRole('button', { name: 'Discard changes' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export zip' }).click()]);
  const path = testInfo.outputPath('exported.zip');
  await download.saveAs(path);
  const exported = unzipSync(readFileSync(path));
  // Everything that came in goes out (the README and .gitignore too); nothing else.
  expect(Object.keys(exported).sort()).toEqual(Object.keys(examples).map((p) => `examples/${p}`).sort());
  expect(strFromU8(exported['examples/01-first-payment/04-check.json']!)).toContain('"$.data.payment_status": "PENDING"');
  expect(strFromU8(exported['examples/02-refund/01-purchase.json']!)).toBe(examples['02-refund/01-purchase.json']);
});

test('a folder opens, runs, and a preset saved into it lands as a file in the folder', async ({ page }) => {
  await page.addInitScript(() => {
    // The picker, answered with a real directory handle of the origin-private file system.
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('shop', { create: true });
  });
  await page.goto('/#/transaction-detail');
  // The starter layout, written into that folder the way a checkout of the team's repository would be.
  await page.evaluate(async (files) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('shop', { create: true });
    for (const [path, text] of Object.entries(files)) {
      const parts = path.split('/');
      let dir = root;
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const writable = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
      await writable.write(text);
      await writable.close();
    }
  }, Object.fromEntries(Object.entries(examples).filter(([p]) => /^(payway-collection|environments\/|01-first-payment\/)/.test(p))));
  await page.getByRole('tab', { name: 'Collections' }).click();
  await page.getByRole('button', { name: 'Open folder…' }).click();
  await expect(page.getByTestId('collections').getByRole('status')).toHaveText('shop: 5 steps in 1 flow.');
  await runAll(page, /^Passed: 5 of 5 steps passed \(emulator\)\.$/);

  // Save the form's request (the detail of the demo's paid transaction) into the collection, as a new flow.
  await page.getByLabel('tran_id', { exact: true }).fill('DEMO-PAID-0001');
  await page.getByRole('button', { name: 'Add a step…' }).click();
  const add = page.getByRole('dialog', { name: 'Add a step to the collection' });
  await add.getByLabel('Flow (folder)').fill('lookups');
  await add.getByLabel('Step name').fill('Paid demo transaction');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(add).toBeHidden();
  const lookups = page.getByRole('region', { name: 'Flow lookups' });
  await lookups.getByRole('button', { name: 'Run flow' }).click();
  await lookups.getByRole('button', { name: 'Paid demo transaction', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Paid demo transaction' }).getByTestId('step-result')).toHaveAttribute('data-status', 'passed', { timeout: 30_000 });

  const saved = await page.evaluate(async () => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('shop');
    const file = await (await root.getDirectoryHandle('lookups')).getFileHandle('01-paid-demo-transaction.json');
    return (await file.getFile()).text();
  });
  expect(JSON.parse(saved)).toEqual({
    name: 'Paid demo transaction',
    endpoint: 'transaction-detail',
    inputs: { req_time: '{{$now}}', merchant_id: '{{merchant_id}}', tran_id: 'DEMO-PAID-0001' },
  });
  expect(saved).not.toContain('demo-api-key-not-real');
});
