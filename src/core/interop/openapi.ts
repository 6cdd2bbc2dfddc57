// The catalog as an OpenAPI 3.1 document. Every wire value is text, so each field is a string schema
// with the catalog's limits; the hash recipe, which OpenAPI cannot express, is spelled out in each
// operation's description and kept as data in `x-payway-hash`. Endpoints that share a path (purchase,
// purchase with token, subscription; pre-auth completion with and without payout) become one operation
// whose request body offers each endpoint's schema.
import { bodyTypeRules, catalog, defaultVariant, fieldsOf, HOSTS } from '../catalog/index.ts';
import type { ContentType, EndpointSpec, FieldSpec, JsonSchema } from '../catalog/types.ts';
import { partLabel } from '../signing/stringToSign.ts';

const ENCODING_NOTE: Record<FieldSpec['encoding'], string> = {
  none: '',
  base64: ' Sent as Base64 of the UTF-8 text.',
  'base64-json': ' Sent as Base64 of the compact JSON.',
  json: ' Sent as compact JSON text.',
  rsa: ' Sent as RSA PKCS#1 v1.5 ciphertext (k−11 byte chunks, blocks joined, Base64 once) of the JSON plaintext.',
};

function fieldSchema(field: FieldSpec): JsonSchema {
  if (field.type === 'file') return { type: 'string', contentMediaType: 'application/octet-stream', description: field.description };
  const schema: JsonSchema = { type: 'string', description: field.description + ENCODING_NOTE[field.encoding] + (field.notHashed ? ' Not part of the hash.' : '') };
  if (field.allowed && !field.allowedOpen && field.encoding === 'none') schema.enum = [...field.allowed];
  if (field.maxLength !== undefined && field.encoding === 'none') schema.maxLength = field.maxLength;
  if (field.format === 'req-time') schema.pattern = '^\\d{14}$';
  if (field.example !== undefined && field.encoding === 'none') schema.examples = [field.example];
  if (field.encoding === 'base64' || field.encoding === 'base64-json') schema.contentEncoding = 'base64';
  if (field.encoding === 'json' || field.encoding === 'base64-json') {
    schema.contentMediaType = 'application/json';
    if (field.schema) schema.contentSchema = field.schema;
  }
  if (field.note) schema['x-payway-note'] = field.note;
  return schema;
}

function bodySchema(endpoint: EndpointSpec): JsonSchema {
  const variant = defaultVariant(endpoint);
  const fields = fieldsOf(endpoint, variant);
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) properties[field.name] = fieldSchema(field);
  properties.hash = {
    type: 'string',
    description: `${variant.hash.algorithm} of the values of ${variant.hash.fields.map(partLabel).join(' + ')}, concatenated without separators, keyed with the ${variant.hash.key === 'partner-key' ? 'partner key' : 'API key'}, ${variant.hash.output === 'hex' ? 'lowercase hex' : 'Base64'}.`,
  };
  return {
    title: endpoint.name,
    type: 'object',
    required: [...fields.filter((f) => f.required === true).map((f) => f.name), 'hash'],
    properties,
  };
}

function hashDescription(endpoint: EndpointSpec): string {
  const lines = endpoint.variants.map((v) => {
    const recipe = v.hash.fields.map((p) => `\`${partLabel(p)}\``).join(' + ');
    return `- **${v.label}**${v.default ? ' (default)' : ''}: ${v.hash.algorithm}, ${v.hash.output}, over ${recipe}. ${v.note}`;
  });
  return `${endpoint.summary}\n\nHash recipe (values as sent, concatenated with no separator):\n${lines.join('\n')}`;
}

const statusSchema: JsonSchema = {
  type: 'object',
  properties: {
    status: { type: 'object', properties: { code: { type: ['string', 'integer'] }, message: { type: 'string' } } },
  },
};

/** The legacy v1 check's answer: the code itself in `status`, its message in `description`. */
const flatStatusSchema: JsonSchema = { type: 'object', properties: { status: { type: 'integer' }, description: { type: 'string' } } };

