// Runs once before every spec: one plain static server for the whole run, serving the built app without
// the Node emulator (the in-page emulator then answers /mock/, as on a static host). Specs reach it through
// the `staticApp` fixture; each test still gets its own browser context, so no state leaks between them.
import { join } from 'node:path';
import { startStaticServer } from '../../../src/node/staticServer.ts';

export const STATIC_APP_ENV = 'PW_STATIC_APP_URL';

export default async function globalSetup(): Promise<() => Promise<void>> {
  // dist/ is built before any test runs: by `npm test`'s Build stage or by the webServer (`payway start`).
  const server = await startStaticServer({ root: join(process.cwd(), 'dist'), port: 0 });
  process.env[STATIC_APP_ENV] = server.url;
  return () => server.close();
}
