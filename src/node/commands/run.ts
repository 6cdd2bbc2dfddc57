// `payway run`: replays a collection (a folder of step files a team keeps in git) against the in-process
// emulator, a local server or PayWay, with a progress line per step and a report CI reads. The work is
// core's runCollection(); this file reads files, resolves keys from the environment, and prints.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { HOSTS } from '../../core/catalog/index.ts';
import { collectionFiles } from '../../core/collections/collectionFiles.ts';
import { importPostman } from '../../core/collections/importPostman.ts';
import { failureText, junitReport } from '../../core/collections/junitReport.ts';
import { describeProblem, isCollectionJson, restoreCollection, type CollectionFile } from '../../core/collections/restore.ts';
import { runCollection, type FetchLike, type RunResult, type RunTarget, type StepResult } from '../../core/collections/runCollection.ts';
import { COLLECTION_FILE, ENVIRONMENTS_FOLDER, SECRET_NAMES, type Collection, type CollectionEnvironment, type SecretName } from '../../core/collections/schema.ts';
import { parseSecretFile } from '../../core/collections/secretFile.ts';
import { starterCollection } from '../../core/collections/starterCollection.ts';
import { serializeForExport } from '../../core/presets/serializeForExport.ts';
import type { Credentials } from '../../core/signing/buildRequest.ts';
import { createEmulator } from '../../emulator/index.ts';
import type { Command } from '../cli.ts';
import { nodeHmac } from '../nodeHmac.ts';
import { parsePairs, UsageError, type Io } from '../usage.ts';

const usage = [
  'payway run <folder | file> [--target mock|sandbox|production|<url>] [--env <name>] [--var name=value]...',
  '                 [--reporter pretty|junit|json] [--out <file>] [--bail] [--filter <text>]',
  '       payway run --init [<folder>]',
  '       payway run --import-postman <collection.json> <folder>',
].join('\n');

const REPORTERS = ['pretty', 'junit', 'json'] as const;
type Reporter = (typeof REPORTERS)[number];

/** Where the in-process emulator pretends to be: never on the network, so nothing can reach it by mistake. */
const MOCK_ORIGIN = 'http://payway-emulator.localhost';

const CREDENTIAL_OF: Record<SecretName, keyof Credentials> = { 'api-key': 'apiKey', 'rsa-public-key': 'rsaPublicKeyPem', 'partner-key': 'partnerKey' };

/** Every .json file under `root` (hidden folders, node_modules and *.secret are never read). */
async function readFolder(root: string): Promise<CollectionFile[]> {
  const files: CollectionFile[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(path);
      } else if (entry.isFile() && isCollectionJson(rel)) files.push({ path: rel, text: await readFile(path, 'utf8') });
    }
  }
  await walk(root);
  return files;
}

/** The folder holding payway-collection.json at or above `dir`, if any. */
function collectionRootOf(dir: string): string | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (existsSync(join(at, COLLECTION_FILE))) return at;
    if (dirname(at) === at) return undefined;
  }
}

interface Loaded {
  root: string;
  collection: Collection;
  files: CollectionFile[];
  /** Run only this file (a file was named). */
  file?: string;
}

async function load(argument: string, io: Io): Promise<Loaded> {
  const path = resolve(argument);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`"${argument}" does not exist`, usage);
  }
  let root = path;
  let files: CollectionFile[];
  let file: string | undefined;
  if (info.isDirectory()) files = await readFolder(root);
  else {
    const holder = collectionRootOf(dirname(path));
    if (holder) {
      root = holder;
      files = await readFolder(root);
      file = relative(root, path).split(sep).join('/');
    } else {
      root = dirname(path);
      file = basename(path);
      files = [{ path: file, text: await readFile(path, 'utf8') }];
    }
  }
  const restored = restoreCollection(files, { name: basename(root) });
  if (restored.error) throw new UsageError(`${argument}: ${restored.error.message}`, usage);
  for (const p of restored.problems.filter((p) => p.severity === 'fixed')) io.err(`note: ${describeProblem(p)}`);
  const invalid = restored.problems.filter((p) => p.severity === 'invalid');
  if (invalid.length) throw new LoadError(invalid.map(describeProblem));
  if (file && !restored.value.flows.some((f) => f.steps.some((s) => s.file === file))) throw new UsageError(`${argument} is not a step of the collection at ${root}`, usage);
  return { root, collection: restored.value, files, ...(file ? { file } : {}) };
}

