// `npm test`: every check the project has, in order, stopping at the first failure.
//   tools → type check → unit tests → examples → conformance → snippets → build → package → end-to-end
// Missing tools are installed (as root on Debian) or the run fails with what to install; nothing is
// skipped, in CI or out of it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { ensureChromium, ensureGo, ensurePhp, ensurePythonCryptography } from './tools.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);

const tools = { chromium: '', php: '', go: '', python: '' };
const results = [];

function header(title) {
  const line = '='.repeat(72);
  console.log(`\n${line}\n== ${title}\n${line}`);
}

/**
 * A stage is a function that throws (or returns false) on failure. `explain` prints what failed once more,
 * after the summary: a CI log is often read from its tail.
 */
function stage(title, fn, explain) {
  header(title);
  const start = performance.now();
  let ok = false;
  let error;
  try {
    ok = fn() !== false;
  } catch (e) {
    error = e;
  }
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  results.push({ title, ok, seconds });
  if (!ok) {
    if (error) console.error(`\n${error.message ?? error}`);
    summary();
    explain?.();
    process.exit(1);
  }
}

function run(command, args, env = {}) {
  console.log(`$ ${[command.startsWith(root) ? command.slice(root.length + 1) : command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  return result.status === 0;
}

/** Each failed Playwright test from its JSON report: where it is, how long it ran, the start of its error. */
function printFailedTests(reportPath) {
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch {
    return;
  }
  const failed = [];
  const visit = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        for (const result of test.results ?? []) {
          if (result.status === 'passed' || result.status === 'skipped') continue;
          failed.push({ where: `${spec.file}:${spec.line} › ${[...path, spec.title].join(' › ')}`, result });
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child, child.title && !child.title.endsWith('.ts') ? [...path, child.title] : path);
  };
  for (const suite of report.suites ?? []) visit(suite, []);
  if (failed.length === 0) return;
  console.log(`\nFailed end-to-end tests (${failed.length}):`);
  for (const { where, result } of failed) {
    console.log(`\n  ${where}  [${result.status}, ${(result.duration / 1000).toFixed(1)} s]`);
    const errors = result.errors?.length ? result.errors : result.error ? [result.error] : [];
    for (const error of errors) {
      // Colour codes make a CI log hard to read; the message's first lines name the cause.
      const text = stripVTControlCharacters(error.message ?? String(error)).split('\n').slice(0, 12);
      for (const line of text) console.log(`    ${line}`);
    }
  }
}

function summary() {
  console.log('\nSummary');
  for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.title.padEnd(24)} ${r.seconds.padStart(6)} s`);
}

stage('Tools', () => {
  tools.chromium = ensureChromium();
  console.log(`chromium: ${tools.chromium}`);
  tools.php = ensurePhp();
  console.log(`php:      ${tools.php}`);
  tools.go = ensureGo();
  console.log(`go:       ${tools.go}`);
  tools.python = ensurePythonCryptography();
  console.log(`python:   ${tools.python}`);
});
stage('Type check', () => run(bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--fail-on-warnings']));
stage('Unit tests', () => run(bin('vitest'), ['run']));
// The example collections, replayed the way a team's CI would: in-process emulator, JUnit report.
stage('Examples', () =>
  run(process.execPath, ['bin/payway.js', 'run', 'examples', '--target', 'mock', '--reporter', 'junit', '--out', 'test-results/examples.junit.xml']),
);
stage('Conformance', () =>
  run(bin('vitest'), ['run', '--config', 'vitest.conformance.config.ts'], { PHP_PATH: tools.php, PYTHON_PATH: tools.python }),
);
stage('Snippets', () =>
  run(bin('vitest'), ['run', '--config', 'vitest.snippets.config.ts'], { PHP_PATH: tools.php, GO_PATH: tools.go, PYTHON_PATH: tools.python }),
);
stage('Build', () => run(bin('vite'), ['build']));
// The packed tarball installed outside the repository, every command and the README's examples run there.
stage('Package', () => run(bin('vitest'), ['run', '--config', 'vitest.package.config.ts']));
stage('End-to-end', () => run(bin('playwright'), ['test'], { CHROMIUM_PATH: tools.chromium }), () =>
  printFailedTests(join(root, 'test-results', 'e2e-report.json')),
);

summary();