export interface OpenApiOptions {
  /** The document's own version (the app's version). */
  version?: string;
}

export function catalogToOpenApi(options: OpenApiOptions = {}): Record<string, unknown> {
  const byPath = new Map<string, EndpointSpec[]>();
  for (const endpoint of catalog) byPath.set(endpoint.path, [...(byPath.get(endpoint.path) ?? []), endpoint]);
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, JsonSchema> = {};

  for (const [path, endpoints] of byPath) {
    const content: Record<string, { schema: JsonSchema }> = {};
    for (const endpoint of endpoints) schemas[endpoint.id] = bodySchema(endpoint);
    const byType = new Map<ContentType, EndpointSpec[]>();
    for (const endpoint of endpoints) {
      // The documented types, and the ones a sandbox probe saw accepted (not the emulator's inferences).
      const seen = bodyTypeRules(endpoint).filter((r) => r.accepted && r.basis !== 'inference').map((r) => r.type);
      for (const type of new Set([endpoint.contentType, ...endpoint.variants.map((v) => v.contentType ?? endpoint.contentType), ...seen])) {
        byType.set(type, [...(byType.get(type) ?? []), endpoint]);
      }
    }
    for (const [type, list] of byType) {
      const refs = list.map((e) => ({ $ref: `#/components/schemas/${e.id}` }));
      content[type] = { schema: refs.length === 1 ? refs[0]! : { oneOf: refs } };
    }
    const first = endpoints[0]!;
    const codes = [...new Map(endpoints.flatMap((e) => e.codes).map((c) => [c.code, c])).values()];
    const html = endpoints.every((e) => e.response.kind === 'html');
    const operation: Record<string, unknown> = {
      operationId: endpoints.map((e) => e.id).join('_or_'),
      summary: endpoints.map((e) => e.name).join(' / '),
      description: endpoints.map((e) => `### ${e.name}\n\n${hashDescription(e)}`).join('\n\n'),
      tags: [...new Set(endpoints.map((e) => e.family))],
      requestBody: { required: true, content },
      responses: {
        '200': {
          description: html ? 'An HTML page (the hosted checkout or card form).' : `PayWay's answer. Codes: ${codes.map((c) => `${c.code} ${c.message}`).join('; ')}`,
          content: html ? { 'text/html': { schema: { type: 'string' } } } : { 'application/json': { schema: first.response.envelope === 'flat-status' ? flatStatusSchema : statusSchema, ...(first.response.example !== undefined ? { example: first.response.example } : {}) } },
        },
      },
      'x-payway-hash': Object.fromEntries(
        endpoints.map((e) => [e.id, e.variants.map((v) => ({ variant: v.id, default: !!v.default, fields: v.hash.fields.map(partLabel), algorithm: v.hash.algorithm, output: v.hash.output, key: v.hash.key }))]),
      ),
    };
    if (endpoints.some((e) => e.deprecated)) operation.deprecated = endpoints.every((e) => e.deprecated);
    const legacy = endpoints.find((e) => e.legacy);
    if (legacy) operation['x-payway-legacy'] = { current: legacy.legacy!.current, note: legacy.legacy!.note };
    const headers = endpoints.flatMap((e) => e.headers ?? []);
    if (headers.length) operation.parameters = headers.map((h) => ({ name: h.name, in: 'header', required: false, description: h.description, schema: { type: 'string' } }));
    paths[path] = { post: operation };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'ABA PayWay merchant API (as catalogued by PayWay Playground)',
      version: options.version ?? '1',
      description:
        'Generated from PayWay Playground\'s endpoint catalog. Every request carries a `hash` computed from the other fields; see each operation and `x-payway-hash`. Where the public sources disagree, the variants are listed.',
    },
    servers: [
      { url: HOSTS.sandbox, description: 'Sandbox' },
      { url: HOSTS.production, description: 'Production' },
    ],
    tags: [...new Set(catalog.map((e) => e.family))].map((name) => ({ name })),
    paths,
    components: { schemas },
  };
}
