// Python 3: hmac + hashlib, urllib for the request, and the `cryptography` package for RSA PKCS#1 v1.5.
import { ENV, DEFAULT_BASE_URL, headerLines, quoted, valueExpression, type Spelling, type SnippetPlan } from './snippetPlan.ts';

const PYTHON: Spelling = { now: 'req_time', base64: 'b64', rsa: 'rsa_encrypt', quote: quoted };

export function pythonSnippet(plan: SnippetPlan): string {
  const hmac = plan.algorithm === 'HMAC-SHA256' ? 'sha256' : 'sha512';
  const multipart = plan.contentType === 'multipart/form-data';
  const imports = ['base64', 'hashlib', 'hmac', 'os', 'sys', 'urllib.error', 'urllib.request'];
  if (plan.contentType === 'application/json') imports.push('json');
  if (plan.contentType === 'application/x-www-form-urlencoded') imports.push('urllib.parse');
  if (multipart) imports.push('uuid');
  if (plan.fields.some((f) => f.source === 'now')) imports.push('time');
  const lines: string[] = [
    ...headerLines(plan).map((l) => `# ${l}`),
    `# Run: python3 payway.py${plan.usesRsa ? '  (needs the "cryptography" package)' : ''}`,
    `import ${imports.sort().join(', ')}`,
  ];
  if (plan.usesRsa) lines.push('from cryptography.hazmat.primitives import serialization', 'from cryptography.hazmat.primitives.asymmetric import padding');
  lines.push(
    '',
    `key = os.environ.get("${plan.keyEnv}") or sys.exit("Set ${plan.keyEnv}")`,
    `base_url = (os.environ.get("${ENV.baseUrl}") or ${quoted(DEFAULT_BASE_URL)}).rstrip("/")`,
  );
  if (plan.fields.some((f) => f.source === 'now')) lines.push('req_time = time.strftime("%Y%m%d%H%M%S", time.gmtime())  # UTC, YYYYMMDDHHmmss');
  if (plan.fields.some((f) => f.source === 'base64')) lines.push('', 'def b64(text):', '    return base64.b64encode(text.encode("utf-8")).decode("ascii")');
  if (plan.usesRsa) {
    lines.push(
      '',
      `# RSA PKCS#1 v1.5 with the public key from ${ENV.rsaPublicKey}: chunks of (key size - 11) bytes,`,
      '# each encrypted, the raw blocks joined, then Base64 once.',
      'def rsa_encrypt(plaintext):',
      `    pem = os.environ.get("${ENV.rsaPublicKey}") or sys.exit("Set ${ENV.rsaPublicKey}")`,
      '    public_key = serialization.load_pem_public_key(pem.encode("ascii"))',
      '    chunk = public_key.key_size // 8 - 11',
      '    data = plaintext.encode("utf-8")',
      '    blocks = [public_key.encrypt(data[i:i + chunk], padding.PKCS1v15()) for i in range(0, len(data), chunk)]',
      '    return base64.b64encode(b"".join(blocks)).decode("ascii")',
    );
  }
  lines.push('', '# Every value exactly as it is sent (and hashed).', 'fields = {');
  for (const field of plan.fields) lines.push(`    "${field.name}": ${valueExpression(field, PYTHON)},${field.hashed ? '' : '  # sent, not hashed'}`);
  lines.push('}', '');
  lines.push('# The string to sign: the values in the catalog order, nothing between them. A field you do not send adds nothing.');
  lines.push('string_to_sign = "".join([');
  for (const part of plan.parts) lines.push('field' in part ? `    fields["${part.field}"],` : `    ${quoted(part.literal)},  # ${part.note}`);
  lines.push('])');
  lines.push(`digest = hmac.new(key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.${hmac})`);
  lines.push(plan.output === 'hex' ? 'fields["hash"] = digest.hexdigest()' : 'fields["hash"] = base64.b64encode(digest.digest()).decode("ascii")', '');

  const headers = plan.headers.map((h) => `${quoted(h.name)}: ${quoted(h.value)}`);
  if (plan.contentType === 'application/json') {
    headers.unshift('"Content-Type": "application/json"');
    lines.push('body = json.dumps(fields).encode("utf-8")');
  } else if (plan.contentType === 'application/x-www-form-urlencoded') {
    headers.unshift('"Content-Type": "application/x-www-form-urlencoded"');
    lines.push('body = urllib.parse.urlencode(fields).encode("utf-8")');
  } else {
    lines.push(
      'boundary = "payway" + uuid.uuid4().hex',
      'body = "".join(',
      '    f\'--{boundary}\\r\\nContent-Disposition: form-data; name="{name}"\\r\\n\\r\\n{value}\\r\\n\' for name, value in fields.items()',
      ').encode("utf-8") + f"--{boundary}--\\r\\n".encode("ascii")',
    );
    headers.unshift('"Content-Type": "multipart/form-data; boundary=" + boundary');
  }
  lines.push(
    `request = urllib.request.Request(base_url + ${quoted(plan.path)}, data=body, method="POST", headers={${headers.join(', ')}})`,
    'try:',
    '    with urllib.request.urlopen(request) as response:',
    '        status, answer = response.status, response.read()',
    'except urllib.error.HTTPError as error:  # 4xx/5xx still carry PayWay\'s answer',
    '    status, answer = error.code, error.read()',
    'print(f"HTTP {status}")',
    'print(answer.decode("utf-8", "replace"))',
    '',
  );
  return lines.join('\n');
}
