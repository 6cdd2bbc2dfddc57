// The only door to monaco-editor. Everything comes through dynamic import(), so the editor (about 1 MB
// gzip) is its own chunk, fetched after first paint and only when a JSON field or JSON answer is shown.
// Until it arrives the page uses plain textareas.
import type * as MonacoApi from 'monaco-editor/editor/editor.api';
import { catalog } from '../../core/catalog/index.ts';
import type { JsonSchema, RsaSpec } from '../../core/catalog/types.ts';

export type Monaco = typeof MonacoApi;

let loading: Promise<Monaco> | undefined;

/** The model URI of a JSON field: its schema is registered for exactly this URI. */
export const fieldModelUri = (endpoint: string, field: string): string => `inmemory://payway/${endpoint}/${field}.json`;

/** Resolves after the browser has painted at least once. */
const afterFirstPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** The plaintext of merchant_auth, beneficiaries or request_data, as the catalog's RSA spec describes it. */
export function rsaPlaintextSchema(spec: RsaSpec): JsonSchema {
  const object: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(spec.keys.map((k) => [k.name, { type: k.type, description: k.note ? `${k.description} ${k.note}` : k.description }])),
    // Keys filled from merchant_id may be left out: the builder adds them.
    required: spec.keys.filter((k) => k.required && !k.from).map((k) => k.name),
  };
  return spec.shape === 'array' ? { type: 'array', items: object } : object;
}

export function jsonSchemas(): { uri: string; fileMatch: string[]; schema: JsonSchema }[] {
  const schemas: { uri: string; fileMatch: string[]; schema: JsonSchema }[] = [];
  const add = (endpoint: string, field: string, schema: JsonSchema) => {
    const uri = fieldModelUri(endpoint, field);
    schemas.push({ uri: `${uri}#schema`, fileMatch: [uri], schema });
  };
  for (const endpoint of catalog) {
    const fields = [...endpoint.fields, ...endpoint.variants.flatMap((v) => v.extraFields ?? [])];
    for (const field of fields) if (field.schema) add(endpoint.id, field.name, field.schema);
    if (endpoint.rsa) add(endpoint.id, endpoint.rsa.field, rsaPlaintextSchema(endpoint.rsa));
  }
  return schemas;
}

export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    await afterFirstPaint();
    const [monaco, json, EditorWorker, JsonWorker] = await Promise.all([
      import('monaco-editor/editor/editor.api'),
      import('monaco-editor/languages/features/json/register'),
      import('monaco-editor/editor/editor.worker?worker'),
      import('monaco-editor/languages/features/json/json.worker?worker'),
      // Editor features a JSON field needs; the rest of Monaco's contributions stay out of the chunk.
      import('monaco-editor/features/codicon/register'),
      import('monaco-editor/features/hover/register'),
      import('monaco-editor/features/suggest/register'),
      import('monaco-editor/features/bracketMatching/register'),
      import('monaco-editor/features/folding/register'),
      import('monaco-editor/features/find/register'),
      import('monaco-editor/features/format/register'),
      import('monaco-editor/features/clipboard/register'),
    ]);
    // Workers are bundled by Vite and served from this origin.
    globalThis.MonacoEnvironment = {
      getWorker: (_id, label) => (label === 'json' ? new JsonWorker.default() : new EditorWorker.default()),
    };
    json.jsonDefaults.setDiagnosticsOptions({ validate: true, allowComments: false, enableSchemaRequest: false, schemas: jsonSchemas() });
    const dark = matchMedia('(prefers-color-scheme: dark)');
    const applyTheme = () => monaco.editor.setTheme(dark.matches ? 'vs-dark' : 'vs');
    applyTheme();
    dark.addEventListener('change', applyTheme);
    return monaco;
  })();
  loading.catch(() => (loading = undefined)); // a failed download may be retried
  return loading;
}
