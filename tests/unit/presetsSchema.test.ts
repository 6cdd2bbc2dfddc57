import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/core/presets/backup.ts';
import { migrate, NewerVersionError, schemaSteps, type SchemaStep } from '../../src/core/presets/migrations.ts';
import { restore, restoreRecord } from '../../src/core/presets/restore.ts';
import { SCHEMA_VERSION, type RecordKind } from '../../src/core/presets/schema.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/presets');
const versionDirs = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^v\d+$/.test(d.name))
  .map((d) => d.name);
const collections: [string, RecordKind][] = [
  ['presets', 'preset'],
  ['environments', 'environment'],
  ['history', 'history'],
];

describe('schema versions', () => {
  it('has a fixture folder for every version up to the current one', () => {
    expect(versionDirs.sort()).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => `v${i + 1}`));
  });

  it('has one contiguous chain of steps ending at the current version, each after the first with an up()', () => {
    expect(schemaSteps.map((s) => s.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    schemaSteps.slice(1).forEach((step) => expect(step.up, `v${step.version}.up`).toBeTypeOf('function'));
  });

  it.each(versionDirs)('loads every stored record of %s at the current version', (dir) => {
    const records = JSON.parse(readFileSync(join(FIXTURES, dir, 'records.json'), 'utf8')) as Record<string, unknown[]>;
    let count = 0;
    for (const [collection, kind] of collections) {
      for (const raw of records[collection] ?? []) {
        const restored = restoreRecord(raw, kind, 0);
        expect(restored.quarantined, JSON.stringify(restored.problems)).toBeUndefined();
        expect(restored.value?.v).toBe(SCHEMA_VERSION);
        expect(restored.value?.kind).toBe(kind);
        expect(restored.value?.id).toBe((raw as { id: string }).id);
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(4);
  });

  it.each(versionDirs)('imports the exported backup file of %s whole', (dir) => {
    const text = readFileSync(join(FIXTURES, dir, 'backup.json'), 'utf8');
    const raw = JSON.parse(text) as { presets: unknown[]; environments: unknown[] };
    const result = importFile(text);
    expect(result.error).toBeUndefined();
    expect(result.quarantined).toEqual([]);
    expect(result.value.presets).toHaveLength(raw.presets.length);
    expect(result.value.environments).toHaveLength(raw.environments.length);
  });

  it('keeps the draft of a v1 preset exactly (inputs, wire, variant)', () => {
    const records = JSON.parse(readFileSync(join(FIXTURES, 'v1/records.json'), 'utf8'));
    const payout = restoreRecord(records.presets[1], 'preset').value;
    expect(payout?.kind === 'preset' && payout.draft).toEqual(records.presets[1].draft);
  });
});

describe('migrate', () => {
  // A made-up version 2 that renames `folder` to `path`, to prove the chain applies up() in order.
  const steps: SchemaStep[] = [
    { version: 1 },
    { version: 2, up: (record) => ({ ...record, path: record.folder, folder: undefined }) },
    { version: 3, up: (record) => ({ ...record, path: `/${String(record.path)}` }) },
  ];

  it('lifts a record through every later up() in order', () => {
    const { record, from } = migrate({ v: 1, kind: 'preset', folder: 'a/b' }, 'preset', steps);
    expect(from).toBe(1);
    expect(record).toMatchObject({ v: 3, path: '/a/b', folder: undefined });
  });

  it('applies only the steps after the record\'s own version', () => {
    expect(migrate({ v: 2, path: 'x' }, 'preset', steps).record).toMatchObject({ v: 3, path: '/x' });
  });

  it('refuses a record from a newer version with a message that says so', () => {
    expect(() => migrate({ v: 4 }, 'preset', steps)).toThrow(NewerVersionError);
    expect(() => migrate({ v: SCHEMA_VERSION + 1 }, 'preset')).toThrow(/newer version of PayWay Playground/);
  });

  it('refuses a record without a usable version', () => {
    expect(() => migrate({ v: 'one' }, 'preset')).toThrow(TypeError);
    expect(() => migrate({ v: 0 }, 'preset')).toThrow(TypeError);
  });
});

describe('restore', () => {
  const good = { v: 1, kind: 'preset', id: 'p1', name: 'ok', folder: '', tags: [], draft: { endpoint: 'exchange-rate', inputs: { merchant_id: 'ec000002' } }, createdAt: 1, updatedAt: 2, rev: 1 };

  it('keeps every record: each one comes back either valid or in quarantine with its raw value', () => {
    const input = [
      good,
      { ...good, id: undefined },
      { ...good, id: 'p3', draft: { endpoint: 'no-such-endpoint', inputs: {} } },
      { ...good, id: 'p4', draft: { endpoint: 'refund', inputs: 'merchant_auth=…' } },
      'not even an object',
      { ...good, id: 'p6', v: SCHEMA_VERSION + 1 },
    ];
    const result = restore(input);
    expect(result.value.presets.map((p) => p.id)).toEqual(['p1']);
    expect(result.quarantined).toHaveLength(5);
    expect(result.quarantined.map((q) => q.raw)).toEqual(input.slice(1));
    expect(result.quarantined.map((q) => q.reason)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'newer-version']);
    expect(result.quarantined[1]!.problems.join()).toMatch(/no-such-endpoint/);
    expect(result.problems.filter((p) => p.severity === 'invalid')).toHaveLength(5);
  });

  it('repairs what it can and says what it changed', () => {
    const result = restore({ ...good, name: '  ', tags: 'a, b, a', draft: { endpoint: 'refund', variant: 'gone', inputs: { amount: 5, note: { a: 1 } } } });
    const preset = result.value.presets[0]!;
    expect(preset.name).toBe('Untitled preset');
    expect(preset.tags).toEqual(['a', 'b']);
    expect(preset.draft).toEqual({ endpoint: 'refund', inputs: { amount: '5', note: '{"a":1}' } });
    expect(result.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['preset.name', 'preset.tags', 'preset.draft.variant', 'preset.draft.inputs.amount', 'preset.draft.inputs.note']),
    );
    expect(result.quarantined).toEqual([]);
  });

  it('drops stored secrets from an environment that was not set to remember them', () => {
    const result = restore({ v: 1, kind: 'environment', id: 'e', name: 'x', target: 'sandbox', merchantId: 'm', rememberSecrets: false, secrets: { apiKey: 'k-123456789' } });
    expect(result.value.environments[0]).not.toHaveProperty('secrets');
    expect(result.problems[0]?.message).toMatch(/remembering was off/);
  });

  it('wraps a bare request draft into a preset', () => {
    const result = restore({ endpoint: 'check-transaction', inputs: { tran_id: 'T1' } }, { newId: () => 'new-id', now: 5 });
    expect(result.value.presets[0]).toMatchObject({ id: 'new-id', name: 'check-transaction', draft: { endpoint: 'check-transaction', inputs: { tran_id: 'T1' } } });
  });

  it('names a document from a newer version, and one that is not ours', () => {
    expect(restore({ format: 'payway-playground', version: SCHEMA_VERSION + 1, presets: [] }).error?.kind).toBe('newer-version');
    expect(restore({ format: 'postman', presets: [] }).error?.kind).toBe('not-recognised');
    expect(restore(42).error?.kind).toBe('not-recognised');
    expect(restore({ hello: 'world' }).error?.kind).toBe('not-recognised');
  });

  it('sets aside a collection that is not a list instead of ignoring it', () => {
    const result = restore({ format: 'payway-playground', version: 1, presets: { p1: good } });
    expect(result.quarantined[0]?.raw).toEqual({ p1: good });
  });
});
