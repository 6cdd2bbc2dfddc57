// Which language wrote the request (when what was pasted gives it away) and the fix in that language's
// words: the HTTP client's User-Agent, a fetch() call, or the mistake itself ("None" is Python's,
// "Array" PHP's, "[object Object]" JavaScript's).
import type { Finding, Language } from './mistake.ts';

export const LANGUAGE_NAMES: Record<Language, string> = { php: 'PHP', node: 'Node.js', python: 'Python', go: 'Go' };

const USER_AGENTS: readonly [RegExp, Language][] = [
  [/python-requests|python-urllib|aiohttp|python-httpx|httpx\/|\bPython\//i, 'python'],
  [/GuzzleHttp|\bPHP\/|WordPress\/|Laravel|Symfony HttpClient/i, 'php'],
  [/node-fetch|axios\/|undici|\bnode\b|got \(|Node\.js/i, 'node'],
  [/Go-http-client|\bresty\b/i, 'go'],
];

/** The language the pasted input shows: its User-Agent, or a fetch() call (JavaScript). */
export function languageOfInput(text: string | undefined, format: string | undefined): Language | undefined {
  if (text) {
    const agent = /user-agent["']?\s*[:=]\s*["']?([^"'\r\n]+)/i.exec(text)?.[1] ?? /-UserAgent\s+["']([^"']+)/i.exec(text)?.[1];
    if (agent && !/Mozilla\//.test(agent)) for (const [pattern, language] of USER_AGENTS) if (pattern.test(agent)) return language;
  }
  return format === 'fetch' ? 'node' : undefined;
}

/** The language a mistake gives away by what it wrote. */
export function languageOfFindings(findings: readonly Finding[]): Language | undefined {
  for (const f of findings) {
    const said = `${f.mistake} ${f.explanation}`;
    if (/"None"|Python|str\(/.test(said)) return 'python';
    if (/"undefined"|\[object Object\]|JavaScript/.test(said)) return 'node';
    if (/"Array"|PHP (array|json_encode|float)|\$[a-z_]+ itself/.test(said)) return 'php';
    if (/fmt\.Sprint|Go's/.test(said)) return 'go';
  }
  return undefined;
}

/** How the string to sign is built and signed, in each language, over `fields`. */
function recipeCode(language: Language, fields: readonly string[]): string {
  const list = fields.length ? fields : ['req_time', 'merchant_id', 'tran_id'];
  switch (language) {
    case 'php':
      return `$b4hash = ${list.map((f) => `$${f}`).join(' . ')}; $hash = base64_encode(hash_hmac('sha512', $b4hash, $apiKey, true));`;
    case 'node':
      return `const b4hash = [${list.join(', ')}].join(''); const hash = crypto.createHmac('sha512', apiKey).update(b4hash, 'utf8').digest('base64');`;
    case 'python':
      return `b4hash = ''.join([${list.join(', ')}]); hash = base64.b64encode(hmac.new(api_key.encode(), b4hash.encode('utf-8'), hashlib.sha512).digest()).decode()`;
    case 'go':
      return `b4hash := strings.Join([]string{${list.join(', ')}}, ""); mac := hmac.New(sha512.New, []byte(apiKey)); mac.Write([]byte(b4hash)); hash := base64.StdEncoding.EncodeToString(mac.Sum(nil))`;
  }
}

type Say = (language: Language, f: Finding, recipe: readonly string[]) => string | undefined;

const KEY_READ: Record<Language, string> = {
  php: `$apiKey = trim(getenv('PAYWAY_API_KEY'), " \\t\\n\\r\\0\\x0B\\"'");`,
  node: `const apiKey = process.env.PAYWAY_API_KEY.trim().replace(/^["'\`]|["'\`]$/g, '');`,
  python: `api_key = os.environ["PAYWAY_API_KEY"].strip().strip("\\"'")`,
  go: `apiKey := strings.Trim(strings.TrimSpace(os.Getenv("PAYWAY_API_KEY")), "\\"'")`,
};
const UTC_NOW: Record<Language, string> = {
  php: `$req_time = gmdate('YmdHis');`,
  node: `const reqTime = new Date().toISOString().replace(/\\D/g, '').slice(0, 14);`,
  python: `req_time = datetime.now(timezone.utc).strftime('%Y%m%d%H%M%S')`,
  go: `reqTime := time.Now().UTC().Format("20060102150405")`,
};
const ENCODE: Record<Language, (field: string) => string> = {
  php: (f) => `$${f} = base64_encode(json_encode($${f}));`,
  node: (f) => `const ${f} = Buffer.from(JSON.stringify(${f}Data)).toString('base64');`,
  python: (f) => `${f} = base64.b64encode(json.dumps(${f}_data, separators=(',', ':')).encode()).decode()`,
  go: (f) => `${f}JSON, _ := json.Marshal(${f}Data); ${f} := base64.StdEncoding.EncodeToString(${f}JSON)`,
};
const AMOUNT: Record<Language, (field: string) => string> = {
  php: (f) => `$${f} = number_format($${f}, 2, '.', '');`,
  node: (f) => `const ${f}Text = ${f}.toFixed(2);`,
  python: (f) => `${f}_text = f"{${f}:.2f}"`,
  go: (f) => `${f}Text := fmt.Sprintf("%.2f", ${f})`,
};
const EMPTY: Record<Language, string> = {
  php: `$value ?? ''`,
  node: `value ?? ''`,
  python: `'' if value is None else str(value)`,
  go: `the zero value "" of a string field (not a *string printed with %v)`,
};
const FORM: Record<Language, string> = {
  php: `curl_setopt($ch, CURLOPT_POSTFIELDS, $fields) with an array (multipart), or http_build_query($fields)`,
  node: `a FormData, or new URLSearchParams(fields).toString()`,
  python: `requests.post(url, files={k: (None, v) for k, v in fields.items()}) (multipart), or data=fields`,
  go: `url.Values{...}.Encode(), or a mime/multipart writer`,
};

const PHRASES: Readonly<Record<string, Say>> = {
  'key-whitespace': (l) => KEY_READ[l],
  'key-quoted': (l) => KEY_READ[l],
  'key-missing': (l) => KEY_READ[l],
  'refused-key-whitespace': (l) => KEY_READ[l],
  'raw-value': (l, f) => ENCODE[l](f.field ?? 'items'),
  'raw-value-sent': (l, f) => ENCODE[l](f.field ?? 'items'),
  'amount-format': (l, f) => AMOUNT[l](f.field ?? 'amount'),
  'time-local': (l) => UTC_NOW[l],
  'time-format': (l) => UTC_NOW[l],
  'time-drift': (l) => UTC_NOW[l],
  'refused-time-local': (l) => UTC_NOW[l],
  'empty-placeholder': (l) => `For a field you do not send use ${EMPTY[l]}.`,
  'plus-space': (l) => `Send the body with ${FORM[l]}.`,
  'refused-plus-space': (l) => `Send the body with ${FORM[l]}.`,
  'output-encoding': (l, _f, r) => recipeCode(l, r),
  algorithm: (l, _f, r) => recipeCode(l, r),
  'construction-plain': (l, _f, r) => recipeCode(l, r),
  'construction-hmac-swapped': (l, _f, r) => recipeCode(l, r),
  'construction-plain-message-key': (l, _f, r) => recipeCode(l, r),
  'construction-plain-key-message': (l, _f, r) => recipeCode(l, r),
  separator: (l, _f, r) => recipeCode(l, r),
  'name-value-pairs': (l, _f, r) => recipeCode(l, r),
  'whole-body-json': (l, _f, r) => recipeCode(l, r),
  'order-sorted': (l, _f, r) => recipeCode(l, r),
  'order-sorted-all': (l, _f, r) => recipeCode(l, r),
  'order-form': (l, _f, r) => recipeCode(l, r),
  'order-table': (l, _f, r) => recipeCode(l, r),
  'recipe-of': (l, _f, r) => recipeCode(l, r),
  'recipe-legacy': (l, _f, r) => recipeCode(l, r),
  variant: (l, _f, r) => recipeCode(l, r),
  'field-missing': (l, _f, r) => recipeCode(l, r),
  'field-extra': (l, _f, r) => recipeCode(l, r),
  'field-foreign': (l, _f, r) => recipeCode(l, r),
  'fields-extra-block': (l, _f, r) => recipeCode(l, r),
  'key-base64-decoded': (l, _f, r) => recipeCode(l, r),
  'key-hex-decoded': (l, _f, r) => recipeCode(l, r),
  'refused-number': (l) =>
    l === 'python' ? `Send it as text: json={"amount": f"{amount:.2f}"} (a str, not a float).` : l === 'php' ? `Send it as text: 'amount' => number_format($amount, 2, '.', '').` : l === 'go' ? 'Send it as a string field (`json:"amount"` on a string, or ,string).' : 'Send it as a string: amount: amount.toFixed(2).',
};

/** The findings in the words of `language`: "your PHP code…", and the fix written in it. */
export function speak(findings: readonly Finding[], language: Language | undefined, recipe: readonly string[]): Finding[] {
  if (!language) return [...findings];
  const name = LANGUAGE_NAMES[language];
  return findings.map((f) => {
    const code = PHRASES[f.id]?.(language, f, recipe);
    return {
      ...f,
      explanation: f.explanation.replace(/^Your code\b/, `Your ${name} code`),
      fix: code ? `${f.fix} In ${name}: ${code}` : f.fix,
    };
  });
}
