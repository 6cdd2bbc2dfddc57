// The PayWay emulator as one Web-standard handler, `(Request) => Promise<Response>`: the service worker,
// the Node server and the tests all call this same function.
import { endpointsAtPath, type EndpointSpec } from '../core/catalog/index.ts';
import { handleAdmin } from './admin.ts';
import { EmulatorCore, type EmulatorOptions } from './emulatorCore.ts';
import { finishRequest } from './diagnosis/finishRequest.ts';
import { handlePayWayCall } from './payWayCall.ts';
import type { Trail } from './refusal.ts';
import type { RequestLog } from './requestLog.ts';
import { emulatorError } from './respond.ts';
import type { EmulatorState } from './state.ts';

export interface Emulator {
  /** Answers one request: a PayWay path, or the emulator's own /_emulator/ API and pages. Never throws. */
  fetch(request: Request): Promise<Response>;
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

/**
 * The origin and path of a Request's URL. A Request's URL is always absolute and already normalised
 * (by the browser, by undici, by the Node adapter), so two string searches give what new URL() would,
 * at a fraction of its cost on every request.
 */
export function originAndPath(href: string): [origin: string, path: string] {
  const pathStart = href.indexOf('/', href.indexOf('//') + 2);
  if (pathStart < 0) return [href, '/'];
  let pathEnd = href.length;
  for (const mark of ['?', '#']) {
    const at = href.indexOf(mark, pathStart);
    if (at >= 0 && at < pathEnd) pathEnd = at;
  }
  return [href.slice(0, pathStart), href.slice(pathStart, pathEnd)];
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const core = new EmulatorCore(options);

  async function route(request: Request): Promise<Response> {
    const startedAt = performance.now();
    if (!core.loaded) await core.ready();
    const [origin, pathname] = originAndPath(request.url);
    core.sawOrigin(origin);
    const { basePath } = core;
    const trail: Trail = { method: request.method, path: pathname, contentType: '', startedAt, request };
    if (basePath && pathname !== basePath && !pathname.startsWith(basePath + '/')) {
      trail.cause = { kind: 'unknown-path' };
      return finishRequest(core, trail, emulatorError(404, 'Not Found'));
    }
    const path = pathname.slice(basePath.length) || '/';
    if (path.startsWith(ADMIN_PREFIX)) return handleAdmin(core, request, new URL(request.url), path.slice(ADMIN_PREFIX.length));
    trail.path = path;
    const candidates = endpointsAt(path);
    if (!candidates.length) {
      trail.cause = { kind: 'unknown-path' };
      return finishRequest(core, trail, emulatorError(404, `No PayWay endpoint at ${path}.`));
    }
    // PayWay answers anything but POST with 405 [reference §1.1].
    if (request.method !== 'POST') {
      trail.endpoint = candidates[0];
      trail.cause = { kind: 'method', method: request.method };
      return finishRequest(core, trail, emulatorError(405, 'Method Not Allowed', { allow: 'POST' }));
    }
    return finishRequest(core, trail, await handlePayWayCall(core, request, origin, path, candidates, trail));
  }

  async function fetch(request: Request): Promise<Response> {
    try {
      return await route(request);
    } catch (error) {
      // Whatever the request changed before it failed is undone, so it cannot break the next one.
      core.discardChanges();
      return emulatorError(500, `The emulator failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  core.handle = fetch;

  return {
    fetch,
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
