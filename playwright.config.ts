import { defineConfig, devices } from '@playwright/test';

// Playwright cannot download browsers here: it drives Debian's Chromium (scripts/tools.js finds it).
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// PW_PORT lets several checkouts run their end-to-end suites side by side.
const port = Number(process.env.PW_PORT) || 4173;
// PW_SERVER_CMD overrides the server command, e.g. `npx vite preview --port 4173 --strictPort`.
const command = process.env.PW_SERVER_CMD || `node bin/payway.js start --port ${port}`;
// Two workers fit a 2-core machine (each drives a Chromium); PW_WORKERS overrides it on a bigger one.
const workers = Number(process.env.PW_WORKERS) || 2;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  // One `payway start` (webServer) and one static server (globalSetup) serve every spec.
  globalSetup: './tests/e2e/support/globalSetup.ts',
  // Tests, not files, are spread over the workers: one long spec no longer keeps a worker busy alone.
  fullyParallel: true,
  workers,
  retries: 0,
  // These machines are shared and noisy: a test that waits on a service worker's first start or a new tab
  // can take several times its usual few seconds. Generous limits keep a slow run from reading as broken.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  // The JSON report lets `npm test` end a failed run with each failure's error, where a CI log's tail shows it.
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: {
    // 127.0.0.1 is a secure context, so the page has crypto.subtle.
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    // Recording a trace costs about a sixth of the suite's time, passing or not; a failure still leaves its
    // screenshot and the page's structure (error-context.md). PW_TRACE=1 records traces of failures.
    trace: process.env.PW_TRACE ? 'retain-on-failure' : 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
