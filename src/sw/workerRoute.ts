// Who answers a request under <scope>mock/ in the service worker: the in-page emulator, or the network
// when the page asked for the server behind the app (the local-server target sends X-PayWay-Target:
// local-server) or when that server has an emulator of its own (`payway start`).
import type { Emulator } from '../emulator/index.ts';
import { PASS_THROUGH_HEADER } from './registerEmulator.ts';

export interface WorkerRoute {
  emulator: Pick<Emulator, 'fetch'>;
  network: (request: Request) => Promise<Response>;
  /** Whether the origin itself answers <scope>mock/ with an emulator. */
  originHasEmulator: () => Promise<boolean>;
}

export async function answerInWorker(request: Request, route: WorkerRoute): Promise<Response> {
  if (request.headers.has(PASS_THROUGH_HEADER) || (await route.originHasEmulator())) return route.network(request);
  return route.emulator.fetch(request);
}
