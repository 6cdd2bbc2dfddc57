// The package as an integrator gets it: `npm pack` once, the tarball installed into an empty folder
// outside the repository (nothing else from here), and there every `payway` command, the built app
// served by `payway start`, and the README's library examples (copied from the README's text, so the
// README cannot drift) run against the installed files. Hashes are checked with node:crypto.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const KEY = 'demo-api-key-not-real';
const CHECK = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: '17394277693' };
const wireArgs = Object.entries(CHECK).flatMap(([name, value]) => ['--wire', `${name}=${value}`]);
const hmac = (text: string) => createHmac('sha512', KEY).update(text, 'utf8').digest('base64');
const repoVersion = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

let work: string;
let project: string;
let tarball: string;
let installed: string;
const children = new Set<ChildProcess>();

function run(command: string, args: string[], cwd: string, input?: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000 });
  if (result.error) throw result.error;
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** `payway …` as the installed bin (what `npx payway` runs). */
const payway = (...args: string[]) => run(process.execPath, [join(project, 'node_modules', '.bin', 'payway'), ...args], project);

/** A server command in the background; resolves with the URL it prints. */
function startServer(...args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(project, 'node_modules', '.bin', 'payway'), ...args], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  return new Promise((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) done({ child, url });
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`payway ${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

/** fetch() sets Host itself: a raw request names another one. */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end();
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done(child.exitCode);
    child.once('exit', (code) => done(code));
    child.kill('SIGTERM');
  });
}

/** The README's code blocks marked `<!-- package-example: file -->`, by file name. */
function readmeExamples(): Map<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const examples = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- package-example: (\S+) -->\s*```\w*\n([\s\S]*?)```/g)) examples.set(match[1]!, match[2]!);
  return examples;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'payway-package-'));
  expect(relative(ROOT, work).startsWith('..')).toBe(true);
  // One pack (prepack builds lib/ and, when stale, the app), one install, both from npm's cache when it can.
  const packed = run('npm', ['pack', '--json', '--pack-destination', work], ROOT);
  expect(packed.code, packed.err).toBe(0);
  tarball = join(work, (JSON.parse(packed.out) as { filename: string }[])[0]!.filename);
  project = join(work, 'project');
  run('mkdir', [project], work);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-backend', private: true, type: 'module' }, null, 2));
  const install = run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball, `vitest@${repoVersion('vitest')}`, 'msw@2', `@types/node@${repoVersion('@types/node')}`],
    project,
  );
  expect(install.code, install.err).toBe(0);
  installed = join(project, 'node_modules', 'payway-playground');
}, 300_000);

afterAll(async () => {
  await Promise.all([...children].map(stop));
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds the bundled CLI, the library entries with declarations, the built app, LICENSE and CHANGELOG, and no sources', () => {
    for (const file of ['bin/payway.js', 'lib/cli.js', 'lib/emulator.js', 'lib/emulator.d.ts', 'lib/core.js', 'lib/core.d.ts', 'dist/index.html', 'dist/sw.js', 'LICENSE', 'CHANGELOG.md', 'README.md']) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
    for (const absent of ['src', 'tests', 'scripts', 'node_modules/.bin/tsx']) expect(existsSync(join(installed, absent)), absent).toBe(false);
    const assets = readdirSync(join(installed, 'dist', 'assets'));
    expect(assets.some((name) => /^index-.*\.js\.br$/.test(name))).toBe(true);
    expect(assets.some((name) => /^index-.*\.js\.gz$/.test(name))).toBe(true);
  });

  it('is set as for a release: name, version, no private, exports, bin, engines, license', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'payway-playground', license: 'MIT', engines: { node: '>=20.19' }, bin: { payway: 'bin/payway.js' } });
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.exports as object)).toEqual(expect.arrayContaining(['./emulator', './core', './package.json']));
    expect(readFileSync(join(installed, 'CHANGELOG.md'), 'utf8')).toContain(`[${String(manifest.version)}]`);
  });

  it('depends on exactly what its compiled code imports (and the peers of those)', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const imported = new Set<string>();
    const scan = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) scan(path);
        else if (path.endsWith('.js')) {
          const code = readFileSync(path, 'utf8');
          const statements = code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*["']([^"'.][^"']*)["']|\bimport\(\s*["']([^"'.][^"']*)["']\s*\)/gm);
          for (const [, fromStatement, fromCall] of statements) {
            const specifier = fromStatement ?? fromCall;
            if (specifier!.startsWith('node:')) continue;
            imported.add(specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!);
          }
        }
      }
    };
    scan(join(installed, 'lib'));
    scan(join(installed, 'bin'));
    imported.delete('vite'); // imported only by `payway start --build` in a checkout, where it is a dev dependency
    const peers = [...imported].flatMap((name) => Object.keys((JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as { peerDependencies?: object }).peerDependencies ?? {}));
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...new Set([...imported, ...peers])].sort());
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
  });
});

describe('the payway command, installed', () => {
  it('runs through npx, and every command has --help with examples', () => {
    const viaNpx = run('npx', ['--no-install', 'payway', '--help'], project);
    expect(viaNpx.code, viaNpx.err).toBe(0);
    for (const name of ['start', 'mock', 'sign', 'doctor', 'verify-callback', 'endpoints', 'run']) {
      expect(viaNpx.out).toContain(name);
      const help = payway(name, '--help');
      expect(help.code, name).toBe(0);
      expect(help.out, name).toMatch(/Usage: payway [\s\S]*Examples:\n {2}\S/);
    }
  });

  it('endpoints: the catalog', () => {
    const { code, out } = payway('endpoints', '--json');
    expect(code).toBe(0);
    expect((JSON.parse(out) as { id: string }[]).map((e) => e.id)).toContain('check-transaction');
  });

  it('sign: the hash node:crypto computes; a misspelt field is named with the closest one', () => {
    const { code, out } = payway('sign', 'check-transaction', '--key', KEY, ...wireArgs, '--json');
    expect(code).toBe(0);
    expect((JSON.parse(out) as { hash: string }).hash).toBe(hmac(CHECK.req_time + CHECK.merchant_id + CHECK.tran_id));
    const typo = payway('sign', 'check-transaction', '--key', KEY, '--wire', 'tranid=1');
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('did you mean "tran_id"?');
  });

  it('verify-callback: a pushback signed by node:crypto is valid, a changed one is not', () => {
    const body = { tran_id: '17394277693', apv: '123456', status: '0' };
    const signature = hmac(body.apv + body.status + body.tran_id);
    expect(payway('verify-callback', '--key', KEY, '--body', JSON.stringify(body), '--signature', signature).code).toBe(0);
    expect(payway('verify-callback', '--key', KEY, '--body', JSON.stringify({ ...body, status: '3' }), '--signature', signature).code).toBe(1);
  });

  it('doctor: a string-to-sign with separators is diagnosed', () => {
    const theirs = [CHECK.req_time, CHECK.merchant_id, CHECK.tran_id].join('&');
    const { out } = payway('doctor', 'check-transaction', '--key', KEY, ...wireArgs, '--string', theirs);
    expect(out).toMatch(/The strings part at byte 15 in merchant_id/);
  });

  it('run: --init writes a starter collection that replays green against the in-process emulator, with JUnit', () => {
    const init = payway('run', '--init', 'payway');
    expect(init.code, init.err).toBe(0);
    expect(existsSync(join(project, 'payway', 'payway-collection.json'))).toBe(true);
    const replay = payway('run', 'payway', '--target', 'mock', '--reporter', 'junit', '--out', 'junit.xml');
    expect(replay.code, replay.out + replay.err).toBe(0);
    const junit = readFileSync(join(project, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites[^>]* failures="0"/);
    expect(junit).toMatch(/<testcase /);
  });

  it('mock: answers a signed check-transaction, refuses a foreign Host, stops on SIGTERM', async () => {
    const { child, url } = await startServer('mock', '--port', '0');
    const body = JSON.stringify({ ...CHECK, hash: hmac(CHECK.req_time + CHECK.merchant_id + CHECK.tran_id) });
    const answer = await fetch(`${url}/api/payment-gateway/v1/payments/check-transaction-2`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(((await answer.json()) as { status: { code: string } }).status.code).toBe('00');
    expect(await statusWithHost(`${url}/_emulator/info`, 'rebound.attacker.example')).toBe(403);
    expect(await stop(child)).toBe(0);
  });

  it('mock --state payway.db: a purchase survives a restart in SQLite; --export-state writes it without keys', async () => {
    const purchase = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'PKG-STATE-1', amount: '1.50' };
    const form = new URLSearchParams({ ...purchase, hash: hmac(purchase.req_time + purchase.merchant_id + purchase.tran_id + purchase.amount) });
    const first = await startServer('mock', '--port', '0', '--state', 'payway.db');
    const created = await fetch(`${first.url}/api/payment-gateway/v1/payments/purchase`, { method: 'POST', body: form });
    expect(created.status).toBe(200);
    expect(await stop(first.child)).toBe(0);
    expect(existsSync(join(project, 'payway.db'))).toBe(true);

    const second = await startServer('mock', '--port', '0', '--state', 'payway.db');
    const check = { req_time: '20250213065546', merchant_id: 'ec000002', tran_id: purchase.tran_id };
    const body = JSON.stringify({ ...check, hash: hmac(check.req_time + check.merchant_id + check.tran_id) });
    const answer = (await (await fetch(`${second.url}/api/payment-gateway/v1/payments/check-transaction-2`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as {
      status: { code: string };
      data: { payment_status: string };
    };
    expect(answer.status.code).toBe('00');
    expect(answer.data.payment_status).toBe('PENDING');
    expect(await stop(second.child)).toBe(0);

    const exported = payway('mock', '--state', 'payway.db', '--export-state', '-');
    expect(exported.code, exported.err).toBe(0);
    expect(exported.out).toContain(purchase.tran_id);
    expect(exported.out).not.toContain(KEY);
  });

  it('start: serves the app built into the package, compressed, with the emulator at /mock/', async () => {
    const { child, url } = await startServer('start', '--port', '0');
    const index = await fetch(`${url}/`);
    const html = await index.text();
    expect(html).toContain('<title>PayWay Playground</title>');
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const script = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${url}/${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(((await (await fetch(`${url}/mock/_emulator/info`)).json()) as { runtime: string }).runtime).toBe('node');
    expect(await stop(child)).toBe(0);
  });
});

describe("the README's library examples, installed", () => {
  it('type-check against the shipped declarations and pass under Vitest', () => {
    const examples = readmeExamples();
    expect([...examples.keys()].sort()).toEqual(['backend.ts', 'payway.in-process.test.ts', 'payway.port.test.ts']);
    for (const [file, code] of examples) writeFileSync(join(project, file), code);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true, types: ['node'] },
        include: ['*.ts'],
      }),
    );
    const types = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
    expect(types.code, types.out + types.err).toBe(0);
    const tests = run(process.execPath, [join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=verbose'], project);
    expect(tests.code, tests.out + tests.err).toBe(0);
    expect(tests.out).toMatch(/2 passed/);
  });
});
