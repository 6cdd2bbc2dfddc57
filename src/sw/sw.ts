// The service worker: serves the emulator under <scope>mock/ so the static build needs nothing else.
// When the server in front of the app already has an emulator there (`payway start`), or the page asks
// for the server with X-PayWay-Target, it steps aside.
import { createEmulator } from '../emulator/index.ts';
import { idbStateStore } from './idbStateStore.ts';
import { CLAIM_MESSAGE } from './registerEmulator.ts';
import { answerInWorker } from './workerRoute.ts';

const worker = self as unknown as ServiceWorkerGlobalScope;
const mount = new URL('mock', worker.registration.scope).pathname;
// origin: a pushback to the emulator's own inbox is answered by the emulator itself, even after a restart.
const emulator = createEmulator({ basePath: mount, store: idbStateStore(), runtime: 'service-worker', origin: worker.location.origin });

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

const route = { emulator, network: (request: Request) => fetch(request), originHasEmulator };

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
  const response = answerInWorker(event.request, route);
  event.respondWith(response);
  // Pushbacks are sent after the answer; keep the worker alive until they are done and saved.
  event.waitUntil(response.then(() => emulator.idle()).catch(() => {}));
});
