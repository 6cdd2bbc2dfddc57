// The PayWay emulator as one Web-standard handler, `(Request) => Promise<Response>`: the service worker,
// the Node server and the tests all call this same function.
import { endpointsAtPath, type EndpointSpec } from '../core/catalog/index.ts';
import { handleAdmin } from './admin.ts';
import { EmulatorCore, type EmulatorOptions } from './emulatorCore.ts';
import { handlePayWayCall } from './payWayCall.ts';
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

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const core = new EmulatorCore(options);

  async function route(request: Request): Promise<Response> {
    if (!core.loaded) await core.ready();
    const url = new URL(request.url);
    core.sawOrigin(url);
    const { basePath } = core;
    if (basePath && url.pathname !== basePath && !url.pathname.startsWith(basePath + '/')) return emulatorError(404, 'Not Found');
    const path = url.pathname.slice(basePath.length) || '/';
    if (path.startsWith(ADMIN_PREFIX)) return handleAdmin(core, request, url, path.slice(ADMIN_PREFIX.length));
    const candidates = endpointsAt(path);
    if (!candidates.length) return emulatorError(404, `No PayWay endpoint at ${path}.`);
    // PayWay answers anything but POST with 405 [reference §1.1].
    if (request.method !== 'POST') return emulatorError(405, 'Method Not Allowed', { allow: 'POST' });
    return handlePayWayCall(core, request, url, path, candidates);
  }

  async function fetch(request: Request): Promise<Response> {
    try {
      return await route(request);
    } catch (error) {
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
  };
}
