// Where the "emulator" target really runs. Under `payway start` the server has an emulator at mock/ and
// the service worker steps aside for it (src/sw/workerRoute.ts); on a static host the service worker is
// the emulator. The page asks the way the worker does, past the worker (the pass-through header).
import { LOCAL_SERVER_HEADER } from './send.ts';

export type EmulatorHome = 'server' | 'page';

export async function detectEmulatorHome(baseURI: string, doFetch: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<EmulatorHome> {
  try {
    const response = await doFetch(new URL('mock/_emulator/info', baseURI), { headers: { [LOCAL_SERVER_HEADER]: 'probe' }, cache: 'no-store' });
    if (!response.ok || !response.headers.get('content-type')?.includes('application/json')) return 'page';
    const info = (await response.json()) as { emulator?: unknown };
    return info.emulator === 'payway-playground' ? 'server' : 'page';
  } catch {
    return 'page';
  }
}
