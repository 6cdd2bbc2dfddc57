// Paths that are not PayWay endpoints but that public client libraries call (read to learn what
// integrations send): each names the endpoint it was meant to be. Anything else is matched by spelling.
import { catalog } from './index.ts';
import type { EndpointId, EndpointSpec } from './types.ts';

export interface WrongPath {
  path: string;
  endpoint: EndpointId;
  /** Where the path was seen. */
  seenIn: string;
}

export const WRONG_PATHS: readonly WrongPath[] = [
  { path: '/api/merchant-portal/merchant-access/payment-link/details', endpoint: 'payment-link-detail', seenIn: 'NODE (abapayway/node)' },
  { path: '/api/payment-gateway/v2/direct-payment/merchant/beneficiary/status', endpoint: 'beneficiary-status', seenIn: 'NODE' },
  { path: '/api/payment-gateway/v2/direct-payment/merchant/beneficiary/whitelist', endpoint: 'beneficiary-add', seenIn: 'NODE' },
  { path: '/api/payment-credential/v3/aof/payment', endpoint: 'payment-v3', seenIn: 'NODE' },
  { path: '/api/payment-credential/v3/aof/link-card', endpoint: 'link-card-v3', seenIn: 'NODE' },
  { path: '/api/payment-credential/v3/aof/renew-token', endpoint: 'renew-token-v3', seenIn: 'NODE' },
  { path: '/api/payment-credential/v3/aof/get-token-details', endpoint: 'token-details-v3', seenIn: 'NODE' },
  { path: '/api/merchant-portal/merchant-access/online-transaction/pre-auth-completion-with-payout', endpoint: 'pre-auth-complete-payout', seenIn: 'NODE; reference §8' },
  { path: '/api/payment-gateway/v1/payments/refund', endpoint: 'refund', seenIn: 'a Rust client' },
  { path: '/api/merchant-portal/online-transaction/create-payment-link', endpoint: 'payment-link-create', seenIn: 'a Rust client' },
  { path: '/api/cof/request-card-token', endpoint: 'link-card', seenIn: 'a Rust client' },
];

/** Levenshtein distance, for short strings (paths, field names). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

export interface NearestPath {
  endpoint: EndpointSpec;
  /** How it was found: a known wrong path, the path inside a longer one, or the closest spelling. */
  by: 'known' | 'suffix' | 'spelling';
  seenIn?: string;
}

/** The PayWay endpoint a path that is not one most likely meant, or undefined when nothing is near. */
export function nearestEndpointPath(path: string): NearestPath | undefined {
  const byId = (id: EndpointId) => catalog.find((e) => e.id === id)!;
  const clean = path.trim().replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\/{2,}/g, '/').toLowerCase();
  const known = WRONG_PATHS.find((w) => clean === w.path || clean.endsWith(w.path));
  if (known) return { endpoint: byId(known.endpoint), by: 'known', seenIn: known.seenIn };
  // A base path or host in front (/mock/api/…, /sandbox/api/…), or the path without /api/….
  const inside = catalog.find((e) => clean !== e.path && (clean.endsWith(e.path) || (clean.length > 12 && e.path.endsWith(clean))));
  if (inside) return { endpoint: inside, by: 'suffix' };
  let best: { endpoint: EndpointSpec; distance: number } | undefined;
  for (const endpoint of catalog) {
    const distance = editDistance(clean, endpoint.path);
    if (!best || distance < best.distance || (distance === best.distance && best.endpoint.legacy && !endpoint.legacy)) best = { endpoint, distance };
  }
  // Near enough to be a slip: a few edits, and much less than the path itself.
  if (best && best.distance <= Math.max(3, Math.floor(clean.length / 6))) return { endpoint: best.endpoint, by: 'spelling' };
  return undefined;
}
