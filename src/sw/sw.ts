// The service worker: serves the emulator under <scope>mock/ so the static build needs nothing else.
// When the server in front of the app already has an emulator there (`payway start`), or the page asks
// for the server with X-PayWay-Target, it steps aside.
import { createEmulator } from '../emulator/index.ts';
import { idbStateStore } from './idbStateStore.ts';
import { CLAIM_MESSAGE, PASS_THROUGH_HEADER } from './registerEmulator.ts';

const worker = self as unknown as ServiceWorkerGlobalScope;
const mount = new URL('mock', worker.registration.scope).pathname;
const emulator = createEmulator({ basePath: mount, store: idbStateStore(), runtime: 'service-worker' });

let serverEmulator: Promise<boolean> | undefined;

/** Whether the origin itself answers <scope>mock/ with an emulator (asked once per worker start). */
function originHasEmulator(): Promise<boolean> {
  serverEmulator ??= fetch(`${mount}/_emulator/info`, { cache: 'no-store' })
    .then(async (response) => {
      if (!response.ok || !response.headers.get('content-type')?.includes('application/json')) return false;
      const info = (await response.json()) as { emulator?: string };
      return info.emulator === 'payway-playground';
    })
    .catch(() => false);
  return serverEmulator;
}

async function answer(request: Request): Promise<Response> {
  if (request.headers.has(PASS_THROUGH_HEADER) || (await originHasEmulator())) return fetch(request);
  return emulator.fetch(request);
}

worker.addEventListener('install', () => {
  void worker.skipWaiting();
});

worker.addEventListener('activate', (event) => event.waitUntil(worker.clients.claim()));

// A page opened with a hard reload is not controlled even though the worker is active; it asks.
worker.addEventListener('message', (event) => {
  if (event.data === CLAIM_MESSAGE) event.waitUntil(worker.clients.claim());
});

worker.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== worker.location.origin || (url.pathname !== mount && !url.pathname.startsWith(mount + '/'))) return;
  const response = answer(event.request);
  event.respondWith(response);
  // Pushbacks are sent after the answer; keep the worker alive until they are done and saved.
  event.waitUntil(response.then(() => emulator.idle()).catch(() => {}));
});
