// Golden vectors: tests/vectors/<endpoint-id>/<case>.json. Each holds the inputs, the wire values, the
// string-to-sign and the hash; the tests recompute them with our core, node:crypto and PHP.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HashPart } from '../../src/core/catalog/types.ts';

export interface GoldenVector {
  name: string;
  description: string;
  endpoint: string;
  variant: string;
  key: string;
  inputs: Record<string, string>;
  /** Seed of the RSA padding bytes (endpoints with merchant_auth / beneficiaries / request_data). */
  rsaSeed?: number;
  rsaField?: string;
  rsaPlaintext?: string;
  recipe: HashPart[];
  algorithm: 'HMAC-SHA512' | 'HMAC-SHA256';
  output: 'base64' | 'hex';
  /** Fields whose wire value is Base64 of the JSON input. */
  base64JsonFields: string[];
  wire: Record<string, string>;
  stringToSign: string;
  hash: string;
}

export const VECTORS_DIR = resolve(import.meta.dirname, '../vectors');
export const VECTOR_KEY = 'demo-api-key-not-real';
/** The instant the vectors were made; req_time checks are judged against it. */
export const VECTOR_NOW = new Date(Date.UTC(2025, 1, 13, 6, 55, 45));

export function loadVectors(): (GoldenVector & { file: string })[] {
  return readdirSync(VECTORS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(VECTORS_DIR, d.name))
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ file: `${d.name}/${f}`, ...(JSON.parse(readFileSync(join(VECTORS_DIR, d.name, f), 'utf8')) as GoldenVector) })),
    );
}
