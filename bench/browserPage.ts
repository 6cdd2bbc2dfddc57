// A page in Chromium running a bundled entry: for benchmarks that must measure in a browser. The entry
// is bundled by Vite (library mode) and served on 127.0.0.1, a secure context, so crypto.subtle exists.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';

export interface BenchPage {
  page: Page;
  /** Chromium's version. */
  version: string;
  close(): Promise<void>;
}

/** `entrySource` is TypeScript; it should put what the benchmark calls on globalThis.`global`. */
export async function openBenchPage(name: string, entrySource: string, global: string): Promise<BenchPage> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-bench-`));
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, entrySource);
  await build({
    configFile: false,
    logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: false, target: 'es2022', minify: false, lib: { entry, formats: ['es'], fileName: () => `${name}.js` } },
  });
  writeFileSync(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>${name} bench</title><script type="module" src="${name}.js"></script>`);
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', 'index.html'],
    [`/${name}.js`]: ['text/javascript; charset=utf-8', `${name}.js`],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? '/'];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0] }).end(readFileSync(join(dir, file[1])));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const close = async () => {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction((key) => key in globalThis, global);
    return { page, version: browser.version(), close };
  } catch (error) {
    await close();
    throw error;
  }
}
