// The list index: the preset list opens from one record, stays in step with every save, rename and
// delete (also two tabs at once), and is rebuilt or corrected from the records whenever it is missing,
// damaged or out of date, so the list never shows less, more or older than what is stored.
import { describe, expect, it } from 'vitest';
import { LIST_INDEX_KEY, listIndexRecord, listItemOf, readListIndex, type PresetListIndex } from '../../src/core/presets/presetListIndex.ts';
import { PresetStore, type StoreOptions } from '../../src/core/presets/presetStore.ts';
import type { Preset } from '../../src/core/presets/schema.ts';
import { createMemoryBackend, type CollectionName, type KeyValueCollection, type StorageBackend } from '../../src/core/presets/storageBackend.ts';

function options(prefix = 'id'): StoreOptions {
  let t = 1_000;
  let n = 0;
  return { now: () => ++t, newId: () => `${prefix}-${++n}`, pause: async () => {} };
}
const draft = (tran = 'T1') => ({ endpoint: 'check-transaction' as const, inputs: { merchant_id: 'ec000002', tran_id: tran } });

async function storedIndex(backend: StorageBackend): Promise<PresetListIndex> {
  const [raw] = await backend.collection('presetIndex').getMany([LIST_INDEX_KEY]);
  const index = readListIndex(raw);
  if (!index) throw new Error('no readable list index stored');
  return index;
}

/** The index must hold exactly one row per stored record, equal to the row the record gives. */
async function expectIndexMatchesRecords(backend: StorageBackend): Promise<void> {
  const index = await storedIndex(backend);
  const records = (await backend.collection('presets').entries()).map(([, value]) => value as Preset);
  expect([...index.items.keys()].sort()).toEqual(records.map((r) => r.id).sort());
  for (const record of records) expect(index.items.get(record.id)).toEqual(listItemOf(record));
}

/** A backend that counts reads of full preset records, and can hold back the next one's answer. */
function watchedBackend(inner = createMemoryBackend()) {
  const reads = { records: 0 };
  let held: Promise<void> | undefined;
  const backend: StorageBackend = {
    kind: inner.kind,
    collection(name: CollectionName): KeyValueCollection {
      const collection = inner.collection(name);
      if (name !== 'presets') return collection;
      return {
        ...collection,
        entries: async () => {
          reads.records++;
          return collection.entries();
        },
        getMany: async (keys) => {
          reads.records += keys.length;
          const values = await collection.getMany(keys);
          const gate = held;
          held = undefined;
          await gate;
          return values;
        },
      };
    },
  };
  return {
    backend,
    reads,
    /** The next getMany reads at once but answers only after release(). */
    holdNextRead() {
      let release!: () => void;
      held = new Promise((resolve) => (release = resolve));
      return release;
    },
  };
}

async function seeded(count: number) {
  const backend = createMemoryBackend();
  const { store } = await PresetStore.open(backend, options('seed'));
  for (let i = 0; i < count; i++) await store.savePreset({ name: `Preset ${i}`, draft: draft(`T${i}`), tags: [`t${i % 3}`] });
  return backend;
}

