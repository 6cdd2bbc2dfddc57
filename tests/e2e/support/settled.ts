// Waits for a condition instead of a fixed time: the page has done the work it puts off until it is idle
// (the saved-requests chunk, the in-page emulator's service worker when that is the target), and is idle
// again. After this, every request the page would make on its own has been made.
import { expect, type Page } from '@playwright/test';

export async function settled(page: Page): Promise<void> {
  await expect(page.locator('[data-testid="saved-area"]')).toBeAttached();
  // The target names where the emulator runs once the page knows; only the in-page one has a worker.
  const target = page.locator('#env-target option:checked');
  await expect(target).not.toHaveText(/^Built-in emulator/);
  const inPage = (await target.textContent())?.startsWith('In-page emulator') ?? false;
  await page.evaluate(async (waitForWorker) => {
    if (waitForWorker) await navigator.serviceWorker.ready;
    await new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 }));
  }, inPage);
}
