// The one place that starts the in-page emulator: the service worker (src/sw) that serves PayWay under
// <base>/mock/. Its module is imported lazily, so nothing of it is on the first-paint path.
let started: Promise<boolean> | undefined;
const TIMEOUT_MS = 10_000;

/** Registers the emulator's service worker once and waits until it controls the page; false when the
 *  browser cannot run it (the send then goes to the server, which may have an emulator of its own). */
export function startEmulator(): Promise<boolean> {
  started ??= (async () => {
    if (!('serviceWorker' in navigator)) return false;
    try {
      const { registerEmulator } = await import('../sw/registerEmulator.ts');
      // A worker that never takes control must not leave Send hanging.
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no control after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS));
      await Promise.race([registerEmulator(), timeout]);
      return true;
    } catch (error) {
      console.warn('The in-page emulator could not start:', error);
      started = undefined; // let the next send try again
      return false;
    }
  })();
  return started;
}
