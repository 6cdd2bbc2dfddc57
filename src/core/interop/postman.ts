// The catalog as a Postman v2.1 collection. Each request's pre-request script encodes the inputs the
// way the catalog says (Base64, compact JSON) and computes the hash with CryptoJS, which Postman's
// sandbox provides. CryptoJS has no RSA, so merchant_auth / beneficiaries / request_data are taken
// from a variable the user fills with a value made by the playground or `payway sign`.
import { catalog, defaultVariant, families, fieldsOf, HOSTS } from '../catalog/index.ts';
import type { EndpointSpec, Variant } from '../catalog/types.ts';
import { exampleInputs } from '../signing/buildRequest.ts';
import { partLabel } from '../signing/stringToSign.ts';

export const POSTMAN_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

/** Variables the collection declares; secrets are left empty for the user's environment. */
export const POSTMAN_VARIABLES = {
  baseUrl: 'base_url',
  merchantId: 'merchant_id',
  apiKey: 'payway_api_key',
  partnerKey: 'payway_partner_key',
} as const;

const js = (value: unknown) => JSON.stringify(value);

/** The pre-request script of one endpoint (exported so tests can run it in a sandbox). */
export function preRequestScript(endpoint: EndpointSpec, variant: Variant = defaultVariant(endpoint)): string[] {
  const fields = fieldsOf(endpoint, variant).filter((f) => f.type !== 'file');
  const examples = exampleInputs(endpoint, variant.id);
  const rsaField = endpoint.rsa?.field;
  const order = variant.hash.fields.map((part) => {
    if (typeof part !== 'string') throw new Error(`${endpoint.id}/${variant.id}: the Postman script cannot express ${partLabel(part)}`);
    return part;
  });
  const encodings: Record<string, string> = {};
  for (const field of fields) if (field.encoding !== 'none' && field.encoding !== 'rsa') encodings[field.name] = field.encoding;
  const keyVariable = variant.hash.key === 'partner-key' ? POSTMAN_VARIABLES.partnerKey : POSTMAN_VARIABLES.apiKey;

  const inputLines = fields
    .filter((f) => f.name !== rsaField && (examples[f.name] !== undefined || f.format === 'req-time'))
    .map((f) => {
      if (f.format === 'req-time') return `  ${f.name}: '', // empty: now, UTC YYYYMMDDHHmmss`;
      if (f.name === 'merchant_id') return `  merchant_id: pm.variables.get('${POSTMAN_VARIABLES.merchantId}') || ${js(examples[f.name])},`;
      return `  ${f.name}: ${js(examples[f.name])},${encodings[f.name] ? ` // ${encodings[f.name]}` : ''}`;
    });

  return [
    `// PayWay Playground: computes the hash of "${endpoint.name}" (${variant.hash.algorithm}, ${variant.hash.output}).`,
    '// Edit the values below (JSON fields as JSON text, URLs as plain text): this script encodes them as PayWay wants.',
    'const inputs = {',
    ...inputLines,
    '};',
    `const encodings = ${js(encodings)};`,
    `const recipe = ${js(order)};`,
    'const utf8Base64 = (text) => CryptoJS.enc.Base64.stringify(CryptoJS.enc.Utf8.parse(text));',
    'const wire = {};',
    'for (const [name, input] of Object.entries(inputs)) {',
    "  if (input === '') continue;",
    '  const encoding = encodings[name];',
    "  if (encoding === 'base64') wire[name] = utf8Base64(input);",
    "  else if (encoding === 'base64-json') wire[name] = utf8Base64(JSON.stringify(JSON.parse(input)));",
    "  else if (encoding === 'json') wire[name] = JSON.stringify(JSON.parse(input));",
    '  else wire[name] = input;',
    '}',
    `for (const name of ${js(fields.filter((f) => f.format === 'req-time').map((f) => f.name))}) if (inputs[name] === '') wire[name] = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);`,
    ...(rsaField
      ? [
          `// CryptoJS cannot RSA-encrypt: set the "${rsaField}" variable to a value computed by PayWay Playground or \`payway sign\`.`,
          `wire.${rsaField} = pm.variables.get('${rsaField}');`,
          `if (!wire.${rsaField}) throw new Error('Set the variable "${rsaField}" (RSA ciphertext from PayWay Playground or payway sign)');`,
        ]
      : []),
    `const key = pm.variables.get('${keyVariable}');`,
    `if (!key) throw new Error('Set the variable "${keyVariable}" in your Postman environment (type: secret)');`,
    "const stringToSign = recipe.map((name) => wire[name] ?? '').join('');",
    `const mac = CryptoJS.${variant.hash.algorithm === 'HMAC-SHA256' ? 'HmacSHA256' : 'HmacSHA512'}(stringToSign, key);`,
    `wire.hash = ${variant.hash.output === 'hex' ? 'mac.toString(CryptoJS.enc.Hex)' : 'CryptoJS.enc.Base64.stringify(mac)'};`,
    `for (const name of ${js([...fields.map((f) => f.name), 'hash'])}) pm.variables.set('pw_' + name, wire[name] ?? '');`,
    "pm.variables.set('pw_body', JSON.stringify(wire));",
  ];
}

