import { describe, expect, it } from 'vitest';
import { facetsOf, filterPresets, indexPresets } from '../../src/core/presets/filterPresets.ts';
import { describeSecretStorage, HISTORY_BODY_LIMIT, HISTORY_CAP, PresetStore, type HistoryInput, type StoreChange } from '../../src/core/presets/presetStore.ts';
import type { Preset } from '../../src/core/presets/schema.ts';
import { createMemoryBackend, type StorageBackend } from '../../src/core/presets/storageBackend.ts';

function clock(start = 1_000) {
  let t = start;
  return () => ++t;
}
function ids(prefix = 'id') {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
const draft = (endpoint: 'check-transaction' | 'refund' | 'exchange-rate' = 'check-transaction', tran = 'T1') => ({ endpoint, inputs: { merchant_id: 'ec000002', tran_id: tran } });
const open = (backend: StorageBackend, prefix = 'id') => PresetStore.open(backend, { now: clock(), newId: ids(prefix) });
const sendOf = (n: number, body = '{}'): HistoryInput => ({
  at: 10_000 + n,
  draft: draft('check-transaction', `T${n}`),
  target: 'emulator',
  request: { method: 'POST', url: 'http://127.0.0.1/mock/api', headers: [['content-type', 'application/json']], body },
  response: { status: 200, statusText: 'OK', headers: [], body: `{"n":${n}}`, durationMs: 3 },
});

describe('presets', () => {
  it('saves, renames, tags, moves and duplicates, and a reopened store sees it all', async () => {
    const backend = createMemoryBackend();
    const { store } = await open(backend);
    const { preset } = await store.savePreset({ name: ' Check T1 ', draft: draft(), tags: ['a', 'a', ' b '], folder: '/ops//daily/' });
    expect(preset).toMatchObject({ id: 'id-1', name: 'Check T1', tags: ['a', 'b'], folder: 'ops/daily', rev: 1 });
    await store.renamePreset(preset.id, 'Check first');
    await store.setTags(preset.id, ['x']);
    await store.moveToFolder(preset.id, 'archive');
    const copy = await store.duplicatePreset(preset.id);
    const copy2 = await store.duplicatePreset(preset.id);
    expect([copy.name, copy2.name]).toEqual(['Check first (copy)', 'Check first (copy 2)']);
    expect(copy.id).not.toBe(preset.id);

    const { store: reopened, report } = await open(backend);
    expect(report).toMatchObject({ presets: 3, quarantined: 0, migrated: 0 });
    expect(reopened.preset(preset.id)).toMatchObject({ name: 'Check first', tags: ['x'], folder: 'archive', rev: 4 });
  });

  it('lists the most recently changed first', async () => {
    const { store } = await open(createMemoryBackend());
    const a = (await store.savePreset({ name: 'a', draft: draft() })).preset;
    await store.savePreset({ name: 'b', draft: draft() });
    await store.renamePreset(a.id, 'a2');
    expect(store.presets().map((p) => p.name)).toEqual(['a2', 'b']);
  });

  it('deletes with undo, bringing back exactly what was deleted', async () => {
    const backend = createMemoryBackend();
    const { store } = await open(backend);
    const a = (await store.savePreset({ name: 'a', draft: draft(), tags: ['t'] })).preset;
    const b = (await store.savePreset({ name: 'b', draft: draft() })).preset;
    const token = await store.deletePresets([a.id, b.id, 'missing']);
    expect(token.count).toBe(2);
    expect(store.presets()).toEqual([]);
    expect((await open(backend)).store.presets()).toEqual([]);
    await token.undo();
    expect(store.preset(a.id)).toEqual(a);
    expect((await open(backend)).store.presets().map((p) => p.id).sort()).toEqual([a.id, b.id]);
  });

  it('strips secrets from what it stores, even a key pasted into an input', async () => {
    const backend = createMemoryBackend();
    const { store } = await open(backend);
    await store.savePreset({ name: 'x', draft: { endpoint: 'refund', inputs: { note: 'my key is api-key-123456' } } }, { apiKey: 'api-key-123456' });
    const raw = JSON.stringify(await backend.collection('presets').entries());
    expect(raw).not.toContain('api-key-123456');
  });
});

describe('two tabs on one database', () => {
  it('lose nothing when both create presets at the same time', async () => {
    const backend = createMemoryBackend();
    const [{ store: tabA }, { store: tabB }] = await Promise.all([open(backend, 'a'), open(backend, 'b')]);
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => tabA.savePreset({ name: `A${i}`, draft: draft() })),
      ...Array.from({ length: 20 }, (_, i) => tabB.savePreset({ name: `B${i}`, draft: draft() })),
    ]);
    expect((await open(backend)).store.presets()).toHaveLength(40);
  });

  it('keep a conflicting edit of the same preset as a copy instead of overwriting', async () => {
    const backend = createMemoryBackend();
    const { store: tabA } = await open(backend, 'a');
    const original = (await tabA.savePreset({ name: 'Shared', draft: draft() })).preset;
    const { store: tabB } = await open(backend, 'b');
    const fromA = await tabA.savePreset({ ...original, draft: draft('check-transaction', 'FROM-A'), baseRev: original.rev });
    const fromB = await tabB.savePreset({ ...original, draft: draft('check-transaction', 'FROM-B'), baseRev: original.rev });
    expect(fromA.savedAsCopy).toBeUndefined();
    expect(fromB.savedAsCopy).toBe(true);
    const all = (await open(backend)).store.presets();
    expect(all.map((p) => p.draft.inputs.tran_id).sort()).toEqual(['FROM-A', 'FROM-B']);
    expect(all.find((p) => p.id === original.id)?.draft.inputs.tran_id).toBe('FROM-A');
  });

  it('notify local changes and pick up the other tab\'s after reload()', async () => {
    const backend = createMemoryBackend();
    const { store: tabA } = await open(backend, 'a');
    const { store: tabB } = await open(backend, 'b');
    const heard: StoreChange[] = [];
    tabA.subscribe((change) => heard.push(change));
    const bChanges: StoreChange[] = [];
    tabB.subscribe((change) => bChanges.push(change));
    const { preset } = await tabA.savePreset({ name: 'new in A', draft: draft() });
    expect(heard).toEqual([{ collection: 'presets', keys: [preset.id], origin: 'local' }]);
    // What broadcastSync does with the message:
    await tabB.reload(heard[0]!.collection, heard[0]!.keys);
    expect(tabB.preset(preset.id)?.name).toBe('new in A');
    expect(bChanges.at(-1)).toMatchObject({ origin: 'remote' });
    const undo = await tabA.deletePresets([preset.id]);
    await tabB.reload('presets', [preset.id]);
    expect(tabB.preset(preset.id)).toBeUndefined();
    expect(undo.count).toBe(1);
  });
});

