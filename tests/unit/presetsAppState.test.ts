// The Saved panel's state and "remember on this device", on an in-memory store: what Ctrl/Cmd+S does,
// what a preset holds (never a key), conflicts with another tab, undo, cURL import, and the remembered
// environment living in the store (moved there from the old idb-keyval key).
import { describe, expect, it } from 'vitest';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { PresetStore } from '../../src/core/presets/presetStore.ts';
import { createMemoryBackend, type StorageBackend } from '../../src/core/presets/storageBackend.ts';
import type { EndpointId } from '../../src/core/catalog/types.ts';
import { CREDENTIALS_KEY, EnvironmentState } from '../../src/app/state/environment.svelte.ts';
import { Playground } from '../../src/app/state/playground.svelte.ts';
import { PresetsState, type PresetsApp } from '../../src/app/state/presets.svelte.ts';
import { rememberedEnvironmentStore, THIS_DEVICE_ENVIRONMENT } from '../../src/app/state/storage/rememberedEnvironment.ts';

const PLANTED = 'unit-planted-key-5d81c2';

function page(backend: StorageBackend, clock = { now: Date.UTC(2025, 1, 13, 6, 55, 45) }) {
  const environment = new EnvironmentState();
  const playground = new Playground(() => ({ credentials: environment.credentials, merchantId: environment.merchantId }), {
    endpoint: 'check-transaction',
    now: () => new Date(clock.now),
  });
  // The router as the app has it: navigating opens the endpoint in the playground.
  const router = {
    endpoint: 'check-transaction' as EndpointId | undefined,
    navigate(route: { page: string; endpoint?: EndpointId }) {
      this.endpoint = route.endpoint;
      if (route.endpoint) playground.open(route.endpoint);
    },
  };
  const app = { environment, playground, router } as unknown as PresetsApp;
  let store: Promise<PresetStore> | undefined;
  const presets = new PresetsState(app, () => (store ??= PresetStore.openList(backend)));
  return { presets, environment, playground, router, clock };
}

describe('PresetsState', () => {
  it('asks for a name on the first Ctrl/Cmd+S, then saves over the preset the form came from', async () => {
    const { presets, playground } = page(createMemoryBackend());
    expect(await presets.quickSave()).toBe('ask');
    const saved = await presets.saveNew({ name: 'Check T', tags: ['ops'], folder: 'Daily' });
    expect(presets.rows.map((r) => r.name)).toEqual(['Check T']);
    expect(presets.editing).toBe(true);
    playground.setInput('tran_id', 'T-2');
    expect(presets.modified).toBe(true);
    expect(await presets.quickSave()).toBe('saved');
    expect(presets.modified).toBe(false);
    const stored = await presets.store!.loadPreset(saved.id);
    expect(stored).toMatchObject({ name: 'Check T', tags: ['ops'], folder: 'Daily', rev: 2, draft: { inputs: { tran_id: 'T-2' } } });
    // Another endpoint in the form is not "this preset": Ctrl/Cmd+S asks again.
    playground.open('refund');
    expect(await presets.quickSave()).toBe('ask');
  });

  it("saves the environment's name, target and merchant id, never a key", async () => {
    const backend = createMemoryBackend();
    const { presets, environment, playground } = page(backend);
    environment.set('apiKey', PLANTED);
    playground.setInput('tran_id', PLANTED);
    const saved = await presets.saveNew({ name: 'x', tags: [], folder: '' });
    expect(saved.environment).toEqual({ id: THIS_DEVICE_ENVIRONMENT, name: 'In-page emulator (demo merchant)', target: 'emulator', merchantId: DEMO_MERCHANT.merchantId });
    const raw = JSON.stringify([await backend.collection('presets').entries(), await backend.collection('presetIndex').entries()]);
    expect(raw).not.toContain(PLANTED);
    expect(raw).toContain('[secret removed]');
  });

  it('does not count time fields that follow the clock as unsaved changes', async () => {
    const { presets, playground, clock } = page(createMemoryBackend());
    await presets.saveNew({ name: 'x', tags: [], folder: '' });
    clock.now += 60_000;
    playground.refreshTime();
    expect(presets.modified).toBe(false);
    playground.setInput('req_time', '20200101000000');
    expect(presets.modified).toBe(true);
  });

  it('keeps a save over a preset another tab changed meanwhile as a copy, and says so', async () => {
    const backend = createMemoryBackend();
    const a = page(backend);
    const b = page(backend);
    const original = await a.presets.saveNew({ name: 'Shared', tags: [], folder: '' });
    await b.presets.open(original.id);
    a.playground.setInput('tran_id', 'FROM-A');
    await a.presets.quickSave();
    b.playground.setInput('tran_id', 'FROM-B');
    await b.presets.quickSave();
    expect(b.presets.notice).toMatchObject({ tone: 'warning', text: expect.stringContaining('changed in another tab') });
    const { store } = await PresetStore.open(backend);
    const kept = store.presets().map((p) => `${p.name}: ${p.draft.inputs.tran_id}`);
    expect(kept.sort()).toEqual(['Shared (changed in another tab): FROM-B', 'Shared: FROM-A'].sort());
  });

  it("opens a preset with its draft and its environment's target and merchant id", async () => {
    const { presets, environment, playground, router } = page(createMemoryBackend());
    environment.setTarget('local-server');
    playground.setInput('tran_id', 'OPEN-1');
    const saved = await presets.saveNew({ name: 'Local', tags: [], folder: '' });
    environment.setTarget('emulator');
    router.navigate({ page: 'endpoint', endpoint: 'refund' });
    await presets.open(saved.id);
    expect(router.endpoint).toBe('check-transaction');
    expect(playground.inputs.tran_id).toBe('OPEN-1');
    expect(environment.target).toBe('local-server');
    expect(presets.current?.id).toBe(saved.id);
  });

  it('deletes with an undo that brings back the preset and the form’s link to it', async () => {
    const { presets } = page(createMemoryBackend());
    const saved = await presets.saveNew({ name: 'Doomed', tags: [], folder: '' });
    await presets.remove([saved.id]);
    expect(presets.rows).toEqual([]);
    expect(presets.current).toBeUndefined();
    expect(presets.notice?.text).toBe('Deleted "Doomed".');
    await presets.notice!.undo!();
    expect(presets.rows.map((r) => r.name)).toEqual(['Doomed']);
    expect(presets.current?.id).toBe(saved.id);
  });

  it('filters by text, tag, endpoint and folder', async () => {
    const { presets, playground } = page(createMemoryBackend());
    await presets.saveNew({ name: 'Check one', tags: ['staging'], folder: 'Ops' });
    playground.open('refund');
    await presets.saveNew({ name: 'Refund one', tags: ['prod'], folder: '' });
    expect(presets.filtered).toHaveLength(2);
    presets.tag = 'staging';
    expect(presets.filtered.map((r) => r.name)).toEqual(['Check one']);
    presets.clearFilter();
    presets.text = 'endpoint:refund';
    expect(presets.filtered.map((r) => r.name)).toEqual(['Refund one']);
    presets.clearFilter();
    presets.folder = 'Ops';
    expect(presets.filtered.map((r) => r.name)).toEqual(['Check one']);
    expect(presets.facets.tags).toEqual([['prod', 1], ['staging', 1]]);
  });

  it('fills the form from a cURL command, merchant id included, and lists what it did not use', () => {
    const { presets, environment, playground, router } = page(createMemoryBackend());
    const result = presets.importCurl(
      `curl -X POST https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/exchange-rate -H 'X-Odd: 1' -F req_time=20250101000000 -F merchant_id=ec000077`,
    );
    expect(result.draft?.endpoint).toBe('exchange-rate');
    expect(router.endpoint).toBe('exchange-rate');
    expect(playground.inputs.req_time).toBe('20250101000000');
    expect(environment.merchantId).toBe('ec000077');
    expect(result.notes.map((n) => n.subject)).toEqual(expect.arrayContaining(['X-Odd', 'merchant_id']));
  });

  it('puts the form in a share link without its keys', async () => {
    const { presets, environment, playground } = page(createMemoryBackend());
    environment.set('apiKey', PLANTED);
    playground.setInput('tran_id', `copy of ${PLANTED}`);
    (globalThis as { location?: { href: string } }).location = { href: 'http://127.0.0.1:4173/#/check-transaction' };
    try {
      const link = await presets.shareLink();
      expect(link.url.startsWith('http://127.0.0.1:4173/#preset=v1.')).toBe(true);
      expect(link.redacted).toEqual(['presets.0.draft.inputs.tran_id']);
    } finally {
      delete (globalThis as { location?: unknown }).location;
    }
  });
});

