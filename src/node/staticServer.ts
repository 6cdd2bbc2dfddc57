// Serves the built app (`dist/`) over node:http. `payway start` mounts it last, after the emulator's
// /mock/ and proxy's /proxy/ routes, so the handler is composable: it returns true when it answered.
import { createReadStream, type Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { GuardedResponse, guardRequests, type RequestGuardOptions } from './requestGuard.ts';

/** Answers the request and resolves true, or resolves false without touching `res`. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Files worth compressing (fonts, images and archives are compressed already): precompressPlugin's list. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|map|txt|webmanifest|wasm|ttf)$/i;

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html, sw.js and other unhashed files: the browser asks again each time (a 304 when unchanged). */
const REVALIDATE = 'no-cache';

/** The encodings precompressPlugin writes beside a file, in the order they are preferred. */
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

async function fileStats(path: string): Promise<Stats | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The encodings an Accept-Encoding header takes (q=0 refuses one; `*` takes any not named). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  if (!header) return accepted;
  const refused = new Set<string>();
  let star = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (name === '*') star = ok;
    else if (ok) accepted.add(name);
    else refused.add(name);
  }
  if (star) for (const [name] of ENCODINGS) if (!refused.has(name)) accepted.add(name);
  return accepted;
}

/** The app's Content-Security-Policy from the built index.html's meta tag, plus what only a header can say. */
export function contentSecurityPolicy(indexHtml: string): string {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(indexHtml)?.[1];
  const policy = (meta ?? "default-src 'self'").trim().replace(/;\s*$/, '');
  return `${policy}; frame-ancestors 'none'`;
}

/** Whether the real path of `path` (symlinks followed) stays inside `realRoot`. */
async function staysInside(path: string, realRoot: string): Promise<boolean> {
  try {
    const real = await realpath(path);
    return real === realRoot || real.startsWith(realRoot + sep);
  } catch {
    return false;
  }
}

/**
 * Static files from `root`: MIME by extension, `index.html` for `/` and for extension-less unknown paths
 * (SPA fallback), 404 for a missing file with an extension, 403 for paths that leave `root` (by `..`
 * or by a symlink), 405 for anything but GET/HEAD. Vite's hashed `assets/*` are cached forever, the rest
 * revalidates (ETag). A `.br` / `.gz` copy beside a file is sent to clients that accept it. HTML gets the
 * app's Content-Security-Policy as a header (with `frame-ancestors 'none'`, which a meta tag cannot set).
 * It handles every request it is given (always resolves true); mount it after more specific routes.
 */
export function createStaticHandler(root: string): RequestHandler {
  const base = resolve(root);
  const indexPath = resolve(base, 'index.html');
  let realBase: Promise<string> | undefined;
  const policies = new Map<number, string>();

  /** The CSP, read again only when index.html changes (a rebuild while the server runs). */
  async function policyFor(stats: Stats): Promise<string> {
    let policy = policies.get(stats.mtimeMs);
    if (!policy) {
      policy = contentSecurityPolicy(await readFile(indexPath, 'utf8').catch(() => ''));
      policies.clear();
      policies.set(stats.mtimeMs, policy);
    }
    return policy;
  }

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return true;
    }

    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      sendText(res, 400, 'Bad Request\n');
      return true;
    }
    // Check the raw path too: `new URL` already folds `/../`, but `%2e%2e` and `..\` survive decoding.
    const filePath = resolve(base, '.' + (pathname.endsWith('/') ? pathname + 'index.html' : pathname));
    if (pathname.includes('\0') || (filePath !== base && !filePath.startsWith(base + sep))) {
      sendText(res, 403, 'Forbidden\n');
      return true;
    }

    let servePath = filePath;
    let stats = await fileStats(filePath);
    if (!stats) {
      if (extname(pathname) !== '') {
        sendText(res, 404, 'Not Found\n');
        return true;
      }
      servePath = indexPath; // SPA fallback: the app routes extension-less paths itself
      stats = await fileStats(indexPath);
      if (!stats) {
        sendText(res, 404, `Not Found: no index.html in ${base} (build the app first)\n`);
        return true;
      }
    }
    // A symlink inside the root may point anywhere: what is served is where it really leads.
    realBase ??= realpath(base);
    if (!(await staysInside(servePath, await realBase))) {
      sendText(res, 403, 'Forbidden\n');
      return true;
    }

    const relative = servePath.slice(base.length + 1).split(sep).join('/');
    const extension = extname(servePath).toLowerCase();
    const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
    const headers: Record<string, string> = {
      'Content-Type': MIME_TYPES[extension] ?? 'application/octet-stream',
      'Cache-Control': relative.startsWith('assets/') ? IMMUTABLE : REVALIDATE,
      ETag: etag,
    };
    if (extension === '.html') headers['Content-Security-Policy'] = await policyFor((await fileStats(indexPath)) ?? stats);

    let bodyPath = servePath;
    let size = stats.size;
    if (COMPRESSIBLE.test(servePath)) {
      headers.Vary = 'Accept-Encoding';
      const accepted = acceptedEncodings(req.headers['accept-encoding'] as string | undefined);
      for (const [encoding, suffix] of ENCODINGS) {
        if (!accepted.has(encoding)) continue;
        // The copies come from the same build as the file (vite empties dist/ first); an installed package
        // has extraction times as mtimes, so they cannot be compared.
        const compressed = await fileStats(servePath + suffix);
        if (compressed) {
          bodyPath = servePath + suffix;
          size = compressed.size;
          headers['Content-Encoding'] = encoding;
          break;
        }
      }
    }
    headers['Content-Length'] = String(size);

    if (req.headers['if-none-match'] === etag) {
      delete headers['Content-Length'];
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(bodyPath);
      stream.on('error', () => {
        res.destroy();
        done();
      });
      stream.on('end', done);
      stream.pipe(res);
    });
    return true;
  };
}

export interface StaticServer {
  /** `http://host:port` with the port actually bound (useful with port 0). */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `root` on host:port (port 0 picks a free one). `routes` (say the emulator's /mock/ and the
 * proxy's /proxy/) are tried in order before the static files; the first that resolves true wins.
 */
export function startStaticServer({
  root,
  host = '127.0.0.1',
  port,
  routes = [],
  ...guard
}: {
  root: string;
  host?: string;
  port: number;
  routes?: readonly RequestHandler[];
} & Omit<RequestGuardOptions, 'host'>): Promise<StaticServer> {
  const handlers = [...routes, createStaticHandler(root)];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const handler of handlers) if (await handler(req, res)) return;
  };
  return startHttpServer(
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendText(res, 500, 'Internal Server Error\n');
        else res.destroy();
        console.error(error);
      });
    },
    host,
    port,
    guard,
  );
}

/** A node:http server running `listener` on host:port behind guardRequests(), once it listens. */
export async function startHttpServer(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  host: string,
  port: number,
  guard: Omit<RequestGuardOptions, 'host'> = {},
): Promise<StaticServer> {
  const server = createServer({ ServerResponse: GuardedResponse }, guardRequests(listener, { ...guard, host }));
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ready();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}
