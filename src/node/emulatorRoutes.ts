// Serving fetch-style handlers (the emulator, the proxy) from node:http through @hono/node-server's
// adapter, mounted under a path prefix; PayWay calls to the emulator skip the adapter (emulatorRoute).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.ts';
import { utf8Decode } from '../core/signing/bytes.ts';
import type { PlainRequest } from '../emulator/requestBody.ts';
import { errorAnswer, type PlainAnswer } from '../emulator/respond.ts';
import { startHttpServer, type RequestHandler, type StaticServer } from './staticServer.ts';
import { addSecurityHeaders } from './requestGuard.ts';
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
  const atTurnEnd = perTurn<() => void>((jobs) => {
    for (const job of jobs) job();
  });
  return (request) => handler(request).then((response) => new Promise<Response>((done) => atTurnEnd(() => done(response))));
}

/** Collects what it is given during one event-loop turn and hands it all to `run` at the turn's end: one setImmediate per turn, not one per item. */
function perTurn<T>(run: (batch: T[]) => void): (item: T) => void {
  let batch: T[] = [];
  const release = () => {
    const now = batch;
    batch = [];
    run(now);
  };
  return (item) => {
    if (!batch.length) setImmediate(release);
    batch.push(item);
  };
}

// What @hono/node-server takes as already normalised (the patterns it checks): a Host and a path that
// new URL() would leave as they are. guardRequests() has checked the Host and normalised the path
// before; anything else goes through the adapter, which builds its URL the WHATWG way.
const PLAIN_HOST = /^[a-z0-9._-]+(?::\d{1,5})?$/;
// (Hono's own pattern, less `#`: a fragment goes through the adapter.)
const PLAIN_PATH = /^\/[!$&-;=?-[\]_a-z~]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;

/**
 * Reads a node:http request body and gives it to `done`: undefined when more than `limit` bytes were
 * declared or sent. A request cut off (the client went away) gives nothing, as there is no one to
 * answer; with no 'error' listener, node:http does not emit one for it.
 */
function readNodeBody(req: IncomingMessage, limit: number, done: (body: Uint8Array | undefined) => void): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return done(undefined);
  const chunks: Buffer[] = [];
  let total = 0;
  req.on('data', (chunk: Buffer) => {
    total += chunk.length;
    if (total > limit) {
      // Too large: answered at once; the rest is read and dropped so the connection stays usable.
      chunks.length = 0;
      req.removeAllListeners('data');
      req.removeAllListeners('end');
      req.resume();
      done(undefined);
    } else chunks.push(chunk);
  });
  req.on('end', () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
}

/**
 * A node:http request whose body has been read, as the emulator reads a call (what plainRequestOf()
 * takes from a Request); the body is given at once. `body` was read with the emulator's own limit.
 */
function plainRequestOfNode(req: IncomingMessage, origin: string, pathname: string, body: Uint8Array | undefined): PlainRequest {
  return {
    method: req.method ?? 'GET',
    origin,
    pathname,
    contentType: req.headers['content-type'] ?? null,
    bytes: () => body,
    // TextDecoder, as Request.text() decodes: a byte-order mark dropped, bad bytes replaced alike.
    text: () => body && utf8Decode(body),
  };
}

/** Writes an answer of emulator.answerPlain(); undefined only for the admin API, which never comes here. */
function writeAnswer(res: ServerResponse, given: PlainAnswer | undefined): void {
  const answer = given ?? errorAnswer(500, 'The emulator route and the emulator are mounted at different paths.');
  // The answer's headers are its own object (respond.ts): the length and the guard's headers are added
  // to it, not to a copy, and the head is node:http's fast path.
  answer.headers['content-length'] = String(Buffer.byteLength(answer.body));
  res.writeHead(answer.status, addSecurityHeaders(answer.headers));
  res.end(answer.body);
}

interface PendingCall {
  request: PlainRequest;
  res: ServerResponse;
}

/**
 * Answers the calls of one loop turn: every answer first, then every write. Computed in a row, the
 * emulator's steps keep their code in the CPU's caches; writing each answer as soon as it is computed
 * (the socket's code in between) measured about a tenth slower. An answer that has to wait (a state
 * change being saved) is written when it is ready.
 */
