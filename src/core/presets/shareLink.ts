// Share links: the preset, stripped of secrets, compressed (deflate-raw) and Base64url-encoded into the
// URL fragment, which browsers never send to a server. The fragment names its format version before the
// data ("#preset=v1.…") so a link from a newer app is recognised without decoding anything.
import { getEndpoint, getVariant } from '../catalog/index.ts';
import { base64ToBytes, base64UrlFromBase64, bytesToBase64, utf8Decode, utf8Encode } from '../signing/bytes.ts';
import type { Credentials } from './draft.ts';
import { DOCUMENT_FORMAT, restore, type RestoreOptions } from './restore.ts';
import { SCHEMA_VERSION, type Preset, type SchemaProblem } from './schema.ts';
import { serializeForExport } from './serializeForExport.ts';
import { SHARE_FRAGMENT_KEY } from './shareFragment.ts';

export { hasShareLink, SHARE_FRAGMENT_KEY } from './shareFragment.ts';
/** Beyond this many characters some chat apps and mail clients cut links. */
export const LONG_LINK = 8000;

export class ShareLinkError extends Error {
  override name = 'ShareLinkError';
  constructor(
    readonly kind: 'newer-version' | 'damaged' | 'not-a-share-link',
    message: string,
  ) {
    super(message);
  }
}

async function transform(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

export interface ShareLink {
  /** `base` with the fragment set. */
  url: string;
  fragment: string;
  /** Dot paths where a secret was removed or replaced. */
  redacted: string[];
  /** Set when the link is long enough to be cut by some apps. */
  warning?: string;
}

/** `base` is the app's URL (any existing fragment is replaced). */
export async function createShareLink(preset: Preset, base: string, knownSecrets?: Credentials): Promise<ShareLink> {
  const { value, redacted } = serializeForExport(
    { format: DOCUMENT_FORMAT, version: SCHEMA_VERSION, presets: [preset] },
    { path: 'link', knownSecrets: [knownSecrets] },
  );
  const compressed = await transform(utf8Encode(JSON.stringify(value)), new CompressionStream('deflate-raw'));
  const fragment = `${SHARE_FRAGMENT_KEY}=v${SCHEMA_VERSION}.${base64UrlFromBase64(bytesToBase64(compressed))}`;
  const url = `${base.replace(/#.*$/, '')}#${fragment}`;
  const link: ShareLink = { url, fragment, redacted };
  if (url.length > LONG_LINK) link.warning = `This link is ${url.length} characters long; some apps cut links this long. Export a file instead if it arrives broken.`;
  return link;
}

export interface SharedPreset {
  preset: Preset;
  /** Repairs made while reading it. */
  problems: SchemaProblem[];
  /** What the confirmation dialog shows before loading. */
  summary: PresetSummary;
}

/** Reads a share link (whole URL, fragment or bare token). Throws ShareLinkError with a message for the person. */
export async function readShareLink(urlOrFragment: string, options: RestoreOptions = {}): Promise<SharedPreset> {
  const fragment = urlOrFragment.includes('#') ? urlOrFragment.slice(urlOrFragment.indexOf('#') + 1) : urlOrFragment;
  const match = new RegExp(`^${SHARE_FRAGMENT_KEY}=v(\\d+)\\.(.*)$`, 's').exec(fragment.trim());
  if (!match) {
    if (fragment.startsWith(`${SHARE_FRAGMENT_KEY}=`)) throw new ShareLinkError('damaged', 'This share link is damaged: its version mark is missing. Ask for the link again, or for an exported file.');
    throw new ShareLinkError('not-a-share-link', 'This is not a PayWay Playground share link.');
  }
  const version = Number(match[1]);
  if (version > SCHEMA_VERSION) {
    throw new ShareLinkError('newer-version', `This link was made by a newer version of PayWay Playground (format ${version}; this one reads up to ${SCHEMA_VERSION}). Reload or update the app, then open the link again.`);
  }
  const damaged = (why: string) => new ShareLinkError('damaged', `This share link is damaged (${why}). It may have been cut when it was copied: ask for it again, or for an exported file.`);
  const token = decodeURIComponent(match[2]!);
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw damaged('it has characters a share link never has');
  let json: unknown;
  try {
    json = JSON.parse(utf8Decode(await transform(base64ToBytes(token), new DecompressionStream('deflate-raw'))));
  } catch {
    throw damaged('its data does not decompress');
  }
  const restored = restore(json, options);
  if (restored.error?.kind === 'newer-version') throw new ShareLinkError('newer-version', restored.error.message);
  const preset = restored.value.presets[0];
  if (restored.error || !preset) {
    const why = restored.quarantined[0]?.problems.join('; ') ?? restored.error?.message ?? 'it holds no preset';
    throw damaged(why);
  }
  return { preset, problems: restored.problems, summary: summarisePreset(preset) };
}

export interface PresetSummary {
  name: string;
  endpoint: string;
  path: string;
  variant: string;
  /** Every input and verbatim wire value the preset would fill in, in form order first. */
  fields: { name: string; value: string; verbatim: boolean }[];
  environment?: string;
  tags: string[];
  folder: string;
}

/** What a preset contains, for the "load this?" dialog of a link or an import. */
export function summarisePreset(preset: Preset): PresetSummary {
  const endpoint = getEndpoint(preset.draft.endpoint);
  const variant = getVariant(endpoint, preset.draft.variant);
  const order = new Map(endpoint.fields.map((f, i) => [f.name, i]));
  const rank = (name: string) => order.get(name) ?? Number.MAX_SAFE_INTEGER;
  const fields = [
    ...Object.entries(preset.draft.inputs).map(([name, value]) => ({ name, value, verbatim: false })),
    ...Object.entries(preset.draft.wire ?? {}).map(([name, value]) => ({ name, value, verbatim: true })),
  ].sort((a, b) => rank(a.name) - rank(b.name));
  const summary: PresetSummary = {
    name: preset.name,
    endpoint: endpoint.name,
    path: endpoint.path,
    variant: variant.label,
    fields,
    tags: preset.tags,
    folder: preset.folder,
  };
  if (preset.environment) summary.environment = `${preset.environment.name} (${preset.environment.target})`;
  return summary;
}
