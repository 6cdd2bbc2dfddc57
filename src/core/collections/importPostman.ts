// A Postman v2.1 collection of PayWay requests → a collection: each request to a PayWay path becomes a
// step, each folder a flow. Scripts are read, never run: a pre-request script that computes a hash in
// the order of one of the catalog's recipes is recognised (the runner signs instead, with that variant),
// anything else is listed in the notes. Keys in Postman variables are not copied: the environment names
// where they come from.
import { endpointsAtPath, getEndpoint } from '../catalog/index.ts';
import type { EndpointSpec, Variant } from '../catalog/types.ts';
import { keyShape } from '../presets/serializeForExport.ts';
import { COLLECTION_VERSION, type Collection, type Flow, type RequestStep } from './schema.ts';
import { isObject } from './v1.ts';

export interface PostmanImport {
  collection: Collection;
  /** What was recognised, skipped or left for the person: one line each. */
  notes: string[];
}

type Json = Record<string, unknown>;
const text = (x: unknown): string => (typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : '');

/** "01 Create payment!" → "01-create-payment" */
const slug = (name: string, fallback: string) =>
  name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .toLowerCase()
    .slice(0, 60) || fallback;

function pathOf(url: unknown): string {
  const raw = isObject(url) ? (Array.isArray(url.path) ? '/' + url.path.map(text).join('/') : text(url.raw)) : text(url);
  // Drop the scheme and host, or a leading {{base_url}}, and any query.
  return ('/' + raw.replace(/^\{\{[^}]+\}\}/, '').replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/[?#].*$/, '')).replace(/\/+/g, '/');
}

/** The body's fields: raw JSON, form-data or urlencoded (disabled rows left out). */
function bodyFields(body: unknown): Record<string, string> | undefined {
  if (!isObject(body)) return undefined;
  if (body.mode === 'raw') {
    try {
      const parsed: unknown = JSON.parse(text(body.raw));
      if (!isObject(parsed)) return undefined;
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    } catch {
      // {{pw_body}} (the playground's own export) or a body built by the script.
      return undefined;
    }
  }
  const rows = body.mode === 'formdata' ? body.formdata : body.mode === 'urlencoded' ? body.urlencoded : undefined;
  if (!Array.isArray(rows)) return undefined;
  return Object.fromEntries(rows.filter((r) => isObject(r) && r.disabled !== true && r.type !== 'file').map((r) => [text((r as Json).key), text((r as Json).value)]));
}

function scriptOf(item: Json, listen: string): string[] {
  const events = Array.isArray(item.event) ? item.event : [];
  const event = events.find((e) => isObject(e) && e.listen === listen) as Json | undefined;
  const exec = isObject(event?.script) ? event.script.exec : undefined;
  return Array.isArray(exec) ? exec.map(text) : typeof exec === 'string' ? exec.split('\n') : [];
}

/** The catalog variant whose recipe the script concatenates (every hashed field, in order), if any. */
export function recogniseRecipe(script: string, endpoint: EndpointSpec): Variant | undefined {
  if (!/hmac|sha512|sha256/i.test(script)) return undefined;
  const ordered = (fields: readonly string[]) => {
    let at = 0;
    for (const field of fields) {
      const found = new RegExp(`\\b${field}\\b`).exec(script.slice(at));
      if (!found) return false;
      at += found.index + field.length;
    }
    return true;
  };
  const candidates = endpoint.variants.filter((v) => v.hash.fields.every((p) => typeof p === 'string') && ordered(v.hash.fields as string[]));
  if (!candidates.length) return undefined;
  const wantsHex = /Hex|hexdigest|'hex'|"hex"/.test(script);
  // The longest recipe the script spells out; on a tie the output encoding decides, then the default.
  candidates.sort((a, b) => b.hash.fields.length - a.hash.fields.length || Number((b.hash.output === 'hex') === wantsHex) - Number((a.hash.output === 'hex') === wantsHex) || Number(!!b.default) - Number(!!a.default));
  return candidates[0];
}

/** The playground's own export keeps the inputs in the script: `  name: "value", // encoding`. */
function playgroundInputs(script: string): Record<string, string> | undefined {
  if (!script.includes('PayWay Playground: computes the hash of')) return undefined;
  const block = /const inputs = \{\n([\s\S]*?)\n\};/.exec(script)?.[1];
  if (block === undefined) return undefined;
  const inputs: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const m = /^\s*(\w+):\s*(.*?),(?:\s*\/\/.*)?$/.exec(line);
    if (!m) continue;
    const [, name, value] = m as unknown as [string, string, string];
    const fallback = /\|\|\s*(".*")$/.exec(value)?.[1];
    try {
      if (value === "''") inputs[name] = '';
      else if (value.startsWith('pm.variables.get(')) inputs[name] = name === 'merchant_id' ? '{{merchant_id}}' : JSON.parse(fallback ?? '""');
      else inputs[name] = JSON.parse(value) as string;
    } catch {
      // a line we do not read is left to the person (the notes list the script)
    }
  }
  return inputs;
}

const TIME_FIELDS = new Set(['req_time', 'request_time']);

