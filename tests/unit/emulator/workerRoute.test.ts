// Who answers /mock/ in the service worker: the in-page emulator, or the network for the local-server
// target (X-PayWay-Target: local-server) and when the origin runs an emulator of its own.
import { describe, expect, it } from 'vitest';
import { PASS_THROUGH_HEADER } from '../../../src/sw/registerEmulator.ts';
import { answerInWorker, type WorkerRoute } from '../../../src/sw/workerRoute.ts';

function route(originHasEmulator: boolean): WorkerRoute & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    emulator: { fetch: async () => (asked.push('emulator'), new Response('emulator')) },
    network: async () => (asked.push('network'), new Response('network')),
    originHasEmulator: async () => originHasEmulator,
  };
}

const request = (headers: Record<string, string> = {}) => new Request('http://127.0.0.1:4173/mock/api/payment-gateway/v1/payments/check-transaction-2', { method: 'POST', headers, body: '{}' });

describe('the service worker route', () => {
  it('answers from the in-page emulator by default', async () => {
    const r = route(false);
    expect(await (await answerInWorker(request(), r)).text()).toBe('emulator');
  });

  it('passes a request marked x-payway-target: local-server to the network, as the UI sends it for the local server', async () => {
    const r = route(false);
    expect(PASS_THROUGH_HEADER).toBe('x-payway-target');
    expect(await (await answerInWorker(request({ 'X-PayWay-Target': 'local-server' }), r)).text()).toBe('network');
    expect(r.asked).toEqual(['network']);
  });

  it('steps aside for an origin that has its own emulator (payway start)', async () => {
    expect(await (await answerInWorker(request(), route(true))).text()).toBe('network');
  });
});
