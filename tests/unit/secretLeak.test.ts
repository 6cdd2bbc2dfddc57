// Walks every outward path — share link, file export without secrets, history, every snippet of every
// endpoint, OpenAPI, Postman — with known secrets planted in every credential field (and one pasted into
// an input by mistake), and fails if any of them, its Base64 or its hex appears in the output.
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog, emulatorVariant } from '../../src/core/catalog/index.ts';
import { generateSnippet, SNIPPET_LANGUAGES } from '../../src/core/interop/snippets/index.ts';
import { catalogToOpenApi } from '../../src/core/interop/openapi.ts';
import { catalogToPostman } from '../../src/core/interop/postman.ts';
import { exportFile } from '../../src/core/presets/backup.ts';
import { SECRET_FIELDS, type Credentials, type RequestDraft } from '../../src/core/presets/draft.ts';
import { PresetStore } from '../../src/core/presets/presetStore.ts';
import type { Preset, StoredEnvironment } from '../../src/core/presets/schema.ts';
import { createShareLink } from '../../src/core/presets/shareLink.ts';
import { createMemoryBackend } from '../../src/core/presets/storageBackend.ts';
import { buildRequest, exampleInputs } from '../../src/core/signing/buildRequest.ts';
import { generateRsaKeyPair } from '../../src/core/signing/rsa.ts';

let credentials: Required<Credentials>;
let forbidden: string[];

