// Saved presets, history, share links, files and cURL import as a person uses them, in real Chromium
// with real IndexedDB. Each test starts in a fresh browser context: nothing saved.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';

const presetList = (page: Page) => page.getByRole('list', { name: 'Presets' });
const presetRow = (page: Page, name: string) => presetList(page).locator(`li[data-preset="${name}"]`);
const tranId = (page: Page) => page.getByLabel('tran_id', { exact: true });

/** Saves the form under `name`: with Ctrl+S when nothing is open in the form, else with "Save as…". */
async function saveAs(page: Page, name: string, tags = '', via: 'key' | 'button' = 'key'): Promise<void> {
  if (via === 'key') await page.keyboard.press('Control+s');
  else await page.getByRole('button', { name: 'Save as…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save the request as a preset' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  if (tags) await dialog.getByLabel('Tags', { exact: true }).fill(tags);
  await dialog.getByLabel('Name', { exact: true }).press('Enter');
  await expect(dialog).toBeHidden();
  await expect(presetRow(page, name)).toBeVisible();
}

async function editDialog(page: Page, name: string) {
  await page.getByRole('button', { name: `Edit ${name}`, exact: true }).click();
  return page.getByRole('dialog', { name: `Preset: ${name}`, exact: true });
}

async function send(page: Page, expectedSends: number): Promise<void> {
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('tab', { name: `History (${expectedSends})` })).toBeVisible();
}

async function download(page: Page, click: () => Promise<void>, path: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  await file.saveAs(path);
  return readFileSync(path, 'utf8');
}

test('Ctrl+S saves; rename, duplicate, tag filter, delete with undo; all there after a reload', async ({ page }) => {
  await page.goto('/#/check-transaction');
  await tranId(page).fill('E2E-1');

  // Esc closes the dialog and saves nothing.
  await page.keyboard.press('Control+s');
  const dialog = page.getByRole('dialog', { name: 'Save the request as a preset' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Nothing saved yet')).toBeVisible();

  await saveAs(page, 'Check E2E', 'staging, e2e');
  // With a preset in the form, Ctrl+S saves over it without asking.
  await tranId(page).fill('E2E-2');
  await expect(page.getByTestId('editing-preset')).toContainText('unsaved changes');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('notice')).toContainText('Saved "Check E2E"');
  await expect(page.getByTestId('editing-preset')).not.toContainText('unsaved changes');
  await expect(dialog).toBeHidden();

  const edit = await editDialog(page, 'Check E2E');
  await edit.getByLabel('Name', { exact: true }).fill('Check renamed');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(presetRow(page, 'Check renamed')).toBeVisible();
  await expect(presetRow(page, 'Check E2E')).toHaveCount(0);

  await (await editDialog(page, 'Check renamed')).getByRole('button', { name: 'Duplicate' }).click();
  await expect(presetRow(page, 'Check renamed (copy)')).toBeVisible();

  await page.getByRole('link', { name: /Exchange rate/ }).click();
  await saveAs(page, 'Rates', 'prod');
  await expect(presetList(page).locator('li')).toHaveCount(3);

  // Filter by tag, from the picker, a tag chip, or the text box.
  await page.getByLabel('Filter by tag').selectOption('staging');
  await expect(presetList(page).locator('li')).toHaveCount(2);
  await expect(presetRow(page, 'Rates')).toHaveCount(0);
  await page.getByLabel('Filter by tag').selectOption('');
  await page.getByLabel('Filter presets').fill('tag:prod');
  await expect(presetList(page).locator('li')).toHaveCount(1);
  await expect(presetRow(page, 'Rates')).toBeVisible();
  await page.getByLabel('Filter presets').fill('');
  await presetRow(page, 'Rates').getByRole('button', { name: 'Show presets tagged prod' }).click();
  await expect(presetList(page).locator('li')).toHaveCount(1);
  await page.getByRole('button', { name: 'clear filter' }).click();
  await page.getByLabel('Filter presets').fill('name:renamed endpoint:check');
  await expect(presetList(page).locator('li')).toHaveCount(2);
  await page.getByLabel('Filter presets').fill('');

  // Delete, then take it back.
  await (await editDialog(page, 'Check renamed (copy)')).getByRole('button', { name: 'Delete' }).click();
  await expect(presetRow(page, 'Check renamed (copy)')).toHaveCount(0);
  await expect(page.getByTestId('notice')).toContainText('Deleted "Check renamed (copy)"');
  await page.getByTestId('notice').getByRole('button', { name: 'Undo' }).click();
  await expect(presetRow(page, 'Check renamed (copy)')).toBeVisible();

  await page.reload();
  await expect(presetList(page).locator('li')).toHaveCount(3);
  await expect(presetRow(page, 'Check renamed').getByRole('button', { name: 'Show presets tagged staging' })).toBeVisible();
  await presetRow(page, 'Check renamed').getByRole('button').first().click();
  await expect(page).toHaveURL(/#\/check-transaction$/);
  await expect(tranId(page)).toHaveValue('E2E-2');
});

test('the saved list is reachable by keyboard', async ({ page }) => {
  await page.goto('/#/check-transaction');
  await tranId(page).fill('KEYS-1');
  await saveAs(page, 'Keyboard one');
  await page.getByRole('link', { name: /Refund API/ }).click();
  await page.getByLabel('Filter presets').focus();
  await page.keyboard.type('keyboard');
  // From the filter box, Tab goes through the pickers and the row's checkbox to the row itself.
  const row = presetRow(page, 'Keyboard one').getByRole('button').first();
  for (let i = 0; i < 8 && !(await row.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(row).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tranId(page)).toHaveValue('KEYS-1');
  // The edit dialog opens from the keyboard and Esc closes it, giving focus back.
  const more = page.getByRole('button', { name: 'Edit Keyboard one', exact: true });
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Preset: Keyboard one' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Preset: Keyboard one' })).toBeHidden();
  await expect(more).toBeFocused();
});

test('a share link opens elsewhere only after asking; a damaged or newer link says so', async ({ page, browser }) => {
  await page.goto('/#/check-transaction');
  await tranId(page).fill('SHARED-9');
  await saveAs(page, 'Shared check', 'team');
  await (await editDialog(page, 'Shared check')).getByRole('button', { name: 'Share link', exact: true }).click();
  const url = await page.getByTestId('share-link').inputValue();
  expect(url).toMatch(/\/#preset=v1\.[A-Za-z0-9_-]+$/);

  // Someone else, in another browser profile.
  const elsewhere = await browser.newContext();
  const second = await elsewhere.newPage();
  await second.goto(url);
  const ask = second.getByRole('dialog', { name: 'Open this shared request?' });
  await expect(ask).toBeVisible();
  await expect(second.getByTestId('link-summary')).toContainText('Check transaction');
  await expect(second.getByTestId('link-summary')).toContainText('team');
  await expect(ask.getByRole('table')).toContainText('SHARED-9');
  // Nothing is loaded before they say so.
  await expect(second.getByRole('heading', { level: 2, name: 'Purchase' })).toBeAttached();
  await ask.getByRole('button', { name: 'Load into the form' }).click();
  await expect(ask).toBeHidden();
  await expect(second.getByRole('heading', { level: 2, name: 'Check transaction' })).toBeVisible();
  await expect(tranId(second)).toHaveValue('SHARED-9');
  await expect(second).toHaveURL(/#\/check-transaction$/);

  // A link cut short, pasted into the address bar of the open page.
  await second.goto(url.slice(0, -30));
  await expect(second.getByRole('dialog', { name: 'This link is damaged' })).toBeVisible();
  await expect(second.getByTestId('link-problem')).toContainText('may have been cut when it was copied');
  await second.keyboard.press('Escape');
  await expect(second.getByRole('dialog', { name: 'This link is damaged' })).toBeHidden();
  // A link from a newer version of the app, opened fresh.
  await second.goto('about:blank');
  await second.goto(url.replace(/#preset=v1\..*$/, '#preset=v9.AAAA'));
  await expect(second.getByRole('dialog', { name: 'This link needs a newer version' })).toBeVisible();
  await expect(second.getByTestId('link-problem')).toContainText('newer version of PayWay Playground');
  // Pasted while the doctor page is shown (the Saved panel is not on screen): still asked.
  await second.keyboard.press('Escape');
  await second.goto(url.replace(/#preset=.*$/, '#/doctor'));
  await second.goto(url);
  await expect(second.getByRole('dialog', { name: 'Open this shared request?' })).toBeVisible();
  await elsewhere.close();
});

test('presets go out to a file and come back in', async ({ page }, testInfo) => {
  await page.goto('/#/check-transaction');
  await tranId(page).fill('FILE-1');
  await saveAs(page, 'File one', 'x');
  await tranId(page).fill('FILE-2');
  await saveAs(page, 'File two', '', 'button');

  await page.getByRole('button', { name: 'Export…' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export to a file' });
  await expect(exportDialog.getByLabel('All presets (2)')).toBeChecked();
  const text = await download(page, () => exportDialog.getByRole('button', { name: 'Download' }).click(), testInfo.outputPath('presets.json'));
  const file = JSON.parse(text) as { format: string; presets: { name: string }[] };
  expect(file.format).toBe('payway-playground');
  expect(file.presets.map((p) => p.name).sort()).toEqual(['File one', 'File two']);
  await page.keyboard.press('Escape');

  await page.getByRole('checkbox', { name: 'Select File one' }).check();
  await page.getByRole('checkbox', { name: 'Select File two' }).check();
  await page.getByRole('button', { name: 'Delete selected' }).click();
  await expect(page.getByText('Nothing saved yet')).toBeVisible();

  await page.getByRole('button', { name: 'Import…' }).click();
  const importDialog = page.getByRole('dialog', { name: 'Import' });
  await importDialog.getByLabel('File to import').setInputFiles(testInfo.outputPath('presets.json'));
  await expect(importDialog.getByTestId('import-summary')).toContainText('holds 2 presets');
  await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(importDialog).toBeHidden();
  await expect(presetList(page).locator('li')).toHaveCount(2);
  await presetRow(page, 'File two').getByRole('button').first().click();
  await expect(tranId(page)).toHaveValue('FILE-2');
});

test('a planted API key is in no exported file, share link, history entry or stored record', async ({ page }, testInfo) => {
  const planted = 'PLANTED-e2e-key-4f9a1c77';
  const forms = [planted, Buffer.from(planted).toString('base64').replace(/=+$/, ''), Buffer.from(planted).toString('hex')];
  const expectNoKey = (text: string, where: string) => {
    for (const form of forms) expect(text.toLowerCase(), `${where} holds the key (${form})`).not.toContain(form.toLowerCase());
  };
  await page.goto('/#/check-transaction');
  await page.getByLabel('API key', { exact: true }).fill(planted);
  // And a copy pasted into a field by mistake.
  await tranId(page).fill(planted);
  await send(page, 1);
  await saveAs(page, 'Leak check');

  await page.getByRole('button', { name: 'Share…' }).click();
  const url = await page.getByTestId('share-link').inputValue();
  const token = url.slice(url.indexOf('#preset=v1.') + '#preset=v1.'.length);
  expectNoKey(url, 'the share link');
  expectNoKey(inflateRawSync(Buffer.from(token, 'base64url')).toString('utf8'), 'the share link, decompressed');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Export…' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export to a file' });
  await exportDialog.getByLabel('A full backup: presets and environments').check();
  await exportDialog.getByLabel('and the history (requests and answers)').check();
  const backup = await download(page, () => exportDialog.getByRole('button', { name: 'Download' }).click(), testInfo.outputPath('backup.json'));
  expect(JSON.parse(backup)).toMatchObject({ kind: 'backup', secretsIncluded: false, history: [expect.anything()] });
  expectNoKey(backup, 'the exported backup');
  // Ticking "include secrets" warns first (the only path that may carry keys).
  await exportDialog.getByLabel(/Include secrets/).check();
  await expect(exportDialog.getByRole('alert')).toContainText('will contain your API key');
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'History (1)' }).click();
  const entry = page.getByRole('list', { name: 'History' }).locator('li').first();
  await entry.getByText('Request and response').click();
  await expect(entry.getByTestId('history-request')).toContainText('[secret removed]');
  expectNoKey(await entry.innerText(), 'the history entry');

  const stored = await page.evaluate(async () => {
    const dump: string[] = [];
    for (const name of ['presets', 'presetIndex', 'history', 'environments', 'quarantine']) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(`payway-playground-${name}`);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      if (db.objectStoreNames.contains(name)) {
        const all = await new Promise<unknown[]>((resolve) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
        });
        dump.push(JSON.stringify(all));
      }
      db.close();
    }
    return dump.join('\n');
  });
  expect(stored).toContain('Leak check');
  expectNoKey(stored, 'IndexedDB');
});

test('a pasted cURL command fills the form and reports what it did not use', async ({ page }) => {
  await page.goto('/#/purchase');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog.getByLabel(/Paste a command/).fill(
    `curl -X POST 'https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2' \\
  -H 'Content-Type: application/json' -H 'X-Trace-Id: 77' --compressed \\
  --data-raw '{"req_time":"20250101000000","merchant_id":"ec000077","tran_id":"CURL-7","hash":"abc="}'`,
  );
  await dialog.getByRole('button', { name: 'Fill the form' }).click();
  const report = dialog.getByTestId('curl-report');
  await expect(report).toContainText('Filled the form with Check transaction');
  await expect(report).toContainText('X-Trace-Id');
  await expect(report).toContainText('the doctor can compare');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/check-transaction$/);
  await expect(tranId(page)).toHaveValue('CURL-7');
  await expect(page.getByLabel('req_time', { exact: true })).toHaveValue('20250101000000');
  await expect(page.getByLabel('merchant_id', { exact: true })).toHaveValue('ec000077');
});

test('history keeps every send and reopens one in the form', async ({ page }) => {
  await page.goto('/#/check-transaction');
  await tranId(page).fill('HIST-1');
  await send(page, 1);
  await tranId(page).fill('HIST-2');
  await send(page, 2);
  await page.getByRole('tab', { name: 'History (2)' }).click();
  const entries = page.getByRole('list', { name: 'History' }).locator('li');
  await expect(entries).toHaveCount(2);
  const older = entries.nth(1);
  await expect(older).toContainText('HTTP');
  await expect(older).toContainText('In-page emulator');
  await older.getByRole('button', { name: /^Open in the form/ }).click();
  await expect(tranId(page)).toHaveValue('HIST-1');
  await older.getByText('Request and response').click();
  await expect(older.getByTestId('history-request')).toContainText('"tran_id":"HIST-1"');
  await page.reload();
  await page.getByRole('tab', { name: 'History (2)' }).click();
  await expect(page.getByRole('list', { name: 'History' }).locator('li')).toHaveCount(2);
});

test('two pages of one browser stay in step, and saving in both at once loses nothing', async ({ page, context }) => {
  await page.goto('/#/check-transaction');
  const other = await context.newPage();
  await other.goto('/#/refund');
  await expect(other.getByRole('heading', { name: 'Saved', exact: true })).toBeAttached();
  await expect(page.getByRole('heading', { name: 'Saved', exact: true })).toBeAttached();

  await saveAs(page, 'From page one');
  await expect(presetRow(other, 'From page one')).toBeVisible();

  const edit = await editDialog(other, 'From page one');
  await edit.getByLabel('Name', { exact: true }).fill('Renamed in page two');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(presetRow(page, 'Renamed in page two')).toBeVisible();

  await Promise.all([saveAs(page, 'Both at once A', '', 'button'), saveAs(other, 'Both at once B', '', 'button')]);
  for (const p of [page, other]) {
    await expect(presetRow(p, 'Both at once A')).toBeVisible();
    await expect(presetRow(p, 'Both at once B')).toBeVisible();
  }

  await (await editDialog(page, 'Renamed in page two')).getByRole('button', { name: 'Delete' }).click();
  await expect(presetRow(other, 'Renamed in page two')).toHaveCount(0);
  await expect(presetList(other).locator('li')).toHaveCount(2);
});

test('without IndexedDB it keeps working in memory and says so', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true }));
  await page.goto('/#/check-transaction');
  await saveAs(page, 'Only in memory');
  await expect(page.getByTestId('memory-only')).toContainText('Nothing is kept on this device');
  await page.locator('summary', { hasText: 'Storage' }).click();
  await expect(page.getByTestId('secret-storage')).toContainText('kept in memory only');
});

