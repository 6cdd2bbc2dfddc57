// The built app on a plain static server, without the Node emulator: the in-page emulator (the service
// worker) then answers every /mock/ request, as on a static host. One server for the whole run
// (globalSetup.ts); each test's browser context has its own worker and IndexedDB, so emulator state never
// leaks between tests running in parallel.
import { test as base } from '@playwright/test';
import { STATIC_APP_ENV } from './globalSetup.ts';

export const test = base.extend<object, { staticApp: string }>({
  staticApp: [
    async ({}, use) => {
      const url = process.env[STATIC_APP_ENV];
      if (!url) throw new Error(`${STATIC_APP_ENV} is not set: run the specs through playwright.config.ts (its globalSetup starts the server)`);
      await use(url);
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ staticApp }, use) => use(staticApp),
});

export { expect } from '@playwright/test';
