import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type RequestHandler, type StaticServer } from '../../src/node/staticServer.ts';

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
