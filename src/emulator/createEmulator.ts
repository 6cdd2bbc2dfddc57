// The PayWay emulator as one Web-standard handler, `(Request) => Promise<Response>`: the service worker,
// the Node server and the tests all call this same function.
import { endpointsAtPath, type EndpointSpec } from '../core/catalog/index.ts';
import { handleAdmin } from './admin.ts';
import { EmulatorCore, type EmulatorOptions } from './emulatorCore.ts';
import { finishRequest } from './diagnosis/finishRequest.ts';
import { whenReady, type MaybePromise } from './maybePromise.ts';
import { handlePayWayCall } from './payWayCall.ts';
import type { Trail } from './refusal.ts';
import type { RequestLog } from './requestLog.ts';
import { plainRequestOf, type PlainRequest } from './requestBody.ts';
import { errorAnswer, toResponse, type PlainAnswer } from './respond.ts';
import type { EmulatorState } from './state.ts';

export interface Emulator {
  /** Answers one request: a PayWay path, or the emulator's own /_emulator/ API and pages. Never throws. */
  fetch(request: Request): Promise<Response>;
  /**
   * The answer fetch() gives, from a request's plain parts and as plain data, for a server that is not
   * fetch-based (the Node server's fast path). Undefined for the /_emulator/ API and pages: fetch() them.
   * Given at once (not a promise) when nothing had to be waited for: a body already read, a synchronous
   * HMAC, a state that did not change. Never throws, and a promise it gives never rejects.
   */
  answerPlain(request: PlainRequest): MaybePromise<PlainAnswer | undefined>;
  /** The largest request body read (`maxBodyBytes`); a larger one is answered 413. */
  readonly maxBodyBytes: number;
  /** Resolves when pushbacks in flight are done and the state is saved. */
  idle(): Promise<void>;
  /** Clears the store and starts from the seeded state again. */
  reset(): Promise<void>;
  /** The live state, once loaded (for tests and tools). */
  state(): Promise<EmulatorState>;
  /** Waits for what is in flight, then closes the store. */
  close(): Promise<void>;
  /** Every PayWay request answered, with the diagnosis of the refused ones (memory only). */
  readonly requests: RequestLog;
}

const ADMIN_PREFIX = '/_emulator/';
/** route()'s answer for the admin API, which fetch() answers from the Request itself. */
const ADMIN = Symbol('admin');

/** The catalog's endpoints by path, looked up once per path rather than on every request. */
const byPath = new Map<string, readonly EndpointSpec[]>();
function endpointsAt(path: string): readonly EndpointSpec[] {
  let found = byPath.get(path);
  if (!found) {
    found = endpointsAtPath(path);
    // Only real PayWay paths are kept, so unknown paths cannot grow the map.
    if (found.length) byPath.set(path, found);
  }
  return found;
}

/** What went wrong, as text, whatever was thrown (String() itself throws on an object without a prototype). */
function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return 'an unprintable value was thrown';
  }
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const core = new EmulatorCore(options);

  /**
   * A PayWay call (or a path that is none) answered; ADMIN when the path is the emulator's own API. Not
   * a promise when nothing had to be waited for; may throw.
   */
  function route(request: PlainRequest, startedAt = performance.now()): MaybePromise<PlainAnswer | typeof ADMIN> {
    if (!core.loaded) return core.ready().then(() => route(request, startedAt));
    const { origin, pathname } = request;
    core.sawOrigin(origin);
    const { basePath } = core;
    const trail: Trail = { method: request.method, path: pathname, startedAt, request };
    if (basePath && pathname !== basePath && !pathname.startsWith(basePath + '/')) {
      trail.cause = { kind: 'unknown-path' };
      return finishRequest(core, trail, errorAnswer(404, 'Not Found'));
    }
    const path = pathname.slice(basePath.length) || '/';
    if (path.startsWith(ADMIN_PREFIX)) return ADMIN;
    trail.path = path;
    const candidates = endpointsAt(path);
    if (!candidates.length) {
      trail.cause = { kind: 'unknown-path' };
      return finishRequest(core, trail, errorAnswer(404, `No PayWay endpoint at ${path}.`));
    }
    // PayWay answers anything but POST with 405 [reference §1.1].
    if (request.method !== 'POST') {
      trail.endpoint = candidates[0];
      trail.cause = { kind: 'method', method: request.method };
      return finishRequest(core, trail, errorAnswer(405, 'Method Not Allowed', { allow: 'POST' }));
    }
    return whenReady(handlePayWayCall(core, request, path, candidates, trail), (answer) => finishRequest(core, trail, answer));
  }

  /** The answer to a request that failed half-way: whatever it changed is undone, so it cannot break the next one. */
  function failed(error: unknown): PlainAnswer {
    core.discardChanges();
    return errorAnswer(500, `The emulator failed: ${describeError(error)}`);
  }

  async function fetch(request: Request): Promise<Response> {
    try {
      const answer = await route(plainRequestOf(request));
      if (answer !== ADMIN) return toResponse(answer);
      const url = new URL(request.url);
      return await handleAdmin(core, request, url, url.pathname.slice(core.basePath.length + ADMIN_PREFIX.length));
    } catch (error) {
      return toResponse(failed(error));
    }
  }

  const plainOnly = (answer: PlainAnswer | typeof ADMIN) => (answer === ADMIN ? undefined : answer);
  function answerPlain(request: PlainRequest): MaybePromise<PlainAnswer | undefined> {
    try {
      const answer = route(request);
      return answer instanceof Promise ? answer.then(plainOnly, failed) : plainOnly(answer);
    } catch (error) {
      return failed(error);
    }
  }
  core.handle = fetch;

  return {
    fetch,
    answerPlain,
    maxBodyBytes: core.maxBodyBytes,
    idle: () => core.idle(),
    async reset() {
      await core.ready();
      await core.reset();
    },
    async state() {
      await core.ready();
      return core.state;
    },
    close: () => core.close(),
    requests: core.requests,
  };
}
