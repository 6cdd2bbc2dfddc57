// Accessibility, checked by axe-core in real Chromium on every main view (playground, trace, response,
// doctor, saved, emulator panel, dialogs) in the light and the dark theme: no serious or critical
// violation. And a person using only the keyboard reaches a first 00 Success.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/staticApp.ts';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// axe reads the whole page, several times a test: on a loaded 2-core machine that takes a while.
test.describe.configure({ timeout: 60_000 });

/**
 * Serious and critical violations on the page (or inside `include`), one line each: rule, impact, where.
 * Monaco's own DOM is left to Monaco (our wrapper gives it its label); it is also most of axe's time.
 */
async function violations(page: Page, include?: string): Promise<string[]> {
  // Only violations come back with their nodes: passes are not carried over from the page. Legacy mode runs
  // axe.run() in the page itself; the default opens a blank page per analysis to merge frames' results, a
  // second a call on this machine, and the app has no frame of another origin to merge.
  let builder = new AxeBuilder({ page }).setLegacyMode().withTags(WCAG).options({ resultTypes: ['violations'] }).exclude('.monaco-editor');
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
}

/** Waits until the trace is on screen and the editor has arrived, so axe sees the page as a person does. */
async function playgroundReady(page: Page, endpoint: string) {
  await page.goto(`/#/${endpoint}`);
  await expect(page.getByTestId('hash')).not.toBeEmpty();
  await expect(page.locator('[data-testid="saved-area"]')).toBeAttached();
}

async function send(page: Page) {
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('code-explanation')).toBeVisible();
}

async function dialog(page: Page, open: () => Promise<void>, name: string | RegExp): Promise<Locator> {
  await open();
  const shown = page.getByRole('dialog', { name });
  await expect(shown).toBeVisible();
  return shown;
}

/** Both themes at each view: the page switches with the system's colour scheme, so one page shows both. */
async function inBothThemes(page: Page, include?: string): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(colorScheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(15, 18, 22)');
    found[colorScheme] = await violations(page, include);
  }
  return found;
}
const NONE = { light: [], dark: [] };

test('playground with its trace and the saved area; response, explained, with the emulator panel', async ({ page }) => {
  await playgroundReady(page, 'purchase');
  expect(await inBothThemes(page)).toEqual(NONE);

  await page.getByRole('link', { name: /Check transaction/ }).click();
  await send(page);
  await expect(page.getByTestId('response-fields')).toBeVisible();
  await expect(page.locator('section.emulator')).toContainText('in this page');
  // An out-of-date answer and a wrong-hash answer, too.
  await page.getByLabel('API key', { exact: true }).fill('not-the-demo-key');
  await expect(page.getByTestId('response-outdated')).toBeVisible();
  expect(await inBothThemes(page, '.output-pane')).toEqual(NONE);
  await send(page);
  await expect(page.getByRole('link', { name: 'Open the doctor with this request' })).toBeVisible();
  expect(await inBothThemes(page, '.output-pane')).toEqual(NONE);

  // The doctor, opened from that answer, with a diagnosis.
  await page.getByRole('link', { name: 'Open the doctor with this request' }).click();
  await expect(page.getByRole('heading', { name: 'Wrong-hash doctor' })).toBeVisible();
  await page.getByRole('button', { name: 'Diagnose' }).click();
  await expect(page.getByTestId('doctor-verdict')).toBeVisible();
  expect(await inBothThemes(page)).toEqual(NONE);
  await page.getByRole('tab', { name: 'Callback' }).click();
  expect(await inBothThemes(page, 'main')).toEqual(NONE);
});

test('saved presets, history, the code view and the save dialog', async ({ page }) => {
  await playgroundReady(page, 'check-transaction');
  await send(page);
  await page.keyboard.press('Control+s');
  const save = page.getByRole('dialog', { name: 'Save the request as a preset' });
  await expect(save).toBeVisible();
  expect(await inBothThemes(page, 'dialog[open]')).toEqual(NONE);
  await save.getByLabel('Name', { exact: true }).fill('Check A');
  await save.getByLabel('Name', { exact: true }).press('Enter');
  await expect(page.getByRole('list', { name: 'Presets' }).locator('li[data-preset="Check A"]')).toBeVisible();
  expect(await inBothThemes(page, '.nav-pane')).toEqual(NONE);
  await page.getByRole('tab', { name: /^History/ }).click();
  await page.getByRole('tab', { name: 'Code' }).click();
  await expect(page.getByRole('button', { name: /^Copy .* code$/ })).toBeVisible();
  expect(await inBothThemes(page, '.nav-pane')).toEqual(NONE);
  expect(await inBothThemes(page, '.request-tabs')).toEqual(NONE);

  // The check can fail: a button without a name, planted in the page, is reported.
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('button'), { id: 'planted' })));
  expect(await violations(page, '#planted')).toEqual([expect.stringMatching(/^button-name \(critical\): #planted/)]);
});

test('every dialog', async ({ page }) => {
  await playgroundReady(page, 'check-transaction');
  await page.keyboard.press('Control+s');
  const save = page.getByRole('dialog', { name: 'Save the request as a preset' });
  await save.getByLabel('Name', { exact: true }).fill('Check A');
  await save.getByLabel('Name', { exact: true }).press('Enter');
  await expect(page.getByRole('list', { name: 'Presets' }).locator('li[data-preset="Check A"]')).toBeVisible();

  const checks: [string, string | RegExp, () => Promise<void>][] = [
    ['edit', 'Preset: Check A', () => page.getByRole('button', { name: 'Edit Check A', exact: true }).click()],
    ['share', 'Share the request in the form', () => page.getByRole('button', { name: 'Share…' }).click()],
    ['import', /^Import/, () => page.getByRole('button', { name: 'Import…' }).click()],
    ['export', /^Export/, () => page.getByRole('button', { name: 'Export…' }).click()],
    ['rsa key', /RSA public key/, () => page.getByRole('button', { name: 'RSA public key…' }).click()],
  ];
  for (const [what, name, open] of checks) {
    const shown = await dialog(page, open, name);
    expect(await inBothThemes(page, 'dialog[open]'), what).toEqual(NONE);
    await page.keyboard.press('Escape');
    await expect(shown).toBeHidden();
  }
});

test('keyboard only: from the first Tab to a first 00 Success', async ({ page }) => {
  await page.goto('/#/purchase');
  await expect(page.getByTestId('hash')).not.toBeEmpty();
  /** Presses Tab until `target` has the focus, as a person would (at most `limit` times). */
  const tabTo = async (target: Locator, limit = 60) => {
    for (let i = 0; i < limit; i++) {
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`${target} never got the focus in ${limit} Tab presses`);
  };
  await tabTo(page.getByRole('searchbox', { name: 'Filter endpoints' }));
  await page.keyboard.type('check transaction');
  await tabTo(page.getByRole('link', { name: /^Check transaction/ }), 5);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Check transaction' })).toBeVisible();
  await tabTo(page.getByRole('button', { name: 'Send', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('code-explanation')).toContainText('00 — Success!');
  // The answer is announced where the focus is not: it is a live status.
  await expect(page.getByRole('status').filter({ hasText: 'HTTP 200' })).toBeVisible();
});