export function importPostman(source: string | unknown): PostmanImport | { error: string } {
  let root: unknown = source;
  if (typeof source === 'string') {
    try {
      root = JSON.parse(source);
    } catch (error) {
      return { error: `not JSON (${(error as Error).message})` };
    }
  }
  if (!isObject(root) || !isObject(root.info) || !Array.isArray(root.item)) return { error: 'not a Postman collection (no info and item)' };
  const schema = text(root.info.schema);
  const notes: string[] = [];
  if (schema && !schema.includes('v2.1') && !schema.includes('v2.0')) notes.push(`schema ${schema}: read as v2.1`);

  const variables: Record<string, string> = {};
  for (const v of Array.isArray(root.variable) ? root.variable : []) {
    if (!isObject(v)) continue;
    const name = text(v.key);
    const value = text(v.value);
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) continue;
    if (v.type === 'secret' || keyShape(name, value || 'x')) {
      notes.push(`variable "${name}" holds a key: not copied (environments/sandbox.json names PAYWAY_API_KEY instead)`);
    } else if (/^(base_?url|host)$/i.test(name)) notes.push(`variable "${name}" (${value || 'empty'}) is the target: choose it with --target`);
    else variables[name] = value;
  }

  const flows = new Map<string, RequestStep[]>();
  const walk = (items: unknown[], folder: string) => {
    items.forEach((item, i) => {
      if (!isObject(item)) return;
      const name = text(item.name) || `request ${i + 1}`;
      if (Array.isArray(item.item)) return walk(item.item, folder ? `${folder}/${slug(name, `folder-${i + 1}`)}` : slug(name, `folder-${i + 1}`));
      if (!isObject(item.request)) return;
      const path = pathOf(item.request.url);
      const candidates = endpointsAtPath(path);
      const where = `${folder ? folder + '/' : ''}${name}`;
      if (!candidates.length) {
        notes.push(`${where}: ${path} is not a PayWay endpoint; skipped`);
        return;
      }
      const script = scriptOf(item, 'prerequest').join('\n');
      const fields = bodyFields(item.request.body) ?? playgroundInputs(script) ?? {};
      // Several endpoints share a path (Purchase and Purchase using token): the one whose fields the body has.
      const endpoint = candidates.length === 1 ? candidates[0]! : [...candidates].sort((a, b) => score(b, fields) - score(a, fields))[0]!;
      const inputs: Record<string, string> = {};
      for (const [field, value] of Object.entries(fields)) {
        if (field === 'hash') continue;
        // A time the script filled in is the run's now; a merchant id the run's variable.
        if (TIME_FIELDS.has(field) && (value === '' || /^\{\{.*\}\}$/.test(value))) inputs[field] = '{{$now}}';
        else inputs[field] = value.replace(/\{\{pw_(\w+)\}\}/g, (_m, f: string) => (TIME_FIELDS.has(f) ? '{{$now}}' : `{{${f}}}`));
      }
      const step: RequestStep = { kind: 'request', file: '', name, endpoint: endpoint.id, inputs, capture: {}, expect: [] };
      const variant = script ? recogniseRecipe(script, endpoint) : undefined;
      if (variant) {
        if (!variant.default) step.variant = variant.id;
        notes.push(`${where}: the pre-request script computes ${endpoint.id}'s hash as the catalog's "${variant.id}" recipe does; the runner signs it instead (not run)`);
      } else if (script.trim()) notes.push(`${where}: the pre-request script (${script.split('\n').length} lines) is not one of the catalog's recipes; it was not run — check what it did:\n      ${script.split('\n').slice(0, 6).join('\n      ')}`);
      const tests = scriptOf(item, 'test');
      if (tests.some((l) => l.trim())) notes.push(`${where}: the test script (${tests.length} lines) was not run; write its checks as "expect" in ${endpoint.id}'s step file`);
      const flow = folder || 'imported';
      if (!flows.has(flow)) flows.set(flow, []);
      flows.get(flow)!.push(step);
    });
  };
  walk(root.item, '');

  const flowList: Flow[] = [...flows.entries()].map(([flow, steps]) => {
    const width = String(steps.length).length < 2 ? 2 : String(steps.length).length;
    const used = new Set<string>();
    return {
      name: flow,
      steps: steps.map((step, i) => {
        let file = `${flow}/${String(i + 1).padStart(width, '0')}-${slug(step.name, step.endpoint)}.json`;
        while (used.has(file)) file = file.replace(/\.json$/, '-2.json');
        used.add(file);
        return { ...step, file };
      }),
    };
  });
  const usesMerchant = flowList.some((f) => f.steps.some((s) => s.kind === 'request' && Object.values(s.inputs).some((v) => v.includes('{{merchant_id}}'))));
  const collection: Collection = {
    version: COLLECTION_VERSION,
    name: text(root.info.name) || 'Imported from Postman',
    variables,
    environments: [
      { name: 'mock', target: 'mock', variables: usesMerchant ? { merchant_id: 'ec000002' } : {}, secretsFrom: {} },
      { name: 'sandbox', target: 'sandbox', variables: usesMerchant ? { merchant_id: variables.merchant_id || 'your-merchant-id' } : {}, secretsFrom: { 'api-key': 'PAYWAY_API_KEY', 'rsa-public-key': 'PAYWAY_RSA_PUBLIC_KEY' } },
    ],
    flows: flowList,
  };
  if (usesMerchant) delete collection.variables.merchant_id;
  return { collection, notes };
}

function score(endpoint: EndpointSpec, fields: Record<string, string>): number {
  const names = new Set(getEndpoint(endpoint.id).fields.map((f) => f.name));
  return Object.keys(fields).filter((f) => names.has(f)).length - Object.keys(fields).filter((f) => f !== 'hash' && !names.has(f)).length;
}
