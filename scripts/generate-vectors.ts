// Writes the golden vectors from the catalog. Run after changing the catalog on purpose:
//   npx tsx scripts/generate-vectors.ts
// then review the diff: every expected value is recomputed independently by node:crypto and PHP.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog, fieldsOf, getVariant } from '../src/core/catalog/index.ts';
import type { EndpointSpec } from '../src/core/catalog/types.ts';
import { DEMO_MERCHANT } from '../src/core/demoMerchant.ts';
import { buildRequest, exampleInputs } from '../src/core/signing/buildRequest.ts';
import { seededRandom } from '../tests/support/seededRandom.ts';
import { VECTORS_DIR, VECTOR_KEY, VECTOR_NOW, type GoldenVector } from '../tests/support/vectors.ts';

const KHMER_ITEMS = JSON.stringify(
  Array.from({ length: 6 }, (_, i) => ({ name: i % 2 ? `Iced coffee ${i}` : `កាហ្វេទឹកដោះគោ ${i}`, quantity: i + 1, price: (1.25 * (i + 1)).toFixed(2) })),
);

async function vector(endpoint: EndpointSpec, name: string, description: string, inputs: Record<string, string>, variantId?: string): Promise<GoldenVector> {
  const variant = getVariant(endpoint, variantId);
  const rsaSeed = endpoint.rsa ? 1000 + name.length : undefined;
  const trace = await buildRequest(
    endpoint,
    inputs,
    { apiKey: VECTOR_KEY, partnerKey: VECTOR_KEY, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem },
    { variant: variant.id, random: rsaSeed === undefined ? undefined : seededRandom(rsaSeed), now: VECTOR_NOW },
  );
  const errors = trace.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`${endpoint.id}/${name}: ${errors.map((e) => e.message).join('; ')}`);
  const fields = fieldsOf(endpoint, variant);
  return {
    name,
    description,
    endpoint: endpoint.id,
    variant: variant.id,
    key: VECTOR_KEY,
    inputs,
    ...(endpoint.rsa ? { rsaSeed, rsaField: endpoint.rsa.field, rsaPlaintext: trace.rsa?.plaintext } : {}),
    recipe: [...variant.hash.fields],
    algorithm: variant.hash.algorithm,
    output: variant.hash.output,
    base64JsonFields: fields.filter((f) => f.encoding === 'base64-json' && inputs[f.name]).map((f) => f.name),
    wire: Object.fromEntries(trace.wire.filter(([n]) => n !== 'hash')),
    stringToSign: trace.stringToSign,
    hash: trace.signature.hash,
  };
}

// Only the per-endpoint folders are generated; anything else in tests/vectors stays.
for (const endpoint of catalog) rmSync(join(VECTORS_DIR, endpoint.id), { recursive: true, force: true });
let count = 0;
for (const endpoint of catalog) {
  const dir = join(VECTORS_DIR, endpoint.id);
  mkdirSync(dir, { recursive: true });
  const cases: GoldenVector[] = [];
  const examples = exampleInputs(endpoint);
  cases.push(await vector(endpoint, 'example', 'The catalog demo values, default variant.', examples));
  const defaultFields = fieldsOf(endpoint, getVariant(endpoint));
  const requiredOnly = Object.fromEntries(Object.entries(examples).filter(([n]) => defaultFields.find((f) => f.name === n)?.required === true));
  cases.push(await vector(endpoint, 'required-only', 'Only the required fields: every optional field empty, contributing "".', requiredOnly));
  const khmer: Record<string, string> = { ...examples };
  let hasKhmer = false;
  for (const f of defaultFields) {
    if (f.name === 'items' && f.encoding === 'base64-json') (khmer.items = KHMER_ITEMS), (hasKhmer = true);
    if (/^(first_?name)$/.test(f.name)) (khmer[f.name] = 'សុខា'), (hasKhmer = true);
    if (/^(last_?name)$/.test(f.name)) (khmer[f.name] = 'ចាន់'), (hasKhmer = true);
  }
  if (hasKhmer) cases.push(await vector(endpoint, 'khmer', 'Khmer and English text in items and names (multi-byte UTF-8).', khmer));
  for (const variant of endpoint.variants.filter((v) => !v.default)) {
    const inputs = exampleInputs(endpoint, variant.id);
    // PHP 8 throws a TypeError on `'' + ''`, so PHP arithmetic parts get values PHP can add.
    for (const part of variant.hash.fields) {
      if (typeof part === 'string') continue;
      for (const name of part.phpSum) {
        const spec = fieldsOf(endpoint, variant).find((f) => f.name === name);
        inputs[name] ||= spec?.format === 'date-time' ? '2025-02-13 23:59:59' : '1.50';
      }
    }
    cases.push(await vector(endpoint, `variant-${variant.id}`, `Variant "${variant.id}": ${variant.label}.`, inputs, variant.id));
  }
  for (const c of cases) {
    writeFileSync(join(dir, `${c.name}.json`), JSON.stringify(c, null, 2) + '\n');
    count++;
  }
}
console.log(`wrote ${count} vectors for ${catalog.length} endpoints to ${VECTORS_DIR}`);
