// Serving fetch-style handlers (the emulator, the proxy) from node:http through @hono/node-server's
// adapter, mounted under a path prefix.
import { getRequestListener } from '@hono/node-server';
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.ts';
import { startHttpServer, type RequestHandler, type StaticServer } from './staticServer.ts';
import { openStateFile, storeOptions } from './stateFile.ts';
import { nodeHmac } from './nodeHmac.ts';

export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Holds each answer until the event loop has read every request that arrived with it (setImmediate
 * runs after the poll phase), so that a burst of requests is answered together. Answers written one by
 * one wake the client's thread once per answer; on a small VM those wake-ups cost the server more
 * kernel time than its own work on the request (measured by `npm run bench:emulator`). A lone request
 * waits one loop turn, microseconds.
 */
export function answerAfterReads(handler: FetchHandler): FetchHandler {
  // One setImmediate per loop turn releases every answer held in it (not one timer per answer).
  let held: (() => void)[] = [];
  const release = () => {
    const now = held;
    held = [];
    for (const done of now) done();
  };
  return (request) =>
    handler(request).then(
      (response) =>
        new Promise<Response>((done) => {
          if (!held.length) setImmediate(release);
          held.push(() => done(response));
        }),
    );
}

/**
 * A route for startStaticServer: requests under `prefix` ('' = all) go to `handler`. The path it matches
 * is `req.url` as guardRequests() normalised it, which is also the URL the handler's Request is built
 * from: the route and the handler read the same path.
 */
export function fetchRoute(prefix: string, handler: FetchHandler): RequestHandler {
  const listener = getRequestListener(handler);
  return async (req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    if (prefix && path !== prefix && !path.startsWith(prefix + '/')) return false;
    await listener(req, res);
    return true;
  };
}

export interface EmulatorServerOptions extends Omit<EmulatorOptions, 'store' | 'basePath' | 'runtime'> {
  host?: string;
  port: number;
  /** More Host names to answer besides 127.0.0.1, localhost, [::1] and `host` (`--allow-host`). */
  allowHosts?: readonly string[];
  /** SQLite database to keep the state in (a JSON state file is imported into one beside it); memory only when absent. */
  stateFile?: string;
}

export interface EmulatorServer extends StaticServer {
  emulator: Emulator;
  /** Where the state is kept, when --state was given, and what happened to a JSON state file. */
  state?: { database: string; note?: string };
}

/** `payway mock`: only the emulator, at the root of its own server. */
export async function startEmulatorServer({ host = '127.0.0.1', port, stateFile, allowHosts, ...options }: EmulatorServerOptions): Promise<EmulatorServer> {
  const state = stateFile ? openStateFile(stateFile) : undefined;
  const emulator = createEmulator({
    hmac: nodeHmac,
    ...options,
    runtime: 'node',
    ...storeOptions(state),
  });
  await emulator.state(); // a broken or locked state file fails here, before the port opens
  const server = await serveEmulator(emulator, { host, port, ...(allowHosts ? { allowHosts } : {}) }).catch(async (error: unknown) => {
    await emulator.close();
    throw error;
  });
  return {
    emulator,
    url: server.url,
    ...(state ? { state: { database: state.database, ...(state.note ? { note: state.note } : {}) } } : {}),
    close: async () => {
      await server.close();
      await emulator.close();
    },
  };
}

/** Serves an emulator mounted at the root on host:port, behind guardRequests(). */
export function serveEmulator(
  emulator: Pick<Emulator, 'fetch'>,
  { host = '127.0.0.1', port, allowHosts }: { host?: string; port: number; allowHosts?: readonly string[] },
): Promise<StaticServer> {
  // The emulator claims every path: the adapter is the whole server, with no routing in front of it.
  return startHttpServer(getRequestListener(answerAfterReads(emulator.fetch)), host, port, { adminPrefixes: ['/_emulator/'], ...(allowHosts ? { allowHosts } : {}) });
}

/** How long a stop waits for pushbacks in flight and the last save before it lets the process go. */
export const STOP_GRACE_MS = 3000;

/**
 * Resolves once SIGINT or SIGTERM came and `close` finished (or STOP_GRACE_MS passed): the CLI's servers
 * run until then. The process then exits even if a socket or a pushback still holds the event loop; a
 * second signal exits at once.
 */
export function untilStopped(close: () => Promise<void>): Promise<void> {
  return new Promise<void>((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
      stopping = true;
      const finish = () => {
        done();
        setTimeout(() => process.exit(), 200).unref();
      };
      setTimeout(finish, STOP_GRACE_MS).unref();
      close().then(finish, finish);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
