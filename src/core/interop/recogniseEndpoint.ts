// Which endpoint a pasted request is for: by its path when there is one (several endpoints share a
// path: purchase / purchase-with-token / subscription, pre-auth-complete / -payout), then by how well
// its field names fit each candidate.
import { catalog, defaultVariant, fieldsOf } from '../catalog/index.ts';
import type { EndpointId, EndpointSpec } from '../catalog/types.ts';
import { pathOf } from './parseRequestText.ts';

export interface EndpointCandidate {
  id: EndpointId;
  score: number;
  /** Sent names the endpoint does not know. */
  unknown: string[];
  /** Required fields of the endpoint that are not sent. */
  missing: string[];
}

export interface EndpointRecognition {
  /** The best candidate; undefined when nothing fits. */
  endpoint?: EndpointId;
  by: 'path' | 'path+fields' | 'fields' | 'none';
  /** Candidates, best first (all of them scored by fields). */
  candidates: EndpointCandidate[];
  /** Candidates as good as the best one. */
  ties: EndpointId[];
  notes: string[];
}

function score(endpoint: EndpointSpec, names: ReadonlySet<string>): EndpointCandidate {
  const known = new Set(endpoint.variants.flatMap((v) => fieldsOf(endpoint, v).map((f) => f.name)));
  const required = fieldsOf(endpoint, defaultVariant(endpoint)).filter((f) => f.required === true);
  const unknown = [...names].filter((n) => !known.has(n));
  const missing = required.filter((f) => !names.has(f.name)).map((f) => f.name);
  const matched = [...names].filter((n) => known.has(n)).length;
  return { id: endpoint.id, score: 2 * matched - 3 * unknown.length - missing.length, unknown, missing };
}

function byFit(endpoints: readonly EndpointSpec[], names: ReadonlySet<string>): EndpointCandidate[] {
  const size = (id: EndpointId) => endpoints.find((e) => e.id === id)!.fields.length;
  // Equal scores: the endpoint with fewer fields is the more specific fit.
  return endpoints.map((e) => score(e, names)).sort((a, b) => b.score - a.score || size(a.id) - size(b.id));
}

/** Legacy paths take the same fields as their current endpoint: only their path names them. */
const current = catalog.filter((e) => !e.legacy);

/** The catalog endpoints at a path; also a suffix of a documented path, and legacy paths without "-2". */
function endpointsForPath(path: string, notes: string[]): EndpointSpec[] {
  const noteLegacy = (found: EndpointSpec[]) => {
    for (const e of found) {
      if (e.legacy) notes.push(`${e.path} is PayWay's legacy v1 path (${e.id}): still answered, in its old shape; the current one is ${catalog.find((c) => c.id === e.legacy!.current)!.path}.`);
    }
    return found;
  };
  const exact = catalog.filter((e) => e.path === path);
  if (exact.length) return noteLegacy(exact);
  const segments = path.split('/').filter(Boolean);
  if (segments.length >= 2) {
    const suffix = catalog.filter((e) => e.path.endsWith('/' + segments.join('/')) || path.endsWith(e.path));
    if (suffix.length) return noteLegacy(suffix);
  }
  const legacy = catalog.filter((e) => e.path === path + '-2');
  if (legacy.length) {
    notes.push(`${path} is the legacy path; the documented one is ${legacy[0]!.path}, which answers a different response shape.`);
    return legacy;
  }
  return [];
}

export function recogniseEndpoint(pathOrUrl: string | undefined, fieldNames: Iterable<string>): EndpointRecognition {
  const names = new Set([...fieldNames].filter((n) => n !== 'hash'));
  const notes: string[] = [];
  const path = pathOrUrl ? pathOf(pathOrUrl) : undefined;
  if (path) {
    const atPath = endpointsForPath(path, notes);
    if (atPath.length) {
      const candidates = byFit(atPath, names);
      const best = candidates[0]!;
      const ties = candidates.filter((c) => c.score === best.score).map((c) => c.id);
      return { endpoint: best.id, by: atPath.length > 1 ? 'path+fields' : 'path', candidates, ties, notes };
    }
    notes.push(`No PayWay endpoint has the path ${path}; the endpoint was guessed from the field names.`);
  }
  if (!names.size) return { by: 'none', candidates: [], ties: [], notes };
  const candidates = byFit(current, names);
  const best = candidates[0]!;
  if (best.score <= 0) return { by: 'none', candidates: candidates.slice(0, 5), ties: [], notes: [...notes, 'The field names fit no endpoint well; choose one.'] };
  const ties = candidates.filter((c) => c.score === best.score).map((c) => c.id);
  if (ties.length > 1) notes.push(`The fields fit ${ties.join(', ')} equally well.`);
  return { endpoint: best.id, by: 'fields', candidates: candidates.slice(0, 8), ties, notes };
}
