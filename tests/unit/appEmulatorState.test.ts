import { describe, expect, it } from 'vitest';
import { signPushback } from '../../src/core/callbacks/pushbackSignature.ts';
import type { TargetKind } from '../../src/core/presets/draft.ts';
import { doctorStateOf, EmulatorState, type AdminClient } from '../../src/app/state/emulator.svelte.ts';
import type { Delivery, EmulatorInfo, RequestLogEntry } from '../../src/sw/emulatorClient.ts';

const KEY = 'merchant-key';

function delivery(id: string, merchantId: string, header: string | undefined, body: Record<string, unknown> = { tran_id: id, status: 0 }): Delivery {
  return {
    id,
    merchantId,
    event: 'purchase',
    ref: id,
    url: 'http://127.0.0.1/mock/_emulator/inbox',
    headers: { 'Content-Type': 'application/json', ...(header === undefined ? {} : { 'X-PayWay-HMAC-SHA512': header }) },
    body,
    createdAt: '2025-02-13T06:55:45.000Z',
    attempts: [{ at: '2025-02-13T06:55:46.000Z', ok: true, status: 200 }],
  };
}

/** An admin client over fixed answers, recording the roots it was made for and the calls. */
function fakeAdmin(info: Partial<EmulatorInfo>, deliveries: Delivery[] = [], logged: RequestLogEntry[] | 'none' = []) {
  const calls: string[] = [];
  const requestFilters: unknown[] = [];
  const roots: string[] = [];
  let rateLimits = true;
  const client: AdminClient = {
    info: async () => ({ emulator: 'payway-playground', runtime: 'node', basePath: '/mock', stateVersion: 1, merchants: 1, settings: { rateLimits }, ...info }) as EmulatorInfo,
    transactions: async () => [],
    sessions: async () => [],
    deliveries: async () => deliveries,
    inbox: async () => (calls.push('inbox'), []),
    merchants: async () => [{ merchantId: 'm1', name: 'M', apiKey: KEY, rsaPublicKeyPem: '', currency: 'USD', builtIn: true }],
    resend: async () => (calls.push('resend'), { delivery: deliveries[0]!, attempt: { at: '', ok: true, status: 200 } }),
    reset: async () => (calls.push('reset'), { ok: true as const }),
    setRateLimits: async (on) => ((rateLimits = on), calls.push(`rate:${on}`), { rateLimits: on }),
    requests: async (filter) => {
      requestFilters.push(filter);
      if (logged === 'none') throw new Error('Not Found');
      return logged;
    },
  };
  return { calls, roots, requestFilters, make: (root: URL) => (roots.push(root.href), client) };
}

function state(target: TargetKind, admin: ReturnType<typeof fakeAdmin>, started: string[] = []) {
  return new EmulatorState({ target: () => target, baseURI: () => 'http://127.0.0.1:4173/app/', start: async () => (started.push('start'), true), client: admin.make });
}

