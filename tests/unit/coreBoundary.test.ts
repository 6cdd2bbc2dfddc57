import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const coreDir = resolve(import.meta.dirname, '../../src/core');
const files = (function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.ts$/.test(name) ? [path] : [];
  });
})(coreDir);

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const BROWSER_OR_NODE_GLOBALS = /\b(document|window|localStorage|sessionStorage|indexedDB|navigator|process|Buffer|require)\s*[.(]/;

describe('src/core stays framework-free', () => {
  it('has files to check', () => expect(files.length).toBeGreaterThan(10));

  it.each(files.map((f) => [relative(coreDir, f), f]))('%s imports only from src/core', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      expect(specifier.startsWith('.'), `${specifier} is not a relative import`).toBe(true);
      const target = resolve(dirname(file), specifier);
      expect(target.startsWith(coreDir + '/'), `${specifier} leaves src/core`).toBe(true);
    }
    const code = source.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(code).not.toMatch(BROWSER_OR_NODE_GLOBALS);
  });
});