function answerCalls(emulator: Pick<Emulator, 'answerPlain'>, calls: readonly PendingCall[]): void {
  const answers = calls.map((call) => {
    try {
      return emulator.answerPlain(call.request);
    } catch (error) {
      // answerPlain never throws; were it to, this call alone is answered 500, not the whole turn lost.
      return errorAnswer(500, `The emulator failed: ${error instanceof Error ? error.message : 'unknown error'}`);
    }
  });
  for (let i = 0; i < calls.length; i++) {
    const { res } = calls[i]!;
    const answer = answers[i];
    // answerPlain's promise never rejects; a write that throws (a socket gone bad) closes that connection only.
    if (answer instanceof Promise) answer.then((later) => writeAnswer(res, later)).catch(() => res.destroy());
    else {
      try {
        writeAnswer(res, answer);
      } catch {
        res.destroy();
      }
    }
  }
}

/**
 * The emulator on node:http. A PayWay call (a POST) is read and answered from plain parts, without the
 * Request and Response the adapter would build for it; the answer is the one fetch() gives
 * (emulator.answerPlain is the same route() without the Response). The /_emulator/ API and pages, and
 * other methods, go through the adapter. `prefix` is where the emulator is mounted ('' at the root); a
 * request outside it resolves false.
 *
 * The calls whose bodies arrived in one event-loop turn are answered together at its end (answerCalls).
 * Against answering each call as its body arrives, that is about a fifth more throughput on this
 * machine, and the kernel's share per answer drops by half (`npm run bench:emulator`). A lone call
 * waits one loop turn, microseconds.
 */
export function emulatorRoute(prefix: string, emulator: Pick<Emulator, 'fetch' | 'answerPlain' | 'maxBodyBytes'>): RequestHandler {
  const viaFetch = getRequestListener(answerAfterReads(emulator.fetch));
  const adminPrefix = `${prefix}/_emulator/`;
  const answerAtTurnEnd = perTurn<PendingCall>((calls) => answerCalls(emulator, calls));
  // The Host and target judged plain last: a client sends the same ones again and again.
  let plainHost = '';
  let plainUrl = '';
  const isPlain = (host: string, url: string): boolean => {
    if (host !== plainHost) {
      if (!PLAIN_HOST.test(host)) return false;
      plainHost = host;
    }
    if (url !== plainUrl) {
      if (!PLAIN_PATH.test(url) || DOT_SEGMENT.test(url)) return false;
      plainUrl = url;
    }
    return true;
  };
  return async (req, res) => {
    const url = req.url ?? '/';
    const pathname = pathUnder(prefix, url);
    if (pathname === undefined) return false;
    const host = req.headers.host;
    if (req.method !== 'POST' || pathname.startsWith(adminPrefix) || !host || !isPlain(host, url)) {
      await viaFetch(req, res);
      return true;
    }
    readNodeBody(req, emulator.maxBodyBytes, (body) => answerAtTurnEnd({ res, request: plainRequestOfNode(req, `http://${host}`, pathname, body) }));
    return true;
  };
}

/** The path of a request target (`req.url`, without its query) when it is under `prefix` ('' = all). */
function pathUnder(prefix: string, url: string): string | undefined {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return !prefix || path === prefix || path.startsWith(prefix + '/') ? path : undefined;
}

/**
 * A route for startStaticServer: requests under `prefix` ('' = all) go to `handler`. The path it matches
 * is `req.url` as guardRequests() normalised it, which is also the URL the handler's Request is built
 * from: the route and the handler read the same path.
 */
export function fetchRoute(prefix: string, handler: FetchHandler): RequestHandler {
  const listener = getRequestListener(handler);
  return async (req, res) => {
    if (pathUnder(prefix, req.url ?? '/') === undefined) return false;
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
  emulator: Pick<Emulator, 'fetch' | 'answerPlain' | 'maxBodyBytes'>,
  { host = '127.0.0.1', port, allowHosts }: { host?: string; port: number; allowHosts?: readonly string[] },
): Promise<StaticServer> {
  // The emulator claims every path: no routing in front of it.
  const route = emulatorRoute('', emulator);
  return startHttpServer((req, res) => void route(req, res), host, port, { adminPrefixes: ['/_emulator/'], ...(allowHosts ? { allowHosts } : {}) });
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
