import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { exportFile, importFile } from '../../src/core/presets/backup.ts';
import { SCHEMA_VERSION, type HistoryEntry, type Preset, type StoredEnvironment } from '../../src/core/presets/schema.ts';
import { SECRET_PLACEHOLDER, SECRETS_WARNING, serializeForExport } from '../../src/core/presets/serializeForExport.ts';
import { createShareLink, hasShareLink, readShareLink, ShareLinkError } from '../../src/core/presets/shareLink.ts';

const preset: Preset = {
  v: 1,
  kind: 'preset',
  id: 'p-1',
  name: 'Purchase with Khmer items',
  folder: 'Checkout',
  tags: ['demo', 'khmer'],
  draft: {
    endpoint: 'purchase',
    inputs: { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'T-1', amount: '10.00', items: '[{"name":"កាហ្វេ","quantity":1,"price":1.5}]' },
    wire: { custom_fields: 'eyJhIjoxfQ==' },
  },
  environment: { id: 'env-1', name: 'Emulator', target: 'emulator', merchantId: 'ec000002' },
  createdAt: 1,
  updatedAt: 2,
  rev: 4,
};
const environment: StoredEnvironment = {
  v: 1,
  kind: 'environment',
  id: 'env-2',
  name: 'Sandbox',
  target: 'sandbox-proxy',
  merchantId: 'ec999999',
  rememberSecrets: true,
  secrets: { apiKey: 'remembered-api-key-0001', partnerKey: 'remembered-partner-0001' },
  updatedAt: 3,
  rev: 1,
};
const BASE = 'https://playground.example/app/?x=1#old';
const fragmentToken = (url: string) => url.slice(url.indexOf('.', url.indexOf('#')) + 1);
const base64url = (bytes: Buffer) => bytes.toString('base64url');

