// THE one serializer for everything that leaves the live session: share links, exported files, history
// entries and code snippets all pass through here. It drops every secret-bearing property wherever it
// sits, and replaces any copy of a known secret (as typed, Base64, Base64url or hex) found in other text,
// e.g. an API key pasted into an input field by mistake. Only a file export may keep secrets, and only
// when the user asked for it. A collection (files a team keeps in git) is stricter still: any value shaped
// like a key is removed too, and the collection loader refuses a file in which this finds anything.
import { base64Encode, base64UrlFromBase64, bytesToHex, utf8Encode } from '../signing/bytes.ts';
import { SECRET_FIELDS, type Credentials } from './draft.ts';

export type ExportPath = 'link' | 'file' | 'history' | 'snippet' | 'storage' | 'collection';

export interface ExportOptions {
  path: ExportPath;
  /** Keep remembered secrets. Allowed for path 'file' only; the UI shows SECRETS_WARNING first. */
  includeSecrets?: boolean;
  /** Credentials held right now; any copy of them in other text is replaced. */
  knownSecrets?: readonly (Credentials | undefined)[];
}

export interface Serialized<T> {
  value: T;
  /** Where something was removed or replaced, as dot paths ("presets.0.draft.inputs.note"). */
  redacted: string[];
  /** Why, for each entry of `redacted` (a secret property, a copy of a known secret, a key-shaped value). */
  reasons: string[];
  secretsIncluded: boolean;
}

/** Properties that hold secrets anywhere in our data. */
export const SECRET_PROPERTIES: ReadonlySet<string> = new Set<string>([...SECRET_FIELDS, 'secrets', 'credentials', 'rsaPrivateKeyPem']);

export const SECRET_PLACEHOLDER = '[secret removed]';

export const SECRETS_WARNING =
  'This file will contain your API key and RSA key in plain text. Anyone who gets the file can sign requests as your merchant. Keep it out of chats, tickets and repositories.';

/**
 * Names under which a collection file may hold only a reference, never a value: PayWay calls its API key
 * "public_key", so that name counts too. Matched after removing "-", "_" and case.
 */
const KEY_NAMES = /^(apikey|publickey|privatekey|partnerkey|secret|secretkey|clientsecret|password|passwd|hmackey|signingkey|rsa(public|private)?key(pem)?|key)$/;

/** A reference that names where a key comes from: `{{variable}}`, or an environment variable NAME_WITH_UNDERSCORES. */
const KEY_REFERENCE = /^(\{\{\s*[$\w.-]+\s*\}\}|[A-Z][A-Z0-9]*(_[A-Z0-9]+)+)$/;

/** A PEM key block (public or private) pasted into any value. */
const PEM_KEY = /-----BEGIN [A-Z0-9 ]*KEY-----/;

/** Why a collection may not hold `value` under `name`, or undefined when it may. */
export function keyShape(name: string, value: string): string | undefined {
  if (PEM_KEY.test(value)) return 'holds a PEM key';
  if (value.trim() !== '' && KEY_NAMES.test(name.replace(/[-_]/g, '').toLowerCase()) && !KEY_REFERENCE.test(value.trim())) {
    return `"${name}" holds a value; name where the key comes from instead (an environment's secretsFrom, or a {{variable}})`;
  }
  return undefined;
}

/** Shorter strings are not scrubbed: replacing a 3-character "key" everywhere would wreck the data. */
const MIN_SECRET_LENGTH = 8;

/** Every form in which a secret could appear in text: as typed, Base64, Base64url, hex, and a PEM's body lines. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  const add = (form: string) => {
    if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
  };
  add(secret);
  add(secret.trim());
  const base64 = base64Encode(secret);
  add(base64);
  add(base64.replace(/=+$/, ''));
  add(base64UrlFromBase64(base64));
  const hex = bytesToHex(utf8Encode(secret));
  add(hex);
  add(hex.toUpperCase());
  const pemBody = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END/.exec(secret)?.[1];
  if (pemBody !== undefined) {
    add(pemBody.replace(/\\n|\s+/g, ''));
    for (const line of pemBody.split(/\\n|\s+/)) if (line.length >= 16) add(line);
  }
  // Longest first, so a PEM is replaced whole before its lines are looked for.
  return [...forms].sort((a, b) => b.length - a.length);
}

function collectForms(known: readonly (Credentials | undefined)[] | undefined): string[] {
  const forms = new Set<string>();
  for (const credentials of known ?? []) {
    for (const field of SECRET_FIELDS) {
      const secret = credentials?.[field];
      if (secret) for (const form of secretForms(secret)) forms.add(form);
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

export function serializeForExport<T>(value: T, options: ExportOptions): Serialized<T> {
  const includeSecrets = options.includeSecrets === true;
  if (includeSecrets && options.path !== 'file') {
    throw new Error(`secrets can be included in a file export only, not in a ${options.path}`);
  }
  const forms = collectForms(options.knownSecrets);
  const redacted: string[] = [];
  const reasons: string[] = [];
  const collection = options.path === 'collection';

  const scrub = (text: string, path: string, name: string): string => {
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(SECRET_PLACEHOLDER);
    if (out !== text) {
      redacted.push(path);
      reasons.push('a copy of a key in use');
      return out;
    }
    const shape = collection ? keyShape(name, text) : undefined;
    if (shape) {
      redacted.push(path);
      reasons.push(shape);
      return SECRET_PLACEHOLDER;
    }
    return out;
  };

  const walk = (node: unknown, path: string, name = ''): unknown => {
    if (typeof node === 'string') return scrub(node, path, name);
    if (typeof node === 'number') return Number.isFinite(node) ? node : null;
    if (node === null || typeof node === 'boolean') return node;
    if (Array.isArray(node)) return node.map((item, i) => walk(item, path ? `${path}.${i}` : String(i), name));
    if (typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) {
        if (item === undefined) continue;
        const childPath = path ? `${path}.${key}` : key;
        if (SECRET_PROPERTIES.has(key)) {
          if (includeSecrets) out[key] = structuredClone(item);
          else {
            redacted.push(childPath);
            reasons.push(`"${key}" is a secret's own property`);
          }
          continue;
        }
        const walked = walk(item, childPath, key);
        if (walked !== undefined) out[key] = walked;
      }
      return out;
    }
    // Functions, symbols and bigints have no JSON form.
    return undefined;
  };

  return { value: walk(value, '') as T, redacted, reasons, secretsIncluded: includeSecrets };
}
