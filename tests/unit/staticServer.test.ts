import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompressFile } from '../../src/node/precompressPlugin.ts';
import { acceptedEncodings, startStaticServer, type RequestHandler, type StaticServer } from '../../src/node/staticServer.ts';

let dir: string;
let server: StaticServer;

const INDEX = '<!doctype html><title>PayWay Playground</title>';

beforeAll(async () => {
  // A parent folder with a secret beside the served root, to prove traversal cannot reach it.
  dir = await mkdtemp(join(tmpdir(), 'payway-static-'));
  const root = join(dir, 'dist');
  await mkdir(join(root, 'assets'), { recursive: true });
  await mkdir(join(root, 'docs'), { recursive: true });
  await writeFile(join(dir, 'secret.txt'), 'do not serve');
  await writeFile(join(root, 'index.html'), INDEX);
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1);');
  await writeFile(join(root, 'assets', 'index-abc123.css'), 'body{}');
  await writeFile(join(root, 'assets', 'app.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(join(root, 'manifest.webmanifest'), '{}');
  await writeFile(join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, 'data.json'), '{"ok":true}');
  await writeFile(join(root, 'docs', 'index.html'), '<p>docs</p>');
  const mock: RequestHandler = async (req, res) => {
    if (!req.url?.startsWith('/mock/')) return false;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"mock":true}');
    return true;
  };
  server = await startStaticServer({ root, port: 0, routes: [mock] });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Raw request: fetch() would normalise `..` in the path before sending it. */
function raw(method: string, path: string) {
  const { hostname, port } = new URL(server.url);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (done, fail) => {
      const req = request({ host: hostname, port, method, path }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', fail);
      req.end();
    },
  );
}

describe('startStaticServer', () => {
  it('binds 127.0.0.1 on a free port and reports its URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('serves index.html for / with no-cache', async () => {
    const res = await fetch(server.url + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
  });

  it.each([
    ['/assets/index-abc123.js', 'text/javascript; charset=utf-8'],
    ['/assets/index-abc123.css', 'text/css; charset=utf-8'],
    ['/assets/app.wasm', 'application/wasm'],
    ['/manifest.webmanifest', 'application/manifest+json'],
    ['/logo.svg', 'image/svg+xml'],
    ['/data.json', 'application/json; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const res = await fetch(server.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
  });

  it('caches hashed assets forever and everything else not at all', async () => {
    expect((await fetch(server.url + '/assets/index-abc123.js')).headers.get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await fetch(server.url + '/logo.svg')).headers.get('cache-control')).toBe('no-cache');
  });

  it('falls back to index.html for unknown paths without an extension', async () => {
    for (const path of ['/purchase', '/endpoints/check-transaction', '/assets']) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(await res.text(), path).toBe(INDEX);
    }
  });

  it('serves a folder index for a path ending in a slash', async () => {
    expect(await (await fetch(server.url + '/docs/')).text()).toBe('<p>docs</p>');
  });

  it('answers 404 for a missing file with an extension', async () => {
    const res = await fetch(server.url + '/assets/missing-123.js');
    expect(res.status).toBe(404);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%2f..%2fetc%2fpasswd'])(
    'does not serve %s outside the root',
    async (path) => {
      const res = await raw('GET', path);
      expect([403, 404]).toContain(res.status);
      expect(res.body).not.toContain('do not serve');
    },
  );

  it('blocks an encoded path that escapes the root with 403', async () => {
    expect((await raw('GET', '/..%2fsecret.txt')).status).toBe(403);
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await raw('HEAD', '/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-length']).toBe(String('console.log(1);'.length));
    expect(res.body).toBe('');
  });

  it('answers 405 with Allow for POST', async () => {
    const res = await fetch(server.url + '/', { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('lets routes answer before the static files', async () => {
    const res = await fetch(server.url + '/mock/api/check');
    expect(await res.json()).toEqual({ mock: true });
  });
});

describe('compressed answers from copies made at build time', () => {
  let compressedDir: string;
  let compressed: StaticServer;
  const SCRIPT = 'export const answer = 42;\n'.repeat(200);

  beforeAll(async () => {
    compressedDir = await mkdtemp(join(tmpdir(), 'payway-static-br-'));
    await mkdir(join(compressedDir, 'assets'), { recursive: true });
    await writeFile(join(compressedDir, 'index.html'), INDEX);
    await writeFile(join(compressedDir, 'sw.js'), SCRIPT);
    await writeFile(join(compressedDir, 'assets', 'index-abc123.js'), SCRIPT);
    await writeFile(join(compressedDir, 'assets', 'small-abc123.js'), 'x()');
    // What precompressPlugin writes beside each file at build time.
    for (const file of ['sw.js', 'assets/index-abc123.js']) await precompressFile(join(compressedDir, file));
    compressed = await startStaticServer({ root: compressedDir, port: 0 });
  });
  afterAll(async () => {
    await compressed?.close();
    await rm(compressedDir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((done, fail) => {
      const { hostname, port } = new URL(compressed.url);
      const req = request({ host: hostname, port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', fail);
      req.end();
    });

  it('sends Brotli when accepted, gzip when only gzip is, the file itself otherwise; always Vary', async () => {
    const br = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(SCRIPT.length / 10);
    const gz = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);
    const refused = await get('/assets/index-abc123.js', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString()).toBe(SCRIPT);
    const none = await get('/assets/index-abc123.js');
    expect(none.headers['content-encoding']).toBeUndefined();
    for (const answer of [br, gz, refused, none]) expect(answer.headers.vary).toBe('Accept-Encoding');
    expect((await get('/assets/small-abc123.js', { 'accept-encoding': 'br' })).body.toString()).toBe('x()');
  });

  it('reads Accept-Encoding with q-values and *', () => {
    expect([...acceptedEncodings('gzip;q=0.5, br;q=1')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('*;q=0.1, br;q=0')]).toEqual(['gzip']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
  });

  it('caches hashed assets forever and revalidates sw.js and index.html with an ETag (304)', async () => {
    expect((await get('/assets/index-abc123.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/sw.js', '/']) {
      const first = await get(path, { 'accept-encoding': 'br' });
      expect(first.headers['cache-control'], path).toBe('no-cache');
      const etag = first.headers.etag as string;
      expect(etag, path).toMatch(/^W\/"/);
      const again = await get(path, { 'accept-encoding': 'br', 'if-none-match': etag });
      expect(again.status, path).toBe(304);
      expect(again.body.length, path).toBe(0);
    }
  });
});
