import { describe, expect, it } from 'vitest';
import { catalog, getEndpoint } from '../../src/core/catalog/index.ts';
import { fieldModelUri, jsonSchemas, rsaPlaintextSchema } from '../../src/app/editor/monaco.ts';

describe('JSON schemas for the editors', () => {
  it('gives every JSON field of every endpoint a schema bound to its model URI', () => {
    const byUri = new Map(jsonSchemas().map((s) => [s.fileMatch[0], s.schema]));
    for (const endpoint of catalog) {
      for (const field of endpoint.fields) {
        if (field.schema) expect(byUri.get(fieldModelUri(endpoint.id, field.name)), `${endpoint.id}.${field.name}`).toBe(field.schema);
        if (field.encoding === 'rsa') expect(byUri.has(fieldModelUri(endpoint.id, field.name)), `${endpoint.id}.${field.name}`).toBe(true);
      }
    }
  });

  it('describes the RSA plaintext from the catalog, mc_id optional because the builder fills it', () => {
    const refund = getEndpoint('refund');
    const schema = rsaPlaintextSchema(refund.rsa!) as { type: string; properties: Record<string, unknown>; required: string[] };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(refund.rsa!.keys.map((k) => k.name));
    for (const key of refund.rsa!.keys.filter((k) => k.from === 'merchant_id')) expect(schema.required).not.toContain(key.name);
    const payout = rsaPlaintextSchema(getEndpoint('payout').rsa!) as { type: string };
    expect(payout.type).toBe('array');
  });
});
