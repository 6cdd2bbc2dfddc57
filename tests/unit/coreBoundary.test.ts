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

/**
 * Packages src/core may import: pure, dependency-free code that runs the same in the browser, in Node
 * and in a worker, with no globals of either. Each is here for one reason:
 * - @noble/hashes (hmac, sha2, legacy): synchronous SHA-512/HMAC whose key states can be prepared once,
 *   so the doctor's search hashes a hypothesis in microseconds (WebCrypto is async: one promise per
 *   digest). Audited, zero dependencies. The doctor cross-checks what it reports with WebCrypto.
 */
const ALLOWED_PACKAGES: readonly RegExp[] = [/^@noble\/hashes\/(hmac|sha2|legacy)\.js$/];

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const GLOBALS = ['document', 'window', 'localStorage', 'sessionStorage', 'indexedDB', 'navigator', 'process', 'Buffer', 'require'];

/** Source without comments, string literals and template literals (code generators write `process.env`). */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/`(?:[^`\\]|\\.)*`/g, '``')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''")
    .replace(/\/\/.*$/gm, '');
}

/** Globals of the browser or Node used in `code`, ignoring names the file declares itself. */
function globalsUsed(code: string): string[] {
  return GLOBALS.filter((name) => {
    if (!new RegExp(`\\b${name}\\s*[.(]`).test(code)) return false;
    const declared = new RegExp(`\\b(const|let|var|function|class)\\s+${name}\\b|[(,]\\s*${name}\\s*[:,)]`);
    return !declared.test(code);
  });
}

describe('src/core stays framework-free', () => {
  it('has files to check', () => expect(files.length).toBeGreaterThan(10));

  it('allows only the listed packages, and they have no dependencies of their own', () => {
    const used = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2]!).filter((s) => !s.startsWith('.'))));
    for (const specifier of used) expect(ALLOWED_PACKAGES.some((allowed) => allowed.test(specifier)), specifier).toBe(true);
    const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../node_modules/@noble/hashes/package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(ALLOWED_PACKAGES.some((allowed) => allowed.test('@noble/hashes/utils.js'))).toBe(false);
  });

  it('notices a global even when a string mentions it too', () => {
    expect(globalsUsed(codeOnly("const s = 'process.env'; window.alert(s);"))).toEqual(['window']);
    expect(globalsUsed(codeOnly('const t = `${1} process.env.X`; const document = {}; document.x = 1;'))).toEqual([]);
  });

  it.each(files.map((f) => [relative(coreDir, f), f]))('%s imports only from src/core', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (ALLOWED_PACKAGES.some((allowed) => allowed.test(specifier))) continue;
      expect(specifier.startsWith('.'), `${specifier} is not a relative import nor an allowed package`).toBe(true);
      const target = resolve(dirname(file), specifier);
      expect(target.startsWith(coreDir + '/'), `${specifier} leaves src/core`).toBe(true);
    }
    expect(globalsUsed(codeOnly(source))).toEqual([]);
  });
});