/** The collection cannot be run as it is: every reason is printed, nothing is sent. */
class LoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`the collection was not run:\n  ${problems.join('\n  ')}`);
  }
}

function chooseEnvironment(collection: Collection, name: string | undefined, target: string | undefined): CollectionEnvironment | undefined {
  if (name !== undefined) {
    const found = collection.environments.find((e) => e.name === name);
    if (!found) throw new UsageError(`no environment "${name}" (${collection.environments.map((e) => e.name).join(', ') || `the collection has no ${ENVIRONMENTS_FOLDER}/ folder`})`, usage);
    return found;
  }
  const wanted = target ?? 'mock';
  return collection.environments.find((e) => e.name === wanted) ?? collection.environments.find((e) => (e.target ?? 'mock') === wanted) ?? (target === undefined ? collection.environments[0] : undefined);
}

/** Keys named by the environment: the process environment first, then environments/<name>.secret. */
async function resolveSecrets(root: string, env: CollectionEnvironment | undefined, io: Io): Promise<Credentials> {
  const credentials: Credentials = {};
  if (!env) return credentials;
  const names = SECRET_NAMES.filter((n) => env.secretsFrom[n]);
  if (!names.length) return credentials;
  const secretPath = join(root, ENVIRONMENTS_FOLDER, `${env.name}.secret`);
  let fromFile: Record<string, string> = {};
  if (existsSync(secretPath)) {
    const parsed = parseSecretFile(await readFile(secretPath, 'utf8'));
    for (const problem of parsed.problems) io.err(`note: ${ENVIRONMENTS_FOLDER}/${env.name}.secret: ${problem}`);
    fromFile = parsed.values;
  }
  for (const name of names) {
    const variable = env.secretsFrom[name]!;
    const value = process.env[variable] ?? fromFile[variable];
    if (value) credentials[CREDENTIAL_OF[name]] = value;
    else io.err(`note: ${variable} (${name}) is not set, neither in the process environment nor in ${ENVIRONMENTS_FOLDER}/${env.name}.secret`);
  }
  return credentials;
}

interface ResolvedTarget extends RunTarget {
  fetch: FetchLike;
  close: () => Promise<void>;
}