describe('share links', () => {
  it('round-trips a preset through the URL fragment', async () => {
    const link = await createShareLink(preset, BASE);
    expect(link.url.startsWith('https://playground.example/app/?x=1#preset=v1.')).toBe(true);
    expect(hasShareLink(link.url)).toBe(true);
    const shared = await readShareLink(link.url);
    expect(shared.preset).toEqual(preset);
    expect(shared.problems).toEqual([]);
  });

  it('is raw deflate of the JSON document, Base64url-encoded (zlib agrees)', async () => {
    const link = await createShareLink(preset, BASE);
    const json = JSON.parse(inflateRawSync(Buffer.from(fragmentToken(link.url), 'base64url')).toString('utf8'));
    expect(json).toMatchObject({ format: 'payway-playground', version: SCHEMA_VERSION, presets: [preset] });
    expect(fragmentToken(link.url)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('summarises what the link would load, for the confirmation dialog', async () => {
    const { summary } = await readShareLink((await createShareLink(preset, BASE)).fragment);
    expect(summary).toMatchObject({ name: preset.name, endpoint: 'Purchase', path: '/api/payment-gateway/v1/payments/purchase', environment: 'Emulator (emulator)', tags: ['demo', 'khmer'] });
    expect(summary.fields.map((f) => f.name)).toEqual(['req_time', 'merchant_id', 'tran_id', 'amount', 'items', 'custom_fields']);
    expect(summary.fields.find((f) => f.name === 'custom_fields')?.verbatim).toBe(true);
  });

  it('says clearly when a link comes from a newer version', async () => {
    const payload = base64url(deflateRawSync(JSON.stringify({ format: 'payway-playground', version: 9, presets: [] })));
    await expect(readShareLink(`#preset=v9.${payload}`)).rejects.toMatchObject({ kind: 'newer-version', message: expect.stringMatching(/newer version.*format 9/) });
    // The same when only the inner document is newer (a hand-made link).
    await expect(readShareLink(`#preset=v1.${payload}`)).rejects.toMatchObject({ kind: 'newer-version' });
  });

  it('says clearly when a link is damaged (cut, altered, or not deflate)', async () => {
    const link = await createShareLink(preset, BASE);
    const cut = link.url.slice(0, link.url.length - 40);
    await expect(readShareLink(cut)).rejects.toMatchObject({ kind: 'damaged', message: expect.stringMatching(/damaged/) });
    await expect(readShareLink('#preset=v1.not*base64')).rejects.toMatchObject({ kind: 'damaged' });
    await expect(readShareLink('#preset=' + fragmentToken(link.url))).rejects.toMatchObject({ kind: 'damaged' });
    const notAPreset = base64url(deflateRawSync(JSON.stringify({ format: 'payway-playground', version: 1, presets: [{ id: 'x' }] })));
    await expect(readShareLink(`#preset=v1.${notAPreset}`)).rejects.toMatchObject({ kind: 'damaged' });
    await expect(readShareLink('#section-2')).rejects.toBeInstanceOf(ShareLinkError);
  });

  it('never carries a secret, even one pasted into an input', async () => {
    const key = 'pasted-secret-key-42';
    const leaky: Preset = { ...preset, draft: { ...preset.draft, inputs: { ...preset.draft.inputs, return_params: `key=${key}` } } };
    const link = await createShareLink(leaky, BASE, { apiKey: key });
    const json = inflateRawSync(Buffer.from(fragmentToken(link.url), 'base64url')).toString('utf8');
    expect(json).not.toContain(key);
    expect(json).toContain(SECRET_PLACEHOLDER);
    expect(link.redacted).toEqual(['presets.0.draft.inputs.return_params']);
  });
});

describe('files', () => {
  const history: HistoryEntry = {
    v: 1,
    kind: 'history',
    id: 'h-1',
    at: 10,
    draft: preset.draft,
    target: 'emulator',
    request: { method: 'POST', url: 'http://127.0.0.1/mock/x', headers: [], body: '{}', truncated: false },
  };
  const now = new Date('2025-02-13T07:00:00Z');

  it('exports one preset and imports it back', () => {
    const file = exportFile({ kind: 'preset', preset }, { now });
    expect(file.filename).toBe('payway-preset-purchase-with-khmer-items.json');
    expect(JSON.parse(file.text)).toMatchObject({ format: 'payway-playground', version: SCHEMA_VERSION, kind: 'preset', exportedAt: '2025-02-13T07:00:00.000Z', secretsIncluded: false });
    expect(importFile(file.text).value.presets).toEqual([preset]);
  });

  it('exports a selection', () => {
    const second = { ...preset, id: 'p-2', name: 'Second' };
    const file = exportFile({ kind: 'selection', presets: [preset, second] }, { now });
    expect(file.filename).toBe('payway-presets-2-2025-02-13.json');
    expect(importFile(file.text).value.presets.map((p) => p.id)).toEqual(['p-1', 'p-2']);
  });

  it('exports a full backup without secrets, with history only when asked', () => {
    const without = exportFile({ kind: 'backup', presets: [preset], environments: [environment] }, { now });
    expect(without.text).not.toContain('remembered-api-key-0001');
    expect(JSON.parse(without.text)).not.toHaveProperty('history');
    const restored = importFile(without.text).value;
    expect(restored.environments[0]).not.toHaveProperty('secrets');
    expect(restored.secretsIncluded).toBe(false);

    const withHistory = importFile(exportFile({ kind: 'backup', presets: [], environments: [], history: [history] }, { now }).text);
    expect(withHistory.value.history).toEqual([history]);
  });

  it('includes secrets only on request, with the warning, and says so on import', () => {
    const file = exportFile(
      { kind: 'backup', presets: [], environments: [environment, { ...environment, id: 'env-3', rememberSecrets: false, secrets: undefined }] },
      { now, includeSecrets: true, secretsByEnvironment: { 'env-3': { apiKey: 'in-memory-key-0003' } } },
    );
    expect(file.secretsIncluded).toBe(true);
    expect(file.filename).toMatch(/WITH-SECRETS/);
    const json = JSON.parse(file.text);
    expect(json.warning).toBe(SECRETS_WARNING);
    expect(json.environments.map((e: StoredEnvironment) => e.secrets?.apiKey)).toEqual(['remembered-api-key-0001', 'in-memory-key-0003']);
    const restored = importFile(file.text).value;
    expect(restored.secretsIncluded).toBe(true);
    expect(restored.environments[1]).toMatchObject({ rememberSecrets: true, secrets: { apiKey: 'in-memory-key-0003' } });
  });

  it('allows secrets in files only', () => {
    expect(() => serializeForExport(environment, { path: 'link', includeSecrets: true })).toThrow(/file export only/);
    expect(() => serializeForExport(environment, { path: 'history', includeSecrets: true })).toThrow();
  });

  it('reports a damaged or foreign file instead of throwing', () => {
    expect(importFile('{"format":"payway-playground","presets":[').error?.message).toMatch(/not valid JSON/);
    expect(importFile(JSON.stringify({ format: 'payway-playground', version: 99, presets: [] })).error?.kind).toBe('newer-version');
    const partly = importFile(JSON.stringify({ format: 'payway-playground', version: 1, presets: [preset, { id: 'broken' }] }));
    expect(partly.value.presets).toHaveLength(1);
    expect(partly.quarantined[0]?.raw).toEqual({ id: 'broken' });
  });
});