describe('remembering the environment on this device', () => {
  const opened = (backend = createMemoryBackend()) => {
    const store = PresetStore.openList(backend);
    return { store, connect: () => store };
  };

  it('keeps it, keys included, as one environment record of the store, and forgets it when unticked', async () => {
    const { store, connect } = opened();
    const first = new EnvironmentState(rememberedEnvironmentStore(connect, { get: async () => undefined, del: async () => {} }));
    first.set('apiKey', PLANTED);
    first.setTarget('sandbox-proxy');
    await first.setRemember(true);
    expect((await store).environments()).toEqual([
      expect.objectContaining({ id: THIS_DEVICE_ENVIRONMENT, target: 'sandbox-proxy', rememberSecrets: true, secrets: expect.objectContaining({ apiKey: PLANTED }) }),
    ]);
    const second = new EnvironmentState(rememberedEnvironmentStore(connect));
    await second.restore();
    expect([second.apiKey, second.target, second.remember]).toEqual([PLANTED, 'sandbox-proxy', true]);
    await second.setRemember(false);
    expect((await store).environments()).toEqual([]);
  });

  it('moves a copy kept under the old idb-keyval key into the store and deletes the old key', async () => {
    const { store, connect } = opened();
    const old = new Map<string, unknown>([[CREDENTIALS_KEY, { version: 1, target: 'sandbox', customUrl: '', merchantId: 'ec000123', apiKey: PLANTED, rsaPublicKeyPem: '', partnerKey: '' }]]);
    const legacy = { get: async (key: string) => old.get(key), del: async (key: string) => void old.delete(key) };
    const env = new EnvironmentState(rememberedEnvironmentStore(connect, legacy));
    await env.restore();
    expect([env.merchantId, env.apiKey, env.remember]).toEqual(['ec000123', PLANTED, true]);
    expect(old.size).toBe(0);
    expect((await store).environments()[0]).toMatchObject({ id: THIS_DEVICE_ENVIRONMENT, merchantId: 'ec000123', secrets: { apiKey: PLANTED } });
  });

  it('says so when the store is only in memory', async () => {
    const { connect } = opened(createMemoryBackend('IndexedDB is blocked'));
    const env = new EnvironmentState(rememberedEnvironmentStore(connect, { get: async () => undefined, del: async () => {} }));
    await env.setRemember(true);
    expect(env.storageNote).toMatch(/in memory only/);
  });
});