describe('history', () => {
  it(`keeps the newest ${HISTORY_CAP} entries and drops the oldest`, async () => {
    const backend = createMemoryBackend();
    const { store } = await open(backend);
    for (let n = 0; n < HISTORY_CAP + 5; n++) await store.addHistory(sendOf(n));
    const history = store.history();
    expect(history).toHaveLength(HISTORY_CAP);
    expect(history[0]!.draft.inputs.tran_id).toBe(`T${HISTORY_CAP + 4}`);
    expect(history.at(-1)!.draft.inputs.tran_id).toBe('T5');
    expect(await backend.collection('history').keys()).toHaveLength(HISTORY_CAP);
  });

  it('reopens an entry with its draft, request, response, time and target', async () => {
    const { store } = await open(createMemoryBackend());
    const entry = await store.addHistory(sendOf(7));
    expect(entry).toMatchObject({ at: 10_007, target: 'emulator', draft: draft('check-transaction', 'T7'), request: { url: 'http://127.0.0.1/mock/api' }, response: { status: 200, body: '{"n":7}' } });
  });

  it('cuts huge bodies and strips secrets', async () => {
    const { store } = await open(createMemoryBackend());
    const entry = await store.addHistory(sendOf(1, `{"note":"secret-key-value-1"}${'x'.repeat(HISTORY_BODY_LIMIT)}`), { apiKey: 'secret-key-value-1' });
    expect(entry.request.truncated).toBe(true);
    expect(entry.request.body.length).toBeLessThanOrEqual(HISTORY_BODY_LIMIT);
    expect(entry.request.body.length).toBeGreaterThan(HISTORY_BODY_LIMIT - 100);
    expect(JSON.stringify(entry)).not.toContain('secret-key-value-1');
  });
});