describe('the list index', () => {
  it('is written with every save, rename, tag, move, duplicate, delete and undo', async () => {
    const backend = createMemoryBackend();
    const { store } = await PresetStore.open(backend, options());
    const { preset } = await store.savePreset({ name: 'a', draft: draft() });
    await expectIndexMatchesRecords(backend);
    await store.renamePreset(preset.id, 'renamed');
    await store.setTags(preset.id, ['x', 'y']);
    await store.moveToFolder(preset.id, 'ops/daily');
    const copy = await store.duplicatePreset(preset.id);
    await expectIndexMatchesRecords(backend);
    const undo = await store.deletePresets([preset.id, copy.id]);
    await expectIndexMatchesRecords(backend);
    expect((await storedIndex(backend)).items.size).toBe(0);
    await undo.undo();
    await expectIndexMatchesRecords(backend);
    expect((await storedIndex(backend)).items.get(preset.id)).toMatchObject({ name: 'renamed', tags: ['x', 'y'], folder: 'ops/daily' });
  });

  it('opens the list without reading a single full record, and loads one on demand', async () => {
    const { backend, reads } = watchedBackend(await seeded(30));
    const store = await PresetStore.openList(backend, options());
    expect(store.list()).toHaveLength(30);
    expect(store.list()[0]).toMatchObject({ name: 'Preset 29', endpoint: 'check-transaction', tags: ['t2'] });
    expect(reads.records).toBe(0);
    // Before the background check has read it, a record is read on demand.
    expect(store.preset(store.list()[0]!.id)).toBeUndefined();
    expect((await store.loadPreset(store.list()[0]!.id))?.draft.inputs.tran_id).toBe('T29');
    const report = await store.verified;
    expect(report).toMatchObject({ listIndex: 'used', presets: 30, quarantined: 0, listRowsCorrected: 0 });
    expect(store.presets()).toHaveLength(30);
  });

  it('stays consistent when two tabs save, rename and delete at the same time', async () => {
    const backend = await seeded(10);
    const [tabA, tabB] = await Promise.all([PresetStore.open(backend, options('a')), PresetStore.open(backend, options('b'))]).then((r) => r.map((x) => x.store));
    const ids = tabA!.list().map((p) => p.id);
    await Promise.all([
      ...Array.from({ length: 25 }, (_, i) => tabA!.savePreset({ name: `A${i}`, draft: draft() })),
      ...Array.from({ length: 25 }, (_, i) => tabB!.savePreset({ name: `B${i}`, draft: draft() })),
      tabA!.renamePreset(ids[0]!, 'renamed by A'),
      tabB!.renamePreset(ids[1]!, 'renamed by B'),
      tabA!.deletePresets([ids[2]!]),
      tabB!.deletePresets([ids[3]!]),
      tabB!.duplicatePreset(ids[4]!),
    ]);
    await expectIndexMatchesRecords(backend);
    const reopened = await PresetStore.openList(backend, options('c'));
    expect(reopened.list()).toHaveLength(10 + 50 - 2 + 1);
    expect(reopened.list().find((p) => p.id === ids[0])?.name).toBe('renamed by A');
    expect(await reopened.verified).toMatchObject({ listIndex: 'used', listRowsCorrected: 0 });
  });

  it('is rebuilt from the records when it is missing', async () => {
    const backend = await seeded(12);
    await backend.collection('presetIndex').delMany([LIST_INDEX_KEY]);
    const { store, report } = await PresetStore.open(backend, options());
    expect(report).toMatchObject({ listIndex: 'rebuilt', presets: 12 });
    expect(store.list()).toHaveLength(12);
    await expectIndexMatchesRecords(backend);
    expect((await PresetStore.open(backend, options())).report.listIndex).toBe('used');
  });

  it.each([
    ['not an object', 'garbage'],
    ['from another version', { v: 2, kind: 'preset-list-index', rows: '[]', unlisted: [] }],
    ['rows that are not JSON', { v: 1, kind: 'preset-list-index', rows: '[{"id":', unlisted: [] }],
    ['a row of the wrong shape', { v: 1, kind: 'preset-list-index', rows: JSON.stringify([{ id: 'x', name: 3 }]), unlisted: [] }],
    ['a row naming an unknown endpoint', { v: 1, kind: 'preset-list-index', rows: JSON.stringify([{ id: 'x', name: 'n', folder: '', tags: [], endpoint: 'nope', createdAt: 1, updatedAt: 1, rev: 1 }]), unlisted: [] }],
  ])('is rebuilt from the records when it is damaged: %s', async (_, damaged) => {
    const backend = await seeded(5);
    await backend.collection('presetIndex').set(LIST_INDEX_KEY, damaged);
    const { store, report } = await PresetStore.open(backend, options());
    expect(report.listIndex).toBe('rebuilt');
    expect(store.list().map((p) => p.name).sort()).toEqual(['Preset 0', 'Preset 1', 'Preset 2', 'Preset 3', 'Preset 4']);
    await expectIndexMatchesRecords(backend);
  });

  it('reads only the records it lacks when presets were added behind its back', async () => {
    const inner = await seeded(20);
    const stray: Preset = { v: 1, kind: 'preset', id: 'stray', name: 'Written by an app without the index', folder: '', tags: [], draft: draft('S'), createdAt: 5, updatedAt: 5, rev: 1 };
    await inner.collection('presets').set('stray', stray);
    const { backend, reads } = watchedBackend(inner);
    const store = await PresetStore.openList(backend, options());
    expect(store.list().map((p) => p.id)).toContain('stray');
    expect(reads.records).toBe(1);
    expect((await store.verified).listIndex).toBe('repaired');
    await expectIndexMatchesRecords(inner);
  });

  it('drops rows whose record is gone', async () => {
    const backend = await seeded(6);
    const victim = (await storedIndex(backend)).items.keys().next().value!;
    await backend.collection('presets').delMany([victim]);
    const store = await PresetStore.openList(backend, options());
    expect(store.list().map((p) => p.id)).not.toContain(victim);
    expect(store.list()).toHaveLength(5);
    await store.verified;
    await expectIndexMatchesRecords(backend);
  });

  it('corrects a row that fell behind its record, once the records are checked', async () => {
    const backend = await seeded(6);
    const index = await storedIndex(backend);
    const [id, row] = [...index.items][0]!;
    // A rename that reached the record but not the index (a crash in between, or an older app).
    const [record] = (await backend.collection('presets').getMany([id])) as Preset[];
    await backend.collection('presets').set(id, { ...record!, name: 'Renamed elsewhere', rev: row.rev + 1 });
    const store = await PresetStore.openList(backend, options());
    expect(store.list().find((p) => p.id === id)?.name).toBe(row.name);
    const heard: string[][] = [];
    store.subscribe((change) => heard.push(change.keys));
    const report = await store.verified;
    expect(report.listRowsCorrected).toBe(1);
    expect(store.list().find((p) => p.id === id)?.name).toBe('Renamed elsewhere');
    expect(heard.flat()).toContain(id);
    await expectIndexMatchesRecords(backend);
  });

  it('sets aside a listed record that fails validation, and takes it off the list and the index', async () => {
    const backend = await seeded(4);
    const [id] = [...(await storedIndex(backend)).items.keys()];
    await backend.collection('presets').set(id!, { v: 1, kind: 'preset', id, name: 'broken', draft: { endpoint: 'nope', inputs: {} } });
    const store = await PresetStore.openList(backend, options());
    expect(store.list()).toHaveLength(4);
    const report = await store.verified;
    expect(report).toMatchObject({ quarantined: 1, presets: 3 });
    expect(report.quarantine[0]).toMatchObject({ originalKey: id, record: { reason: 'invalid' } });
    expect(store.list().map((p) => p.id)).not.toContain(id);
    await expectIndexMatchesRecords(backend);
  });

  it('leaves records of a newer version unlisted without repairing the index on every open', async () => {
    const backend = await seeded(3);
    const [id] = [...(await storedIndex(backend)).items.keys()];
    const [record] = (await backend.collection('presets').getMany([id!])) as Preset[];
    await backend.collection('presets').set('future', { ...record!, id: 'future', v: 99 });
    const first = await PresetStore.open(backend, options());
    expect(first.report).toMatchObject({ listIndex: 'repaired', newerVersion: 1, presets: 3 });
    expect((await storedIndex(backend)).unlisted).toEqual(new Set(['future']));
    const second = await PresetStore.open(backend, options());
    expect(second.report).toMatchObject({ listIndex: 'used', presets: 3 });
    expect(second.store.list().map((p) => p.id)).not.toContain('future');
  });

  it('keeps changes made while the background check runs', async () => {
    const inner = await seeded(8);
    // Make one row stale, so the check has something it would "correct".
    const [staleId, staleRow] = [...(await storedIndex(inner)).items][0]!;
    const [record] = (await inner.collection('presets').getMany([staleId])) as Preset[];
    await inner.collection('presets').set(staleId, { ...record!, name: 'stale in the index', rev: staleRow.rev + 1 });
    const watched = watchedBackend(inner);
    // Opening reads no record (the index is complete), so the next read is the check's: it reads the
    // records as they are now and hands them over only after the changes below are all done.
    const release = watched.holdNextRead();
    const store = await PresetStore.openList(watched.backend, options('live'));
    const ids = store.list().map((p) => p.id);
    const others = ids.filter((id) => id !== staleId);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await store.renamePreset(staleId, 'renamed while checking');
    await store.deletePresets([others[0]!]);
    await store.savePreset({ name: 'new while checking', draft: draft() });
    release();
    await store.verified;
    const names = store.list().map((p) => p.name);
    expect(names).toContain('renamed while checking');
    expect(names).toContain('new while checking');
    expect(store.list().map((p) => p.id)).not.toContain(others[0]);
    expect(store.list()).toHaveLength(8);
    await expectIndexMatchesRecords(inner);
  });

  it('writes its rows most recently changed first, as the list shows them', () => {
    const item = (id: string, updatedAt: number) => ({ id, name: id, folder: '', tags: [], endpoint: 'refund' as const, createdAt: 0, updatedAt, rev: 1 });
    const record = listIndexRecord({ items: new Map([['a', item('a', 1)], ['b', item('b', 3)], ['c', item('c', 2)]]), unlisted: new Set() });
    expect((JSON.parse(record.rows) as { id: string }[]).map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(readListIndex(record)?.items.size).toBe(3);
  });
});