function requestItem(endpoint: EndpointSpec): Record<string, unknown> {
  const variant = defaultVariant(endpoint);
  const contentType = variant.contentType ?? endpoint.contentType;
  const fields = fieldsOf(endpoint, variant).filter((f) => f.type !== 'file');
  const sent = [...fields.map((f) => f.name), 'hash'];
  const header: { key: string; value: string; description?: string }[] = [];
  let body: Record<string, unknown>;
  if (contentType === 'application/json') {
    header.push({ key: 'Content-Type', value: 'application/json' });
    body = { mode: 'raw', raw: '{{pw_body}}', options: { raw: { language: 'json' } } };
  } else if (contentType === 'application/x-www-form-urlencoded') {
    body = { mode: 'urlencoded', urlencoded: sent.map((name) => ({ key: name, value: `{{pw_${name}}}`, type: 'text' })) };
  } else {
    body = { mode: 'formdata', formdata: sent.map((name) => ({ key: name, value: `{{pw_${name}}}`, type: 'text' })) };
  }
  for (const h of endpoint.headers ?? []) header.push({ key: h.name, value: h.example ?? '', description: h.description });
  const rsaNote = endpoint.rsa
    ? `\n\n**RSA:** \`${endpoint.rsa.field}\` must be RSA-encrypted (PKCS#1 v1.5, k−11 byte chunks, Base64). Postman's CryptoJS cannot do RSA, so set the \`${endpoint.rsa.field}\` variable to a value computed by PayWay Playground or \`payway sign\`; the script hashes it as given.`
    : '';
  return {
    name: endpoint.name,
    event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: preRequestScript(endpoint, variant) } }],
    request: {
      method: 'POST',
      header,
      body,
      url: {
        raw: `{{${POSTMAN_VARIABLES.baseUrl}}}${endpoint.path}`,
        host: [`{{${POSTMAN_VARIABLES.baseUrl}}}`],
        path: endpoint.path.split('/').filter(Boolean),
      },
      description: `${endpoint.summary}\n\nHash: ${variant.hash.algorithm} (${variant.hash.output}) over ${variant.hash.fields.map(partLabel).join(' + ')}.${rsaNote}`,
    },
    response: [],
  };
}

export function catalogToPostman(): Record<string, unknown> {
  const rsaEndpoints = catalog.filter((e) => e.rsa);
  return {
    info: {
      name: 'ABA PayWay (PayWay Playground)',
      schema: POSTMAN_SCHEMA,
      description:
        "Every ABA PayWay endpoint from PayWay Playground's catalog. Each request's pre-request script computes the `hash` with CryptoJS.\n\n" +
        `Set \`${POSTMAN_VARIABLES.apiKey}\` (and \`${POSTMAN_VARIABLES.partnerKey}\` for partner endpoints) in a Postman environment as secrets; they are not in this file.\n\n` +
        `RSA is not possible in Postman's sandbox: for ${rsaEndpoints.map((e) => e.name).join(', ')}, set the merchant_auth / beneficiaries / request_data variable to a ciphertext computed by PayWay Playground or \`payway sign\`.`,
    },
    variable: [
      { key: POSTMAN_VARIABLES.baseUrl, value: HOSTS.sandbox, type: 'string' },
      { key: POSTMAN_VARIABLES.merchantId, value: '', type: 'string' },
      { key: POSTMAN_VARIABLES.apiKey, value: '', type: 'secret', description: 'Set it in your environment, not here.' },
      { key: POSTMAN_VARIABLES.partnerKey, value: '', type: 'secret', description: 'Partner endpoints only.' },
      ...[...new Set(rsaEndpoints.map((e) => e.rsa!.field))].map((key) => ({ key, value: '', type: 'string', description: 'RSA ciphertext (Base64) from PayWay Playground or payway sign.' })),
    ],
    item: families.map((family) => ({
      name: family.name,
      item: family.endpoints.map((id) => requestItem(catalog.find((e) => e.id === id)!)),
    })),
  };
}
