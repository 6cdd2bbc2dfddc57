// Serves the built app (`dist/`) over node:http. `payway start` mounts it last, after the emulator's
// /mock/ and proxy's /proxy/ routes, so the handler is composable: it returns true when it answered.
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

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

const IMMUTABLE = 'public, max-age=31536000, immutable';

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

/**
 * Static files from `root`: MIME by extension, `index.html` for `/` and for extension-less unknown paths
 * (SPA fallback), 404 for a missing file with an extension, 403 for paths that leave `root`, 405 for
 * anything but GET/HEAD. index.html is `no-cache`; Vite's hashed `assets/*` are cached forever.
 * It handles every request it is given (always resolves true); mount it after more specific routes.
 */
export function createStaticHandler(root: string): RequestHandler {
  const base = resolve(root);
  const indexPath = resolve(base, 'index.html');

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

    const relative = servePath.slice(base.length + 1).split(sep).join('/');
    const headers: Record<string, string> = {
      'Content-Type': MIME_TYPES[extname(servePath).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(stats.size),
      'Cache-Control': relative.startsWith('assets/') ? IMMUTABLE : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    };
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(servePath);
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
}: {
  root: string;
  host?: string;
  port: number;
  routes?: readonly RequestHandler[];
}): Promise<StaticServer> {
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
  );
}

/** A node:http server running `listener` on host:port, once it listens. */
export async function startHttpServer(listener: (req: IncomingMessage, res: ServerResponse) => void, host: string, port: number): Promise<StaticServer> {
  const server = createServer(listener);
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