describe('EmulatorState', () => {
  it('checks each pushback’s signature with its merchant’s API key', async () => {
    const body = { tran_id: 't1', apv: '1', status: 0 };
    const good = (await signPushback(body, KEY)).hash;
    const admin = fakeAdmin({}, [
      delivery('ok', 'm1', good, body),
      delivery('tampered', 'm1', good, { ...body, apv: '2' }),
      delivery('link', 'm1', undefined),
      delivery('waiting', 'm1', ''),
      delivery('gone', 'm9', good, body),
    ]);
    const emulator = state('local-server', admin);
    await emulator.refresh();
    expect(emulator.signatures).toEqual({
      ok: { state: 'valid', merchantId: 'm1' },
      tampered: { state: 'invalid', merchantId: 'm1' },
      link: { state: 'unsigned' },
      waiting: { state: 'pending' },
      gone: { state: 'unknown-merchant' },
    });
    expect(emulator.deliveries).toHaveLength(5);
    expect(emulator.error).toBeUndefined();
  });

  it('uses the inbox only when the emulator has one, and offers it only for an emulator target', async () => {
    const without = fakeAdmin({});
    const old = state('emulator', without);
    await old.refresh();
    expect(old.inboxUrl).toBeUndefined();
    expect(old.offeredInboxUrl).toBeUndefined();
    expect(without.calls).not.toContain('inbox');

    const inboxUrl = 'http://127.0.0.1:4173/app/mock/_emulator/inbox';
    const withInbox = fakeAdmin({ inboxUrl });
    const current = state('emulator', withInbox);
    await current.refresh();
    expect(current.offeredInboxUrl).toBe(inboxUrl);
    expect(withInbox.calls).toContain('inbox');
    const sandbox = state('sandbox', withInbox);
    await sandbox.refresh();
    expect(sandbox.inboxUrl).toBe(inboxUrl);
    expect(sandbox.offeredInboxUrl).toBeUndefined();
  });

  it('starts the in-page emulator first, and asks the local server at the origin’s /mock/', async () => {
    const admin = fakeAdmin({});
    const started: string[] = [];
    await state('emulator', admin, started).refresh();
    await state('local-server', admin, started).refresh();
    expect(started).toEqual(['start']);
    expect(admin.roots).toEqual(['http://127.0.0.1:4173/app/mock/', 'http://127.0.0.1:4173/mock/']);
  });

  it('resets, switches rate limits and resends, then reads everything again', async () => {
    const admin = fakeAdmin({}, [delivery('d1', 'm1', undefined)]);
    const emulator = state('local-server', admin);
    await emulator.setRateLimits(false);
    expect(emulator.info?.settings.rateLimits).toBe(false);
    await emulator.resend('d1');
    expect(emulator.note).toBe('Resent: HTTP 200.');
    await emulator.reset();
    expect(admin.calls).toEqual(['rate:false', 'resend', 'reset']);
    expect(emulator.note).toMatch(/^Emulator reset/);
  });

  it('says so when the emulator does not answer', async () => {
    const admin = fakeAdmin({});
    const broken = new EmulatorState({ target: () => 'local-server', baseURI: () => 'http://127.0.0.1/', client: () => ({ ...admin.make(new URL('http://x/')), info: async () => Promise.reject(new Error('HTTP 404')) }) });
    await broken.refresh();
    expect(broken.error).toBe('The emulator did not answer: HTTP 404');
    expect(broken.loading).toBe(false);
    // No service worker, and a static host without an emulator of its own: say what to do instead.
    const noWorker = new EmulatorState({ target: () => 'emulator', baseURI: () => 'http://127.0.0.1/', start: async () => false, client: () => ({ ...admin.make(new URL('http://x/')), info: async () => Promise.reject(new Error('HTTP 404')) }) });
    await noWorker.refresh();
    expect(noWorker.error).toMatch(/cannot run in this browser.*npx payway start/);
  });

  it('reads the request log with its filter, and does without it on an emulator that has none', async () => {
    const refused: RequestLogEntry = {
      id: 7, at: '2025-02-13T06:55:45.000Z', method: 'POST', path: '/api/payment-gateway/v1/payments/check-transaction-2', endpoint: 'check-transaction',
      status: 403, code: '5', outcome: 'refused', diagnosis: 'wrong hash: x', diagnosisState: 'final', ms: 1,
      request: { contentType: 'application/json', fields: [['req_time', '20250213065545'], ['hash', 'h']] },
    };
    const admin = fakeAdmin({}, [], [refused]);
    const emulator = state('local-server', admin);
    await emulator.refresh();
    expect(emulator.requests).toEqual([refused]);
    await emulator.filterRequests({ refusedOnly: true, path: 'check' });
    expect(admin.requestFilters).toEqual([{ limit: 50 }, { limit: 50, outcome: 'refused', path: 'check' }]);
    const old = state('local-server', fakeAdmin({}, [], 'none'));
    await old.refresh();
    expect(old.requests).toEqual([]);
    expect(old.error).toBeUndefined();
  });

  it("opens the doctor with a logged request as the response panel does, never with a truncated one", () => {
    const entry: RequestLogEntry = { id: 1, at: '', method: 'POST', path: '/p', endpoint: 'refund', status: 403, outcome: 'refused', ms: 1, request: { contentType: 'application/json', fields: [['a', '1']] } };
    expect(doctorStateOf(entry)).toEqual({ endpoint: 'refund', wire: [['a', '1']] });
    expect(doctorStateOf({ ...entry, request: { ...entry.request!, truncated: true } })).toBeUndefined();
    expect(doctorStateOf({ ...entry, request: undefined })).toBeUndefined();
  });
});
