// Generates every endpoint's Node, PHP, Python and Go snippet, runs each one twice: against a capture
// server that checks the hash with node:crypto and decrypts the RSA field with the demo private key,
// and against the emulator (`payway mock`), which must answer with the endpoint's success code.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, emulatorVariant } from '../../src/core/catalog/index.ts';
import type { EndpointSpec } from '../../src/core/catalog/types.ts';
import { DEMO_MERCHANT, DEMO_PARTNER } from '../../src/core/demoMerchant.ts';
import { generateSnippet, snippetPlan, type SnippetLanguage, type SnippetPlan } from '../../src/core/interop/snippets/index.ts';
import { exampleInputs } from '../../src/core/signing/buildRequest.ts';
import { decryptChunked, parsePrivateKeyPem } from '../../src/core/signing/rsa.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TOOLS = { php: process.env.PHP_PATH || 'php', python: process.env.PYTHON_PATH || 'python3', go: process.env.GO_PATH || 'go', node: process.execPath };
const LANGUAGES: readonly Exclude<SnippetLanguage, 'curl'>[] = ['node', 'php', 'python', 'go'];
const work = mkdtempSync(join(tmpdir(), 'payway-snippets-'));
const privateKey = parsePrivateKeyPem(DEMO_MERCHANT.rsaPrivateKeyPem);

interface Prepared {
  endpoint: EndpointSpec;
  plan: SnippetPlan;
  /** The command that runs the snippet, per language. */
  commands: Partial<Record<(typeof LANGUAGES)[number], string[]>>;
}
const prepared = new Map<string, Prepared>();
const buildErrors: string[] = [];

// ---- capture server: what the snippet sent ---------------------------------------------------------

interface Captured {
  path: string;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  fields: Record<string, string>;
}
// Snippets run several at a time: each run's base URL carries its own prefix (/run-<n>), by which the
// capture server files what it received.
const capturedByRun = new Map<string, Captured>();
let capture: Server;
let captureUrl = '';
let runs = 0;

function parseFields(contentType: string, body: string): Record<string, string> {
  if (contentType.startsWith('application/json')) return JSON.parse(body) as Record<string, string>;
  if (contentType.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no multipart boundary in ${contentType}`);
  const fields: Record<string, string> = {};
  for (const part of body.split(`--${boundary}`)) {
    const match = /^\r\nContent-Disposition: form-data; name="([^"]+)"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*)\r\n$/.exec(part);
    if (match) fields[match[1]!] = match[2]!;
  }
  return fields;
}

// ---- emulator (payway mock) --------------------------------------------------------------------------

/** How many snippets run at once (each is its own process): vitest's maxConcurrency in the config. */
const CONCURRENCY = 3;

interface Mock {
  process: ChildProcess;
  url: string;
  output: string;
}
const mocks: Mock[] = [];
/** Emulators not running a snippet now; a run takes one, resets it and gives it back. */
const idleMocks: Mock[] = [];
const waitingForMock: ((mock: Mock) => void)[] = [];

async function startMock(): Promise<Mock> {
  const port = await new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
  const child = spawn(process.execPath, [join(ROOT, 'bin/payway.js'), 'mock', '--port', String(port), '--quiet'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const mock: Mock = { process: child, url: `http://127.0.0.1:${port}`, output: '' };
  child.stdout!.on('data', (d) => (mock.output += d));
  child.stderr!.on('data', (d) => (mock.output += d));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`payway mock exited (${child.exitCode}):\n${mock.output}`);
    try {
      const answer = await fetch(`${mock.url}/_emulator/info`);
      if (answer.ok) return mock;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`payway mock did not answer on ${mock.url}:\n${mock.output}`);
}

async function withMock<T>(use: (mock: Mock) => Promise<T>): Promise<T> {
  const mock = idleMocks.pop() ?? (await new Promise<Mock>((done) => waitingForMock.push(done)));
  try {
    return await use(mock);
  } finally {
    const next = waitingForMock.shift();
    if (next) next(mock);
    else idleMocks.push(mock);
  }
}

// ---- running a snippet ----------------------------------------------------------------------------

/** Runs asynchronously: the capture server lives in this process and must keep answering. */
async function run(command: string[], endpoint: EndpointSpec, baseUrl: string): Promise<{ status: number; body: string; stderr: string }> {
  const partner = endpoint.variants[0]!.hash.key === 'partner-key';
  const child = spawn(command[0]!, command.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
    env: {
      ...process.env,
      PAYWAY_API_KEY: DEMO_MERCHANT.apiKey,
      PAYWAY_PARTNER_KEY: partner ? DEMO_PARTNER.partnerKey : '',
      PAYWAY_RSA_PUBLIC_KEY: DEMO_MERCHANT.rsaPublicKeyPem,
      PAYWAY_BASE_URL: baseUrl,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await new Promise<void>((done, fail) => {
    child.on('error', (error) => fail(new Error(`cannot run ${command[0]}: ${error.message}`)));
    child.on('close', () => done());
  });
  const [first = '', ...rest] = stdout.split('\n');
  const status = Number(/^HTTP (\d+)/.exec(first)?.[1] ?? (/ (\d{3}) /.exec(first)?.[1] ?? NaN));
  return { status, body: rest.join('\n').trim(), stderr };
}

/** The answer's code, read where the catalog's response shape puts it (status.code, payment_status.code). */
function codeOf(endpoint: EndpointSpec, answer: unknown): unknown {
  if (endpoint.response.envelope === 'flat-status') return (answer as { status?: unknown }).status;
  const path = ['status.code', 'payment_status.code'].find((p) => endpoint.response.fields.includes(p)) ?? 'status.code';
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), answer);
}

