// Waits for a condition instead of a fixed time: the page has done the work it puts off until it is idle
// (the saved-requests chunk, the emulator's service worker when it is the target), and is idle again.
// After this, every request the page would make on its own has been made.
import { expect, type Page } from '@playwright/test';

export async function settled(page: Page): Promise<void> {
  await expect(page.locator('[data-testid="saved-area"]')).toBeAttached();
  await page.evaluate(async () => {
    const target = document.querySelector<HTMLSelectElement>('#env-target')?.value;
    if (target === 'emulator' && 'serviceWorker' in navigator) await navigator.serviceWorker.ready;
    await new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 }));
  });
}
