// Node 18+ (ESM): fetch for the request, node:crypto for HMAC and RSA PKCS#1 v1.5.
import { ENV, DEFAULT_BASE_URL, headerLines, quoted, valueExpression, type Spelling, type SnippetPlan } from './snippetPlan.ts';

const NODE: Spelling = { now: 'reqTime', base64: 'b64', rsa: 'rsaEncrypt', quote: quoted };

export function nodeSnippet(plan: SnippetPlan): string {
  const hmac = plan.algorithm === 'HMAC-SHA256' ? 'sha256' : 'sha512';
  const lines: string[] = [
    ...headerLines(plan).map((l) => `// ${l}`),
    '// Run: node payway.mjs (Node 18 or later)',
    `import { ${['createHmac', ...(plan.usesRsa ? ['createPublicKey', 'publicEncrypt', 'constants'] : [])].join(', ')} } from 'node:crypto';`,
    '',
    `const key = process.env.${plan.keyEnv};`,
    `if (!key) throw new Error('Set ${plan.keyEnv}');`,
    `const baseUrl = (process.env.${ENV.baseUrl} || ${quoted(DEFAULT_BASE_URL)}).replace(/\\/+$/, '');`,
  ];
  if (plan.fields.some((f) => f.source === 'now')) lines.push("// UTC, YYYYMMDDHHmmss", "const reqTime = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);");
  if (plan.fields.some((f) => f.source === 'base64')) lines.push("const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');");
  if (plan.usesRsa) {
    lines.push(
      '',
      `// RSA PKCS#1 v1.5 with the public key from ${ENV.rsaPublicKey}: the UTF-8 plaintext in chunks of`,
      '// (key size − 11) bytes, each encrypted, the raw blocks joined, then Base64 once.',
      'function rsaEncrypt(plaintext) {',
      `  const pem = process.env.${ENV.rsaPublicKey};`,
      `  if (!pem) throw new Error('Set ${ENV.rsaPublicKey}');`,
      '  const publicKey = createPublicKey(pem);',
      '  const chunk = publicKey.asymmetricKeyDetails.modulusLength / 8 - 11;',
      "  const bytes = Buffer.from(plaintext, 'utf8');",
      '  const blocks = [];',
      '  for (let i = 0; i < bytes.length; i += chunk) {',
      '    blocks.push(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, bytes.subarray(i, i + chunk)));',
      '  }',
      "  return Buffer.concat(blocks).toString('base64');",
      '}',
    );
  }
  lines.push('', '// Every value exactly as it is sent (and hashed).', 'const fields = {');
  for (const field of plan.fields) lines.push(`  ${field.name}: ${valueExpression(field, NODE)},${field.hashed ? '' : ' // sent, not hashed'}`);
  lines.push('};', '');
  lines.push('// The string to sign: the values in the catalog order, nothing between them. A field you do not send adds nothing.');
  const parts = plan.parts.map((p) => ('field' in p ? `fields.${p.field}` : `${quoted(p.literal)} /* ${p.note} */`));
  lines.push(`const stringToSign = ${parts.length ? parts.join(' +\n  ') : "''"};`);
  lines.push(`fields.hash = createHmac('${hmac}', key).update(stringToSign, 'utf8').digest('${plan.output}');`, '');

  const headers = plan.headers.map((h) => `${quoted(h.name)}: ${quoted(h.value)}`);
  if (plan.contentType === 'application/json') {
    lines.push('const body = JSON.stringify(fields);');
    headers.unshift("'Content-Type': 'application/json'");
  } else if (plan.contentType === 'application/x-www-form-urlencoded') {
    lines.push('const body = new URLSearchParams(fields);');
  } else {
    lines.push('const body = new FormData();', 'for (const [name, value] of Object.entries(fields)) body.append(name, value);');
  }
  lines.push(
    `const response = await fetch(baseUrl + ${quoted(plan.path)}, {`,
    "  method: 'POST',",
    ...(headers.length ? [`  headers: { ${headers.join(', ')} },`] : []),
    '  body,',
    '});',
    'console.log(`HTTP ${response.status}`);',
    'console.log(await response.text());',
    '',
  );
  return lines.join('\n');
}