beforeAll(async () => {
  capture = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const contentType = request.headers['content-type'] ?? '';
      const [, run = '', path = ''] = /^\/(run-\d+)(\/.*)?$/.exec(request.url ?? '') ?? [];
      capturedByRun.set(run, { path, contentType, headers: request.headers, fields: parseFields(contentType, body) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":{"code":"00","message":"captured"}}');
    });
  });
  await new Promise<void>((done) => capture.listen(0, '127.0.0.1', done));
  captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;

  for (const endpoint of catalog) {
    const variant = emulatorVariant(endpoint).id;
    const draft = { endpoint: endpoint.id, variant, inputs: exampleInputs(endpoint, variant) };
    const entry: Prepared = { endpoint, plan: await snippetPlan(draft), commands: {} };
    for (const language of LANGUAGES) {
      const snippet = await generateSnippet(language, draft);
      const dir = join(work, language, endpoint.id);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, snippet.filename);
      writeFileSync(file, snippet.code);
      entry.commands[language] = { node: [TOOLS.node, file], php: [TOOLS.php, file], python: [TOOLS.python, file], go: [join(dir, 'payway')] }[language];
    }
    prepared.set(endpoint.id, entry);
  }
  // Go snippets are compiled once each, a few at a time, then run like the others.
  const goDirs = catalog.map((e) => join(work, 'go', e.id));
  const env = { ...process.env, GOCACHE: process.env.GOCACHE || join(work, '.gocache'), GOPATH: process.env.GOPATH || join(work, '.gopath'), GO111MODULE: 'off', GOFLAGS: '' };
  for (let i = 0; i < goDirs.length; i += 4) {
    await Promise.all(
      goDirs.slice(i, i + 4).map(
        (dir) =>
          new Promise<void>((done) => {
            const child = spawn(TOOLS.go, ['build', '-o', 'payway', 'payway.go'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
            let stderr = '';
            child.stderr.on('data', (d) => (stderr += d));
            child.on('error', (error) => {
              buildErrors.push(`${dir}: ${error.message}`);
              done();
            });
            child.on('close', (code) => {
              if (code !== 0) buildErrors.push(`${dir}: ${stderr}`);
              done();
            });
          }),
      ),
    );
  }
  mocks.push(...(await Promise.all(Array.from({ length: CONCURRENCY }, startMock))));
  idleMocks.push(...mocks);
});

afterAll(async () => {
  for (const mock of mocks) mock.process.kill();
  await new Promise<void>((done) => capture?.close(() => done()));
  rmSync(work, { recursive: true, force: true });
});

const cases = catalog.flatMap((endpoint) => LANGUAGES.map((language) => [endpoint.id, language] as const));

describe('snippets', () => {
  it('Go snippets compile', () => {
    expect(buildErrors).toEqual([]);
  });

  it.concurrent.for(cases)('%s in %s sends the values it planned, hashed as node:crypto does', async ([id, language], { expect }) => {
    const { endpoint, plan, commands } = prepared.get(id)!;
    const runId = `run-${++runs}`;
    const result = await run(commands[language]!, endpoint, `${captureUrl}/${runId}`);
    const got = capturedByRun.get(runId);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(200);
    expect(got?.path).toBe(endpoint.path);
    const fields = got!.fields;
    // Every JSON value is a string: PayWay would hash a JSON number as PHP prints it (1.0 → "1"), not as sent.
    for (const [name, value] of Object.entries(fields)) expect(typeof value, `${name} is sent as a JSON string`).toBe('string');
    expect(Object.keys(fields)).toEqual([...plan.fields.map((f) => f.name), 'hash']);
    for (const field of plan.fields) {
      const value = fields[field.name]!;
      if (field.source === 'text') expect(value, field.name).toBe(field.text);
      if (field.source === 'base64') expect(Buffer.from(value, 'base64').toString('utf8'), field.name).toBe(field.text);
      if (field.source === 'now') expect(value, field.name).toMatch(/^20\d{12}$/);
      if (field.source === 'rsa') expect(decryptChunked(privateKey, value), field.name).toBe(field.text);
    }
    for (const header of plan.headers) expect(got!.headers[header.name.toLowerCase()]).toBe(header.value);
    const stringToSign = plan.parts.map((p) => ('field' in p ? fields[p.field]! : p.literal)).join('');
    const key = plan.keyEnv === 'PAYWAY_PARTNER_KEY' ? DEMO_PARTNER.partnerKey : DEMO_MERCHANT.apiKey;
    const digest = createHmac(plan.algorithm === 'HMAC-SHA256' ? 'sha256' : 'sha512', key).update(stringToSign, 'utf8').digest();
    expect(fields.hash).toBe(plan.output === 'hex' ? digest.toString('hex') : digest.toString('base64'));
  });

  it.concurrent.for(cases)('%s in %s gets a success answer from the emulator', async ([id, language], { expect }) => {
    const { endpoint, commands } = prepared.get(id)!;
    // Each run has an emulator to itself, reset to the seeded state, so a refund or a void succeeds every time.
    const result = await withMock(async (mock) => {
      expect((await fetch(`${mock.url}/_emulator/reset`, { method: 'POST' })).ok).toBe(true);
      return run(commands[language]!, endpoint, mock.url);
    });
    expect(result.stderr).toBe('');
    if (endpoint.response.kind === 'html') {
      expect(result.status, result.body.slice(0, 300)).toBe(200);
      expect(result.body.trimStart().startsWith('<'), result.body.slice(0, 300)).toBe(true);
    } else {
      expect(String(codeOf(endpoint, JSON.parse(result.body))), result.body.slice(0, 300)).toBe(endpoint.outcomes.success.code);
    }
  });
});