/** The secret, its Base64 (padded and not), Base64url and hex; for a PEM also its body and body lines. */
function formsOf(secret: string): string[] {
  const forms = [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64').replace(/=+$/, ''), Buffer.from(secret).toString('base64url'), Buffer.from(secret).toString('hex')];
  const body = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END/.exec(secret)?.[1];
  if (body) forms.push(body.replace(/\s+/g, ''), ...body.split(/\s+/).filter((line) => line.length >= 16));
  return forms;
}

function expectNoSecret(output: string, where: string): void {
  for (const form of forbidden) {
    if (output.includes(form) || output.toLowerCase().includes(form.toLowerCase())) {
      throw new Error(`${where} leaks a secret (in the form ${JSON.stringify(form.slice(0, 24))}…)`);
    }
  }
}

beforeAll(async () => {
  const { publicKeyPem } = await generateRsaKeyPair(1024);
  credentials = { apiKey: 'PLANTED-api-key-7f3a9c', partnerKey: 'PLANTED-partner-key-51d0e2', rsaPublicKeyPem: publicKeyPem };
  forbidden = SECRET_FIELDS.flatMap((field) => formsOf(credentials[field]));
});

const draftOf = (endpointId: string, pasted?: string): RequestDraft => {
  const endpoint = catalog.find((e) => e.id === endpointId)!;
  const variant = emulatorVariant(endpoint).id;
  const inputs = exampleInputs(endpoint, variant);
  // A secret pasted into a free-text field by mistake must not escape either.
  if (pasted) inputs.return_params = pasted;
  return { endpoint: endpoint.id, variant, inputs };
};

function presetOf(draft: RequestDraft, i = 0): Preset {
  return { v: 1, kind: 'preset', id: `p-${i}`, name: `Preset ${i}`, folder: '', tags: [], draft, createdAt: 0, updatedAt: 0, rev: 1 };
}

function environmentWithSecrets(): StoredEnvironment {
  return { v: 1, kind: 'environment', id: 'env', name: 'Sandbox', target: 'sandbox-proxy', merchantId: 'ec000002', rememberSecrets: true, secrets: credentials, updatedAt: 0, rev: 1 };
}

describe('no export path leaks a secret', () => {
  it('the planted forms are really detected (the check itself can fail)', () => {
    expect(() => expectNoSecret(`x${Buffer.from(credentials.apiKey).toString('hex')}x`, 'probe')).toThrow(/leaks/);
    expect(() => expectNoSecret(credentials.rsaPublicKeyPem.split('\n')[1]!, 'probe')).toThrow(/leaks/);
    expect(() => expectNoSecret(JSON.stringify(environmentWithSecrets()), 'probe')).toThrow(/leaks/);
  });

  it.each(catalog.map((e) => e.id))('share link of a %s preset', async (id) => {
    const link = await createShareLink({ ...presetOf(draftOf(id, credentials.apiKey)), environment: { id: 'env', name: 'Sandbox', target: 'sandbox', merchantId: 'ec000002', ...({ secrets: credentials } as object) } }, 'https://app.example/', credentials);
    expectNoSecret(link.url, 'share link URL');
    const token = link.fragment.slice(link.fragment.indexOf('.') + 1);
    expectNoSecret(inflateRawSync(Buffer.from(token, 'base64url')).toString('utf8'), 'share link payload');
  });

  it('file export of one preset, a selection and a full backup with history, without secrets', async () => {
    const presets = catalog.map((e, i) => presetOf(draftOf(e.id, `key: ${credentials.partnerKey}`), i));
    const backend = createMemoryBackend();
    const { store } = await PresetStore.open(backend);
    const trace = await buildRequest('check-transaction', exampleInputs(catalog.find((e) => e.id === 'check-transaction')!), credentials);
    await store.addHistory(
      {
        draft: draftOf('check-transaction', credentials.apiKey),
        target: 'sandbox-proxy',
        request: { method: 'POST', url: 'http://127.0.0.1/proxy', headers: [['x-note', credentials.apiKey]], body: trace.body.text },
        response: { status: 200, statusText: 'OK', headers: [], body: `{"echo":"${credentials.apiKey}"}`, durationMs: 1 },
      },
      credentials,
    );
    const outputs = [
      exportFile({ kind: 'preset', preset: presets[0]! }, { knownSecrets: [credentials] }),
      exportFile({ kind: 'selection', presets }, { knownSecrets: [credentials] }),
      exportFile({ kind: 'backup', presets, environments: [environmentWithSecrets()], history: store.history() }, { knownSecrets: [credentials], secretsByEnvironment: { env: credentials } }),
    ];
    for (const file of outputs) expectNoSecret(file.text, `file ${file.filename}`);
  });

  it('history as stored', async () => {
    const backend = createMemoryBackend();
    const { store } = await PresetStore.open(backend);
    for (const endpoint of catalog) {
      const trace = await buildRequest(endpoint, exampleInputs(endpoint, emulatorVariant(endpoint).id), credentials, { variant: emulatorVariant(endpoint).id });
      await store.addHistory(
        {
          draft: draftOf(endpoint.id, credentials.apiKey),
          environment: { id: 'env', name: 'Sandbox', target: 'sandbox', merchantId: 'ec000002', ...({ apiKey: credentials.apiKey } as object) },
          target: 'sandbox',
          request: { method: 'POST', url: `http://127.0.0.1${endpoint.path}`, headers: [['content-type', trace.body.contentTypeHeader]], body: trace.body.text },
          error: `failed with key ${credentials.apiKey}`,
        },
        credentials,
      );
    }
    expectNoSecret(JSON.stringify(await backend.collection('history').entries()), 'stored history');
  });

  it.each(catalog.flatMap((e) => SNIPPET_LANGUAGES.map((l) => [e.id, l.id] as const)))('%s snippet in %s', async (id, language) => {
    const draft = draftOf(id, credentials.apiKey);
    const trace = await buildRequest(draft.endpoint, draft.inputs, credentials, { variant: draft.variant });
    const snippet = await generateSnippet(language, draft, { trace, knownSecrets: credentials });
    expectNoSecret(snippet.code, `${language} snippet of ${id}`);
  });

  it('OpenAPI and Postman exports', () => {
    expectNoSecret(JSON.stringify(catalogToOpenApi()), 'OpenAPI');
    expectNoSecret(JSON.stringify(catalogToPostman()), 'Postman');
  });
});
