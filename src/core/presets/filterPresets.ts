// Filtering thousands of presets on every keystroke: each preset's searchable text is lowercased once
// into haystacks, so a keystroke costs one `includes` per preset and term, with no allocation per preset.
import { getEndpoint, isEndpointId } from '../catalog/index.ts';
import type { PresetListItem } from './presetListIndex.ts';
import type { Preset } from './schema.ts';

/** What filtering reads: a list row (presetListIndex.ts) or a full preset. */
export type Filterable = Pick<PresetListItem, 'name' | 'folder' | 'tags'> & ({ endpoint: string } | { draft: { endpoint: string } });

const endpointOf = (item: Filterable): string => ('draft' in item ? item.draft.endpoint : item.endpoint);

export interface PresetFilter {
  /** Free text, matched against name, endpoint (id, name, path), folder and tags. Every word must match.
   *  `tag:x`, `endpoint:x` and `folder:x` words match only that part. */
  text?: string;
  /** Exact endpoint id. */
  endpoint?: string;
  /** Every one of these tags (case-insensitive). */
  tags?: readonly string[];
  /** The folder or any folder below it. */
  folder?: string;
}

interface IndexedPreset<T> {
  preset: T;
  all: string;
  name: string;
  endpoint: string;
  folder: string;
  tags: string[];
}

export interface PresetIndex<T extends Filterable = Preset> {
  readonly entries: readonly IndexedPreset<T>[];
}

const endpointText = new Map<string, string>();
function endpointHaystack(id: string): string {
  let text = endpointText.get(id);
  if (text === undefined) {
    text = isEndpointId(id) ? `${id}\n${getEndpoint(id).name}\n${getEndpoint(id).path}`.toLowerCase() : id.toLowerCase();
    endpointText.set(id, text);
  }
  return text;
}

/** Builds the haystacks; `presets` keep their order (sort before indexing). */
export function indexPresets<T extends Filterable>(presets: readonly T[]): PresetIndex<T> {
  return {
    entries: presets.map((preset) => {
      const name = preset.name.toLowerCase();
      const endpoint = endpointHaystack(endpointOf(preset));
      const folder = preset.folder.toLowerCase();
      const tags = preset.tags.map((t) => t.toLowerCase());
      return { preset, name, endpoint, folder, tags, all: `${name}\n${endpoint}\n${folder}\n${tags.join('\n')}` };
    }),
  };
}

type Term = { field: 'all' | 'tag' | 'endpoint' | 'folder' | 'name'; text: string };

function parseTerms(text: string): Term[] {
  const terms: Term[] = [];
  for (const word of text.toLowerCase().split(/\s+/)) {
    if (!word) continue;
    const scoped = /^(tag|endpoint|folder|name):(.*)$/.exec(word);
    if (scoped) {
      if (scoped[2]) terms.push({ field: scoped[1] as Term['field'], text: scoped[2] });
    } else terms.push({ field: 'all', text: word });
  }
  return terms;
}

function matches(entry: IndexedPreset<Filterable>, term: Term): boolean {
  switch (term.field) {
    case 'all':
      return entry.all.includes(term.text);
    case 'name':
      return entry.name.includes(term.text);
    case 'endpoint':
      return entry.endpoint.includes(term.text);
    case 'folder':
      return entry.folder.includes(term.text);
    case 'tag':
      return entry.tags.some((t) => t.includes(term.text));
  }
}

export function filterPresets<T extends Filterable>(index: PresetIndex<T>, filter: PresetFilter): T[] {
  const terms = parseTerms(filter.text ?? '');
  const tags = (filter.tags ?? []).map((t) => t.toLowerCase());
  const folder = filter.folder?.toLowerCase();
  const out: T[] = [];
  for (const entry of index.entries) {
    if (filter.endpoint && endpointOf(entry.preset) !== filter.endpoint) continue;
    if (folder && entry.folder !== folder && !entry.folder.startsWith(folder + '/')) continue;
    if (tags.length && !tags.every((t) => entry.tags.includes(t))) continue;
    let ok = true;
    for (const term of terms) {
      if (!matches(entry, term)) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(entry.preset);
  }
  return out;
}

/** The tags and folders in use, with counts, for the filter's pickers. */
export function facetsOf(presets: readonly Filterable[]): { tags: [string, number][]; folders: [string, number][]; endpoints: [string, number][] } {
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const tags = new Map<string, number>();
  const folders = new Map<string, number>();
  const endpoints = new Map<string, number>();
  for (const preset of presets) {
    for (const tag of preset.tags) count(tags, tag);
    if (preset.folder) count(folders, preset.folder);
    count(endpoints, endpointOf(preset));
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => a[0].localeCompare(b[0]));
  return { tags: sorted(tags), folders: sorted(folders), endpoints: sorted(endpoints) };
}
