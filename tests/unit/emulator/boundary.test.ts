// The emulator runs unchanged in a service worker and in Node: it imports only the core, itself and
// uqr, and touches no Node or page globals. The service worker code imports only the emulator.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../../../src');
const filesIn = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesIn(path) : /\.ts$/.test(name) ? [path] : [];
  });

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const NODE_OR_PAGE_GLOBALS = /\b(document|window|localStorage|indexedDB|process|Buffer|require|__dirname)\s*[.(]/;

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2]!);
}

describe('src/emulator', () => {
  const files = filesIn(join(src, 'emulator'));

  it.each(files.map((f) => [relative(src, f), f]))('%s imports only the core, the emulator and uqr', (_name, file) => {
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) {
        expect(specifier).toBe('uqr');
        continue;
      }
      const target = resolve(dirname(file), specifier);
      expect([join(src, 'core'), join(src, 'emulator')].some((dir) => target.startsWith(dir + '/')), `${specifier}`).toBe(true);
    }
    const code = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(code).not.toMatch(NODE_OR_PAGE_GLOBALS);
  });
});

describe('src/sw', () => {
  it.each(['sw.ts', 'workerRoute.ts', 'idbStateStore.ts', 'registerEmulator.ts', 'emulatorClient.ts'])('%s reaches the emulator but never the app or Node', (name) => {
    for (const specifier of importsOf(join(src, 'sw', name))) {
      if (!specifier.startsWith('.')) {
        expect(specifier).toBe('idb-keyval');
        continue;
      }
      expect(resolve(join(src, 'sw'), specifier)).toMatch(new RegExp(`^${src}/(sw|emulator)/`));
    }
  });
});
