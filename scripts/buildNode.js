// Builds what the package runs in Node: the `payway` CLI and the library entries, bundled by Vite's SSR
// build (Rolldown) into lib/, with every package dependency left external (they are installed beside
// it). With `--declarations` it also writes the entries' type declarations (tsc), for `npm pack`.
//
// A checkout never runs a stale bundle: bin/payway.js calls ensureFreshNodeBundle(), which rebuilds when
// a source the bundle is made from changed after lib/.stamp (the last thing a build writes). Concurrent
// callers (parallel test files spawning the CLI) take a lock, so one builds and the others wait.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const LIB = join(root, 'lib');
const STAMP = join(LIB, '.stamp');
const LOCK = join(root, '.lib.lock');

/** The bundle's entries: the CLI and the package's public entry points. */
const ENTRIES = { cli: 'src/node/cli.ts', emulator: 'src/package/emulator.ts', core: 'src/package/core.ts' };
/** What the bundle is made from: a change to any of these makes lib/ stale. */
const SOURCES = ['src/core', 'src/emulator', 'src/node', 'src/package', 'package.json', 'scripts/buildNode.js'];

function newestMtime(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted file changes its directory's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function nodeBundleIsStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > built);
}

/** Runtime dependencies stay imports: the package installs them beside the bundle. */
function isExternal(id) {
  return id.startsWith('node:') || !(id.startsWith('.') || id.startsWith('/') || id.startsWith('\0'));
}

export async function buildNodeBundle({ declarations = false } = {}) {
  const { build } = await import('vite');
  rmSync(STAMP, { force: true });
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: LIB,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      rolldownOptions: {
        input: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(root, file)])),
        external: isExternal,
        output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
  if (declarations) writeDeclarations();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

/**
 * Type declarations of the public entries: tsc emits one .d.ts per source file into lib/types/, the
 * relative imports are rewritten from `.ts` to `.js` (as every TypeScript version resolves them), and
 * lib/<entry>.d.ts re-exports the entry's declarations.
 */
function writeDeclarations() {
  const types = join(LIB, 'types');
  const config = join(root, 'tsconfig.declarations.json');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', config, '--outDir', types], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('tsc could not write the type declarations');
  const rewrite = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) rewrite(path);
      else if (entry.name.endsWith('.d.ts')) {
        const text = readFileSync(path, 'utf8').replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]*?)\.ts\2/g, '$1$2$3.js$2');
        writeFileSync(path, text);
      }
    }
  };
  rewrite(types);
  for (const [name, file] of Object.entries(ENTRIES)) {
    if (name === 'cli') continue;
    const target = './' + relative(LIB, join(types, file.replace(/^src\//, '').replace(/\.ts$/, '.js'))).split('\\').join('/');
    writeFileSync(join(LIB, `${name}.d.ts`), `export * from '${target}';\n`);
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Rebuilds lib/ when it is stale; one process builds while the others wait for it. */
export async function ensureFreshNodeBundle() {
  if (!nodeBundleIsStale()) return;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock left by a killed build is taken over after a minute.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 60_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {}
      if (Date.now() > deadline) throw new Error(`waited 2 minutes for another build of lib/ (remove ${LOCK} if none runs)`);
      sleep(100);
    }
  }
  try {
    if (nodeBundleIsStale()) {
      process.stderr.write('payway: building lib/ (the CLI bundle) from src/…\n');
      await buildNodeBundle();
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** The app's sources changed after dist/index.html (what `payway start` checks in a checkout, too). */
function appBuildIsStale() {
  const built = join(root, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newestMtime(join(root, p)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--if-stale')) {
    // What bin/payway.js does in a checkout, as a command: a bundle that is up to date is kept.
    await ensureFreshNodeBundle();
  } else if (args.includes('--package')) {
    // `prepack`: everything the tarball ships, the web app (when its build is stale) included.
    if (appBuildIsStale()) {
      const { build } = await import('vite');
      await build({ root, logLevel: 'warn' });
    }
    await buildNodeBundle({ declarations: true });
  } else {
    await buildNodeBundle({ declarations: args.includes('--declarations') });
  }
}
