// PHP 7.4+: hash_hmac and openssl_public_encrypt, as PayWay's own samples do; the request goes through
// a stream context so the snippet needs no curl extension.
import { ENV, DEFAULT_BASE_URL, headerLines, valueExpression, type Spelling, type SnippetPlan } from './snippetPlan.ts';

/** A single-quoted PHP string: only \ and ' are special. */
export const phpQuoted = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const PHP: Spelling = { now: '$reqTime', base64: 'base64_encode', rsa: 'rsa_encrypt', quote: phpQuoted };

export function phpSnippet(plan: SnippetPlan): string {
  const hmac = plan.algorithm === 'HMAC-SHA256' ? 'sha256' : 'sha512';
  const lines: string[] = [
    '<?php',
    ...headerLines(plan).map((l) => `// ${l}`),
    '// Run: php payway.php',
    '',
    `$key = getenv('${plan.keyEnv}');`,
    `if (!$key) { fwrite(STDERR, "Set ${plan.keyEnv}\\n"); exit(1); }`,
    `$baseUrl = rtrim(getenv('${ENV.baseUrl}') ?: ${phpQuoted(DEFAULT_BASE_URL)}, '/');`,
  ];
  if (plan.fields.some((f) => f.source === 'now')) lines.push("$reqTime = gmdate('YmdHis'); // UTC, YYYYMMDDHHmmss");
  if (plan.usesRsa) {
    lines.push(
      '',
      `// RSA PKCS#1 v1.5 with the public key from ${ENV.rsaPublicKey}: chunks of (key size − 11) bytes,`,
      '// each encrypted, the raw blocks joined, then Base64 once.',
      'function rsa_encrypt(string $plaintext): string {',
      `    $publicKey = openssl_pkey_get_public(getenv('${ENV.rsaPublicKey}'));`,
      `    if (!$publicKey) { fwrite(STDERR, "Set ${ENV.rsaPublicKey} to a PEM public key\\n"); exit(1); }`,
      "    $chunk = openssl_pkey_get_details($publicKey)['bits'] / 8 - 11;",
      "    $encrypted = '';",
      '    foreach (str_split($plaintext, $chunk) as $piece) {',
      '        openssl_public_encrypt($piece, $block, $publicKey, OPENSSL_PKCS1_PADDING);',
      '        $encrypted .= $block;',
      '    }',
      '    return base64_encode($encrypted);',
      '}',
    );
  }
  lines.push('', '// Every value exactly as it is sent (and hashed).', '$fields = [');
  for (const field of plan.fields) lines.push(`    '${field.name}' => ${valueExpression(field, PHP)},${field.hashed ? '' : ' // sent, not hashed'}`);
  lines.push('];', '');
  lines.push('// The string to sign: the values in the catalog order, nothing between them. A field you do not send adds nothing.');
  const parts = plan.parts.map((p) => ('field' in p ? `$fields['${p.field}']` : `${phpQuoted(p.literal)} /* ${p.note} */`));
  lines.push(`$b4hash = ${parts.length ? parts.join('\n    . ') : "''"};`);
  lines.push(
    plan.output === 'hex'
      ? `$fields['hash'] = hash_hmac('${hmac}', $b4hash, $key);`
      : `$fields['hash'] = base64_encode(hash_hmac('${hmac}', $b4hash, $key, true));`,
    '',
  );

  const headers = plan.headers.map((h) => phpQuoted(`${h.name}: ${h.value}`));
  if (plan.contentType === 'application/json') {
    headers.unshift("'Content-Type: application/json'");
    lines.push('$body = json_encode($fields, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);');
  } else if (plan.contentType === 'application/x-www-form-urlencoded') {
    headers.unshift("'Content-Type: application/x-www-form-urlencoded'");
    lines.push('$body = http_build_query($fields);');
  } else {
    lines.push(
      "$boundary = 'payway' . bin2hex(random_bytes(12));",
      "$body = '';",
      'foreach ($fields as $name => $value) {',
      '    $body .= "--$boundary\\r\\nContent-Disposition: form-data; name=\\"$name\\"\\r\\n\\r\\n$value\\r\\n";',
      '}',
      '$body .= "--$boundary--\\r\\n";',
    );
    headers.unshift('"Content-Type: multipart/form-data; boundary=$boundary"');
  }
  lines.push(
    '$context = stream_context_create([\'http\' => [',
    "    'method' => 'POST',",
    `    'header' => implode("\\r\\n", [${headers.join(', ')}]),`,
    "    'content' => $body,",
    "    'ignore_errors' => true, // read the body of 4xx answers too",
    ']]);',
    `$answer = file_get_contents($baseUrl . ${phpQuoted(plan.path)}, false, $context);`,
    "echo ($http_response_header[0] ?? 'no response'), \"\\n\", $answer, \"\\n\";",
    '',
  );
  return lines.join('\n');
}
