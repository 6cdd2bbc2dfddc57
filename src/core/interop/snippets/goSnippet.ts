// Go 1.19+, standard library only: crypto/hmac, crypto/rsa (EncryptPKCS1v15), net/http.
import { ENV, DEFAULT_BASE_URL, headerLines, quoted, valueExpression, type Spelling, type SnippetPlan } from './snippetPlan.ts';

const GO: Spelling = { now: 'reqTime', base64: 'b64', rsa: 'rsaEncrypt', quote: quoted };

export function goSnippet(plan: SnippetPlan): string {
  const json = plan.contentType === 'application/json';
  const form = plan.contentType === 'application/x-www-form-urlencoded';
  const multipart = plan.contentType === 'multipart/form-data';
  const usesNow = plan.fields.some((f) => f.source === 'now');
  const usesB64 = plan.fields.some((f) => f.source === 'base64');
  const imports = new Set(['bytes', 'crypto/hmac', 'fmt', 'io', 'net/http', 'os', 'strings']);
  imports.add(plan.algorithm === 'HMAC-SHA256' ? 'crypto/sha256' : 'crypto/sha512');
  imports.add(plan.output === 'hex' ? 'encoding/hex' : 'encoding/base64');
  if (usesB64 || plan.usesRsa) imports.add('encoding/base64');
  if (plan.usesRsa) for (const pkg of ['crypto/rand', 'crypto/rsa', 'crypto/x509', 'encoding/pem']) imports.add(pkg);
  if (usesNow) imports.add('time');
  if (json) imports.add('encoding/json');
  if (form) imports.add('net/url');
  if (multipart) imports.add('mime/multipart');

  const lines: string[] = [
    ...headerLines(plan).map((l) => `// ${l}`),
    '// Run: go run payway.go',
    'package main',
    '',
    'import (',
    ...[...imports].sort().map((pkg) => `\t"${pkg}"`),
    ')',
    '',
    'func fail(message string) {',
    '\tfmt.Fprintln(os.Stderr, message)',
    '\tos.Exit(1)',
    '}',
  ];
  if (usesB64) lines.push('', 'func b64(text string) string { return base64.StdEncoding.EncodeToString([]byte(text)) }');
  if (plan.usesRsa) {
    lines.push(
      '',
      `// RSA PKCS#1 v1.5 with the public key from ${ENV.rsaPublicKey}: chunks of (key size - 11) bytes,`,
      '// each encrypted, the raw blocks joined, then Base64 once.',
      'func rsaEncrypt(plaintext string) string {',
      `\tblock, _ := pem.Decode([]byte(os.Getenv("${ENV.rsaPublicKey}")))`,
      '\tif block == nil {',
      `\t\tfail("Set ${ENV.rsaPublicKey} to a PEM public key")`,
      '\t}',
      '\tvar publicKey *rsa.PublicKey',
      '\tif parsed, err := x509.ParsePKIXPublicKey(block.Bytes); err == nil {',
      '\t\tpublicKey, _ = parsed.(*rsa.PublicKey)',
      '\t} else if parsed, err := x509.ParsePKCS1PublicKey(block.Bytes); err == nil {',
      '\t\tpublicKey = parsed',
      '\t}',
      '\tif publicKey == nil {',
      `\t\tfail("${ENV.rsaPublicKey} is not an RSA public key")`,
      '\t}',
      '\tchunk := publicKey.Size() - 11',
      '\tdata := []byte(plaintext)',
      '\tvar out []byte',
      '\tfor i := 0; i < len(data); i += chunk {',
      '\t\tend := i + chunk',
      '\t\tif end > len(data) {',
      '\t\t\tend = len(data)',
      '\t\t}',
      '\t\tencrypted, err := rsa.EncryptPKCS1v15(rand.Reader, publicKey, data[i:end])',
      '\t\tif err != nil {',
      '\t\t\tfail(err.Error())',
      '\t\t}',
      '\t\tout = append(out, encrypted...)',
      '\t}',
      '\treturn base64.StdEncoding.EncodeToString(out)',
      '}',
    );
  }
  lines.push(
    '',
    'func main() {',
    `\tkey := os.Getenv("${plan.keyEnv}")`,
    '\tif key == "" {',
    `\t\tfail("Set ${plan.keyEnv}")`,
    '\t}',
    `\tbaseURL := strings.TrimRight(os.Getenv("${ENV.baseUrl}"), "/")`,
    '\tif baseURL == "" {',
    `\t\tbaseURL = ${quoted(DEFAULT_BASE_URL)}`,
    '\t}',
  );
  if (usesNow) lines.push('\treqTime := time.Now().UTC().Format("20060102150405") // UTC, YYYYMMDDHHmmss');
  lines.push('', '\t// Every value exactly as it is sent (and hashed), in form order.', '\tnames := []string{');
  for (const field of plan.fields) lines.push(`\t\t${quoted(field.name)},`);
  lines.push('\t}', '\tvalues := map[string]string{');
  for (const field of plan.fields) lines.push(`\t\t${quoted(field.name)}: ${valueExpression(field, GO)},${field.hashed ? '' : ' // sent, not hashed'}`);
  lines.push('\t}', '');
  lines.push('\t// The string to sign: the values in the catalog order, nothing between them. A field you do not send adds nothing.');
  lines.push('\tstringToSign := ""' + plan.parts.map((p) => ` +\n\t\t${'field' in p ? `values[${quoted(p.field)}]` : `${quoted(p.literal)} /* ${p.note} */`}`).join(''));
  lines.push(`\tmac := hmac.New(${plan.algorithm === 'HMAC-SHA256' ? 'sha256' : 'sha512'}.New, []byte(key))`, '\tmac.Write([]byte(stringToSign))');
  lines.push(plan.output === 'hex' ? '\tvalues["hash"] = hex.EncodeToString(mac.Sum(nil))' : '\tvalues["hash"] = base64.StdEncoding.EncodeToString(mac.Sum(nil))');
  lines.push('\tnames = append(names, "hash")', '');

  if (json) {
    lines.push(
      '\t// Built by hand to keep the form order; each name and value is JSON-encoded.',
      '\tvar body bytes.Buffer',
      '\tbody.WriteString("{")',
      '\tfor i, name := range names {',
      '\t\tif i > 0 {',
      '\t\t\tbody.WriteString(",")',
      '\t\t}',
      '\t\tn, _ := json.Marshal(name)',
      '\t\tv, _ := json.Marshal(values[name])',
      '\t\tbody.Write(n)',
      '\t\tbody.WriteString(":")',
      '\t\tbody.Write(v)',
      '\t}',
      '\tbody.WriteString("}")',
      '\tcontentType := "application/json"',
    );
  } else if (form) {
    // Not url.Values.Encode(): it sorts the names; this keeps the form order.
    lines.push(
      '\tpairs := make([]string, 0, len(names))',
      '\tfor _, name := range names {',
      '\t\tpairs = append(pairs, url.QueryEscape(name)+"="+url.QueryEscape(values[name]))',
      '\t}',
      '\tbody := bytes.NewBufferString(strings.Join(pairs, "&"))',
      '\tcontentType := "application/x-www-form-urlencoded"',
    );
  } else {
    lines.push(
      '\tvar body bytes.Buffer',
      '\twriter := multipart.NewWriter(&body)',
      '\tfor _, name := range names {',
      '\t\twriter.WriteField(name, values[name])',
      '\t}',
      '\twriter.Close()',
      '\tcontentType := writer.FormDataContentType()',
    );
  }
  lines.push(
    '',
    `\trequest, err := http.NewRequest("POST", baseURL+${quoted(plan.path)}, ${json || multipart ? '&body' : 'body'})`,
    '\tif err != nil {',
    '\t\tfail(err.Error())',
    '\t}',
    '\trequest.Header.Set("Content-Type", contentType)',
    ...plan.headers.map((h) => `\trequest.Header.Set(${quoted(h.name)}, ${quoted(h.value)})`),
    '\tresponse, err := http.DefaultClient.Do(request)',
    '\tif err != nil {',
    '\t\tfail(err.Error())',
    '\t}',
    '\tdefer response.Body.Close()',
    '\tanswer, _ := io.ReadAll(response.Body)',
    '\tfmt.Printf("HTTP %d\\n%s\\n", response.StatusCode, answer)',
    '}',
    '',
  );
  return lines.join('\n');
}
