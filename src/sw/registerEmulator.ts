// For the UI: start the in-page emulator. Registers the service worker at the app's base and resolves
// once it controls the page, so a following fetch('./mock/…') reaches the emulator.

export const CLAIM_MESSAGE = 'payway-emulator:claim';

/** A request to <base>mock/ with this header goes to the server, not the in-page emulator (the UI sends
 *  `x-payway-target: local-server` for the local-server target; any value counts). */
export const PASS_THROUGH_HEADER = 'x-payway-target';

export interface RegisterEmulatorOptions {
  /** The app's base URL (where index.html and sw.js are); default: the document's directory. */
  base?: string | URL;
}

/** The app's base URL: the emulator is at `new URL('mock/', base)`. */
export const appBase = (base?: string | URL): URL => new URL(base ?? './', document.baseURI);

export async function registerEmulator(options: RegisterEmulatorOptions = {}): Promise<ServiceWorkerRegistration> {
  if (!('serviceWorker' in navigator)) {
    throw new Error('This browser offers no service workers here (a private window, or a page not served over http://localhost or https), so the in-page emulator cannot run.');
  }
  const base = appBase(options.base);
  const container = navigator.serviceWorker;
  const registration = await container.register(new URL('sw.js', base), { scope: base.pathname });
  if (container.controller) return registration;
  const controlled = new Promise<void>((resolve) => container.addEventListener('controllerchange', () => resolve(), { once: true }));
  const worker = await container.ready;
  // After a hard reload the active worker does not take the page by itself.
  worker.active?.postMessage(CLAIM_MESSAGE);
  await controlled;
  return registration;
}