async function resolveTarget(name: string): Promise<ResolvedTarget> {
  if (name === 'mock') {
    const emulator = createEmulator({ hmac: nodeHmac, runtime: 'payway-run', origin: MOCK_ORIGIN });
    const fetch: FetchLike = (input, init) => emulator.fetch(new Request(input, init));
    return { name, baseUrl: MOCK_ORIGIN, emulator: true, fetch, close: () => emulator.idle() };
  }
  const fetch: FetchLike = (input, init) => globalThis.fetch(input, init);
  if (name === 'sandbox' || name === 'production') return { name, baseUrl: HOSTS[name], emulator: false, fetch, close: async () => {} };
  let url: URL;
  try {
    url = new URL(name);
  } catch {
    throw new UsageError(`--target "${name}" is not mock, sandbox, production or an http(s) URL`, usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--target "${name}" is not an http(s) URL`, usage);
  const baseUrl = url.href.replace(/\/+$/, '');
  // The emulator answers its own API there (payway mock at the root, payway start under /mock).
  let emulator = false;
  try {
    const info = (await (await fetch(`${baseUrl}/_emulator/info`, { signal: AbortSignal.timeout(5000) })).json()) as { emulator?: string };
    emulator = info.emulator === 'payway-playground';
  } catch {
    emulator = false;
  }
  return { name: baseUrl, baseUrl, emulator, fetch, close: async () => {} };
}

const MARK: Record<StepResult['status'], string> = { passed: 'ok  ', failed: 'FAIL', error: 'ERR ', skipped: 'skip' };

/** The progress line of a finished step, and under a failure what went wrong. */
export function stepLines(step: StepResult): string[] {
  const code = step.response?.code !== undefined ? ` · code ${step.response.code}` : '';
  const http = step.response && step.response.status ? ` · HTTP ${step.response.status}` : '';
  const lines = [`  ${MARK[step.status]} ${step.name} (${step.what})${http}${code} · ${Math.round(step.durationMs)} ms`];
  if (step.status === 'error' || step.status === 'skipped') lines.push(`       ${step.message ?? ''}`);
  if (step.status === 'failed') {
    for (const line of failureText(step).split('\n')) lines.push(`       ${line}`);
    if (!step.diagnosis && step.response?.code !== undefined && /hash/i.test(step.response.message ?? '')) lines.push('       (no diagnosis from the target: `payway doctor` can find which mistake gives this hash)');
  }
  return lines;
}

function summaryLine(run: RunResult): string {
  const c = run.counts;
  const parts = [`${c.passed} passed`, c.failed ? `${c.failed} failed` : '', c.errors ? `${c.errors} errors` : '', c.skipped ? `${c.skipped} skipped` : ''].filter(Boolean);
  return `${run.ok ? 'PASS' : 'FAIL'}  ${c.steps} steps in ${run.flows.length} flow${run.flows.length === 1 ? '' : 's'}: ${parts.join(', ')}; ${c.expectations - c.expectationsFailed}/${c.expectations} expectations held${run.bailed ? ' (stopped at the first failure: --bail)' : ''} · ${Math.round(run.durationMs)} ms`;
}

/** The run as JSON: what was sent and received, the string-to-sign and hash, never a key. */
function jsonReport(run: RunResult, credentials: Credentials): string {
  const slim = {
    ...run,
    flows: run.flows.map((f) => ({
      ...f,
      steps: f.steps.map(({ trace, ...s }) => ({ ...s, ...(trace ? { trace: { variant: trace.variant, stringToSign: trace.stringToSign, hash: trace.signature.hash, wire: Object.fromEntries(trace.wire), problems: trace.problems } } : {}) })),
    })),
  };
  return JSON.stringify(serializeForExport(slim, { path: 'history', knownSecrets: [credentials] }).value, null, 2) + '\n';
}

async function writeNew(root: string, files: readonly CollectionFile[], io: Io): Promise<void> {
  const clashes = files.filter((f) => existsSync(join(root, f.path)));
  if (clashes.length) throw new UsageError(`${root} already has ${clashes.map((f) => f.path).join(', ')}; nothing was written (choose another folder)`, usage);
  for (const f of files) {
    await mkdir(dirname(join(root, f.path)), { recursive: true });
    await writeFile(join(root, f.path), f.text);
    io.out(`  wrote ${relative(process.cwd(), join(root, f.path)) || f.path}`);
  }
}

/** The project's own name, from the manifest of whatever language it is written in. */
async function projectName(dir: string): Promise<string> {
  const read = (name: string) => readFile(join(dir, name), 'utf8').catch(() => '');
  const pkg = await read('package.json');
  const fromPackage = /"name"\s*:\s*"([^"]+)"/.exec(pkg)?.[1];
  const fromComposer = /"name"\s*:\s*"([^"]+)"/.exec(await read('composer.json'))?.[1];
  const fromGo = /^module\s+(\S+)/m.exec(await read('go.mod'))?.[1];
  const fromPy = /^name\s*=\s*"([^"]+)"/m.exec(await read('pyproject.toml'))?.[1];
  return fromPackage ?? fromComposer ?? fromGo ?? fromPy ?? basename(dir);
}

const GITIGNORE = { path: '.gitignore', text: '# Keys stay on this machine: environments/<name>.secret holds NAME=value lines.\n*.secret\n' };

export const runCommand: Command = {
  summary: 'Replay a collection of requests (a folder in git) against the emulator or PayWay; JUnit for CI.',
  usage,
  examples: [
    'payway run examples --target mock                          # every flow against an in-process emulator',
    'payway run payway --target mock --reporter junit --out junit.xml   # in CI',
    'payway run payway --target sandbox --env sandbox --filter refund   # one flow against the sandbox',
    'payway run --init                                          # a starter collection in ./payway',
  ],
  options: {
    target: { type: 'string' },
    env: { type: 'string' },
    var: { type: 'string', multiple: true },
    reporter: { type: 'string' },
    out: { type: 'string' },
    bail: { type: 'boolean' },
    filter: { type: 'string' },
    init: { type: 'boolean' },
    'import-postman': { type: 'string' },
  },
  async run({ positionals, values }, io) {
    if (values.init) {
      if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`, usage);
      const root = resolve(positionals[0] ?? 'payway');
      const name = await projectName(process.cwd());
      const { files } = collectionFiles(starterCollection(name));
      io.out(`A starter collection for ${name} in ${relative(process.cwd(), root) || '.'}:`);
      await writeNew(root, [...files, GITIGNORE], io);
      io.out(`Run it: payway run ${relative(process.cwd(), root) || '.'} --target mock`);
      return 0;
    }
    if (values['import-postman'] !== undefined) {
      const [folder, ...extra] = positionals;
      if (!folder) throw new UsageError('missing <folder> to write the collection to', usage);
      if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`, usage);
      const source = values['import-postman'] as string;
      const text = await readFile(source, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`--import-postman: cannot read "${source}" (${error.code ?? error})`, usage);
      });
      const imported = importPostman(text);
      if ('error' in imported) throw new UsageError(`--import-postman: ${imported.error}`, usage);
      const written = collectionFiles(imported.collection);
      const root = resolve(folder);
      io.out(`${imported.collection.flows.reduce((n, f) => n + f.steps.length, 0)} requests from ${basename(source)} into ${relative(process.cwd(), root) || '.'}:`);
      await writeNew(root, [...written.files, GITIGNORE], io);
      for (const note of [...imported.notes, ...written.redacted.map((r) => `removed a key: ${r}`)]) io.out(`  note: ${note}`);
      return 0;
    }

    const [argument, ...extra] = positionals;
    if (!argument) throw new UsageError('missing <folder | file>: the collection to run', usage);
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`, usage);
    const reporter = (values.reporter as string | undefined) ?? 'pretty';
    if (!(REPORTERS as readonly string[]).includes(reporter)) throw new UsageError(`--reporter "${reporter}" is not ${REPORTERS.join(', ')}`, usage);
    const overrides = parsePairs('var', values.var as string[] | undefined, usage);

    let loaded: Loaded;
    try {
      loaded = await load(argument, io);
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      io.err(`payway run: ${error.message}`);
      return 2;
    }
    const { collection } = loaded;
    const targetArgument = values.target as string | undefined;
    const environment = chooseEnvironment(collection, values.env as string | undefined, targetArgument);
    const targetName = targetArgument ?? environment?.target ?? 'mock';
    const credentials = await resolveSecrets(loaded.root, environment, io);
    // Now that the keys are known, a file holding a copy of one is refused too.
    const scan = restoreCollection(loaded.files, { knownSecrets: [credentials] });
    const copies = scan.refused.filter((r) => r.reason === 'holds-a-key');
    if (copies.length) {
      io.err(`payway run: the collection was not run:\n  ${copies.map((r) => `${r.file}: ${r.problems.join('; ')}`).join('\n  ')}`);
      return 2;
    }
    const target = await resolveTarget(targetName);

    // The report on standard output leaves the progress lines to standard error.
    const reportToStdout = reporter !== 'pretty' && values.out === undefined;
    const progress = reportToStdout ? io.err : io.out;
    progress(`${collection.name} → ${target.name}${target.emulator ? ' (emulator)' : ''}${environment ? `, environment ${environment.name}` : ''}`);
    if (target.name === 'production') progress('Production: these requests reach real PayWay with your merchant (refunds and payouts move real money).');
    let lastFlow: string | undefined;
    let run: RunResult;
    try {
      run = await runCollection(collection, {
        fetch: target.fetch,
        target,
        ...(environment ? { environment } : {}),
        credentials,
        overrides,
        ...(values.filter !== undefined ? { filter: values.filter as string } : {}),
        ...(loaded.file ? { only: { flow: loaded.file.split('/').slice(0, -1).join('/'), file: loaded.file } } : {}),
        bail: values.bail === true,
        onEvent: (event) => {
          if (event.type !== 'end') return;
          if (event.result.flow !== lastFlow) {
            lastFlow = event.result.flow;
            progress(event.result.flow || '(top level)');
          }
          for (const line of stepLines(event.result)) progress(line);
        },
      });
    } finally {
      await target.close();
    }
    progress(summaryLine(run));
    if (!run.counts.steps) progress(`No step matched${values.filter !== undefined ? ` --filter "${values.filter as string}"` : ''}.`);

    if (reporter !== 'pretty') {
      const report = reporter === 'junit' ? junitReport(run) : jsonReport(run, credentials);
      if (values.out !== undefined) {
        await mkdir(dirname(resolve(values.out as string)), { recursive: true });
        await writeFile(values.out as string, report);
        progress(`${reporter === 'junit' ? 'JUnit XML' : 'JSON'} report: ${values.out as string}`);
      } else io.out(report.replace(/\n$/, ''));
    }
    return run.ok && run.counts.steps > 0 ? 0 : 1;
  },
};

export type { Reporter };
