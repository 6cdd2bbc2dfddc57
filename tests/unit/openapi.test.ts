import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { catalog, defaultVariant } from '../../src/core/catalog/index.ts';
import { catalogToOpenApi } from '../../src/core/interop/openapi.ts';

type Operation = { operationId: string; requestBody: { content: Record<string, { schema: { $ref?: string; oneOf?: { $ref: string }[] } }> }; 'x-payway-hash': Record<string, { variant: string; fields: string[]; output: string }[]> };
type Document = { openapi: string; paths: Record<string, { post: Operation }>; components: { schemas: Record<string, { required: string[]; properties: Record<string, { enum?: string[]; description: string }> }> } };

describe('OpenAPI export', () => {
  const document = catalogToOpenApi({ version: '0.1.0' }) as unknown as Document;

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('the validator does reject a broken document (the check can fail)', async () => {
    const broken = structuredClone(document) as unknown as Record<string, unknown>;
    (broken.paths as Record<string, unknown>)['/api/x'] = { post: { responses: 'none' } };
    expect((await new Validator().validate(broken as Parameters<Validator['validate']>[0])).valid).toBe(false);
  });

  it('has every endpoint: one schema each, reachable from the operation at its path', () => {
    for (const endpoint of catalog) {
      const operation = document.paths[endpoint.path]?.post;
      expect(operation, endpoint.id).toBeDefined();
      const refs = Object.values(operation!.requestBody.content).flatMap((c) => (c.schema.oneOf ?? [c.schema]).map((s) => s.$ref));
      expect(refs).toContain(`#/components/schemas/${endpoint.id}`);
      expect(operation!.requestBody.content).toHaveProperty(endpoint.contentType);
    }
    expect(Object.keys(document.components.schemas).sort()).toEqual(catalog.map((e) => e.id).sort());
  });

  it('lists the body types PayWay documents or was seen to accept, and marks the legacy paths', () => {
    const paths = (document as unknown as { paths: unknown }).paths as Record<string, { post: { requestBody: { content: Record<string, unknown> }; 'x-payway-legacy'?: { current: string }; responses: { '200': { content: Record<string, { schema: unknown }> } } } }>;
    expect(Object.keys(paths['/api/payment-gateway/v1/payments/purchase']!.post.requestBody.content).sort()).toEqual(['application/json', 'multipart/form-data']);
    expect(Object.keys(paths['/api/payment-credential/v3/cof/link-card']!.post.requestBody.content).sort()).toEqual(['application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(Object.keys(paths['/api/payment-gateway/v3/purchase/payment-credential']!.post.requestBody.content)).toEqual(['application/json']);
    expect(paths['/api/payment-gateway/v1/payments/check-transaction']!.post['x-payway-legacy']?.current).toBe('check-transaction');
    expect(paths['/api/payment-gateway/v1/payments/transaction-list']!.post['x-payway-legacy']?.current).toBe('transaction-list');
    expect(paths['/api/payment-gateway/v1/payments/check-transaction-2']!.post['x-payway-legacy']).toBeUndefined();
    expect(paths['/api/payment-gateway/v1/payments/check-transaction']!.post.responses['200'].content['application/json']!.schema).toMatchObject({ properties: { status: { type: 'integer' } } });
  });

  it('carries each variant\'s hash recipe as data, in the catalog order', () => {
    for (const endpoint of catalog) {
      const recipes = document.paths[endpoint.path]!.post['x-payway-hash'][endpoint.id]!;
      expect(recipes.map((r) => r.variant)).toEqual(endpoint.variants.map((v) => v.id));
      const def = defaultVariant(endpoint);
      expect(recipes.find((r) => r.variant === def.id)!.fields).toEqual(def.hash.fields.map((p) => (typeof p === 'string' ? p : p.phpSum.join('+'))));
    }
  });

  it('describes fields with their required flags and allowed values', () => {
    const purchase = document.components.schemas.purchase!;
    expect(purchase.required).toEqual(expect.arrayContaining(['req_time', 'merchant_id', 'tran_id', 'amount', 'hash']));
    expect(purchase.properties.currency!.enum).toEqual(['KHR', 'USD']);
    expect(purchase.properties.items!.description).toMatch(/Base64 of the compact JSON/);
    expect(document.components.schemas.payout!.properties.hash!.description).toMatch(/lowercase hex/);
  });
});