test('a stored record that fails validation is set aside, reported and downloadable', async ({ page }, testInfo) => {
  await page.goto('/#/check-transaction');
  await saveAs(page, 'Good one');
  // Damage the database the way a bug or another program might.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('payway-playground-presets');
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction('presets', 'readwrite');
          tx.objectStore('presets').put({ v: 1, kind: 'preset', id: 'broken-1', name: 'Broken', draft: { endpoint: 'no-such-endpoint', inputs: {} } }, 'broken-1');
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  await expect(page.getByText('1 saved record could not be read')).toBeVisible();
  await expect(presetRow(page, 'Good one')).toBeVisible();
  await expect(presetRow(page, 'Broken')).toHaveCount(0);
  await page.locator('summary', { hasText: 'Storage' }).click();
  await expect(page.getByTestId('quarantine')).toContainText('presets/broken-1');
  const text = await download(page, () => page.getByRole('button', { name: 'Download them (JSON)' }).click(), testInfo.outputPath('set-aside.json'));
  expect(text).toContain('no-such-endpoint');
});

test('remembering the environment keeps it in the preset store and says where', async ({ page }) => {
  await page.goto('/#/check-transaction');
  await page.getByLabel('Merchant id', { exact: true }).fill('ec000099');
  await page.getByLabel('Remember on this device').check();
  await expect(page.getByText('Saved in this browser (IndexedDB) on this device')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Merchant id', { exact: true })).toHaveValue('ec000099');
  await expect(page.getByLabel('Remember on this device')).toBeChecked();
  await page.locator('summary', { hasText: 'Storage' }).click();
  await expect(page.getByTestId('secret-storage')).toContainText('Remembered on this device');
  await expect(page.getByTestId('secret-storage')).toContainText("unencrypted in this browser's IndexedDB");
  await page.getByLabel('Remember on this device').uncheck();
  // Said once the stored copy is deleted: a reload before it may keep it.
  await expect(page.getByText('Forgotten: nothing is stored on this device.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Merchant id', { exact: true })).toHaveValue('ec000002');
});