describe('environments', () => {
  it('stores secrets only when asked to remember them, and forgets them when unticked', async () => {
    const backend = createMemoryBackend();
    const { store } = await open(backend);
    const secrets = { apiKey: 'env-api-key-0001', rsaPublicKeyPem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' };
    const plain = await store.saveEnvironment({ name: 'Sandbox', target: 'sandbox-proxy', merchantId: 'm1' }, { remember: false, secrets });
    expect(JSON.stringify(await backend.collection('environments').entries())).not.toContain('env-api-key-0001');
    await store.saveEnvironment(plain, { remember: true, secrets });
    expect((await open(backend)).store.environments()[0]?.secrets).toEqual(secrets);
    await store.saveEnvironment(plain, { remember: false });
    expect(JSON.stringify(await backend.collection('environments').entries())).not.toContain('env-api-key-0001');
  });

  it('says where remembered secrets are kept', () => {
    expect(describeSecretStorage('indexeddb')).toMatch(/unencrypted in this browser's IndexedDB/);
    expect(describeSecretStorage('memory')).toMatch(/memory only/);
  });
});

describe('quarantine', () => {
  it('moves invalid records aside on open, reports them, and keeps their raw value', async () => {
    const backend = createMemoryBackend('IndexedDB is blocked');
    const { store } = await open(backend);
    const good = (await store.savePreset({ name: 'ok', draft: draft() })).preset;
    await backend.collection('presets').set('broken', { v: 1, kind: 'preset', id: 'broken', draft: { endpoint: 'nope', inputs: {} } });
    await backend.collection('presets').set('future', { ...good, id: 'future', v: 99 });
    const { store: reopened, report } = await open(backend);
    expect(reopened.backendKind).toBe('memory');
    expect(reopened.backendReason).toBe('IndexedDB is blocked');
    expect(report).toMatchObject({ presets: 1, quarantined: 1, newerVersion: 1 });
    expect(report.quarantine[0]).toMatchObject({ collection: 'presets', originalKey: 'broken', record: { reason: 'invalid', raw: { id: 'broken' } } });
    // The newer record stays where it is for the newer app; the invalid one left the collection.
    expect((await backend.collection('presets').keys()).sort()).toEqual([good.id, 'future'].sort());
    expect(reopened.quarantineAsJson()).toContain('"broken"');
    await reopened.discardQuarantined([report.quarantine[0]!.key]);
    expect((await open(backend)).report.quarantine).toEqual([]);
  });

  it('writes records repaired on load back in their repaired form', async () => {
    const backend = createMemoryBackend();
    await backend.collection('presets').set('p', { v: 1, kind: 'preset', id: 'p', name: 'n', tags: 'a,b', draft: { endpoint: 'exchange-rate', inputs: { merchant_id: 1 } } });
    await open(backend);
    expect((await backend.collection('presets').getMany(['p']))[0]).toMatchObject({ tags: ['a', 'b'], draft: { inputs: { merchant_id: '1' } }, folder: '' });
  });
});

describe('import into the store', () => {
  it('keeps an imported preset beside an existing one with the same id, and secrets only when allowed', async () => {
    const { store } = await open(createMemoryBackend());
    const existing = (await store.savePreset({ name: 'mine', draft: draft() })).preset;
    const imported: Preset = { ...existing, name: 'theirs' };
    const environment = { v: 1 as const, kind: 'environment' as const, id: 'e', name: 'E', target: 'sandbox' as const, merchantId: 'm', rememberSecrets: true, secrets: { apiKey: 'imported-key-001' }, updatedAt: 1, rev: 1 };
    const result = await store.importData({ presets: [imported], environments: [environment], history: [], secretsIncluded: true });
    expect(result.presets[0]!.id).not.toBe(existing.id);
    expect(store.presets().map((p) => p.name).sort()).toEqual(['mine', 'theirs']);
    expect(store.environments()[0]).not.toHaveProperty('secrets');
    await store.importData({ presets: [], environments: [environment], history: [], secretsIncluded: true }, { keepSecrets: true });
    expect(store.environments()[0]?.secrets).toEqual({ apiKey: 'imported-key-001' });
  });
});

describe('filterPresets', () => {
  const make = (id: string, name: string, endpoint: Preset['draft']['endpoint'], tags: string[], folder = ''): Preset => ({
    v: 1, kind: 'preset', id, name, folder, tags, draft: { endpoint, inputs: {} }, createdAt: 0, updatedAt: 0, rev: 1,
  });
  const presets = [
    make('1', 'Refund order 1001', 'refund', ['Staging', 'urgent'], 'Refunds/2025'),
    make('2', 'Check order 1001', 'check-transaction', ['staging']),
    make('3', 'QR counter', 'generate-qr', ['shop'], 'Refunds'),
    make('4', 'Exchange rate', 'exchange-rate', []),
  ];
  const index = indexPresets(presets);
  const names = (filter: Parameters<typeof filterPresets>[1]) => filterPresets(index, filter).map((p) => p.id);

  it('matches every word against name, endpoint, folder and tags, ignoring case', () => {
    expect(names({ text: 'ORDER 1001' })).toEqual(['1', '2']);
    expect(names({ text: 'check-transaction-2' })).toEqual(['2']); // the endpoint's path
    expect(names({ text: 'qr api' })).toEqual(['3']); // the endpoint's name
    expect(names({ text: '' })).toEqual(['1', '2', '3', '4']);
  });

  it('narrows by endpoint, tags and folder', () => {
    expect(names({ endpoint: 'refund' })).toEqual(['1']);
    expect(names({ tags: ['staging'] })).toEqual(['1', '2']);
    expect(names({ tags: ['staging', 'urgent'] })).toEqual(['1']);
    expect(names({ folder: 'Refunds' })).toEqual(['1', '3']);
    expect(names({ folder: 'Refunds/2025' })).toEqual(['1']);
    expect(names({ text: 'tag:shop' })).toEqual(['3']);
    expect(names({ text: 'endpoint:refund order' })).toEqual(['1']);
  });

  it('counts tags, folders and endpoints for the pickers', () => {
    expect(facetsOf(presets).tags).toEqual([['shop', 1], ['staging', 1], ['Staging', 1], ['urgent', 1]]);
    expect(facetsOf(presets).folders).toEqual([['Refunds', 1], ['Refunds/2025', 1]]);
  });
});
