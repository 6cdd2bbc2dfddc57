// The built app on a plain static server, without the Node emulator: the in-page emulator (the service
// worker) then answers every /mock/ request, as on a static host. Each test's browser context has its
// own worker and IndexedDB, so emulator state never leaks between tests running in parallel.
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { startStaticServer } from '../../../src/node/staticServer.ts';

export const test = base.extend<object, { staticApp: string }>({
  staticApp: [
    async ({}, use) => {
      // dist/ is built by the webServer (`payway start`) before any test runs.
      const server = await startStaticServer({ root: join(process.cwd(), 'dist'), port: 0 });
      await use(server.url);
      await server.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ staticApp }, use) => use(staticApp),
});

export { expect } from '@playwright/test';
