// Code for integrators: one entry point for the snippet panel. Node, PHP, Python and Go compute the
// hash (and the RSA fields) themselves from the values, reading secrets from environment variables;
// cURL carries the hash the playground computed.
import type { Credentials, RequestDraft } from '../../presets/draft.ts';
import { serializeForExport } from '../../presets/serializeForExport.ts';
import type { RequestTrace } from '../../signing/buildRequest.ts';
import { curlSnippet } from './curlSnippet.ts';
import { goSnippet } from './goSnippet.ts';
import { nodeSnippet } from './nodeSnippet.ts';
import { phpSnippet } from './phpSnippet.ts';
import { pythonSnippet } from './pythonSnippet.ts';
import { ENV, snippetPlan } from './snippetPlan.ts';

export { ENV, snippetPlan, type SnippetPlan } from './snippetPlan.ts';

export type SnippetLanguage = 'curl' | 'node' | 'php' | 'python' | 'go';

export const SNIPPET_LANGUAGES: readonly { id: SnippetLanguage; label: string; filename: string; run: string }[] = [
  { id: 'curl', label: 'cURL', filename: 'payway.sh', run: 'bash payway.sh' },
  { id: 'node', label: 'Node.js', filename: 'payway.mjs', run: 'node payway.mjs' },
  { id: 'php', label: 'PHP', filename: 'payway.php', run: 'php payway.php' },
  { id: 'python', label: 'Python', filename: 'payway.py', run: 'python3 payway.py' },
  { id: 'go', label: 'Go', filename: 'payway.go', run: 'go run payway.go' },
];

export interface SnippetOptions {
  /** buildRequest's result, made with the user's credentials: required for cURL, the one snippet that
   *  carries a computed hash rather than computing it. */
  trace?: RequestTrace;
  /** Credentials held right now: any copy of them in the values (a key pasted into a field) is replaced. */
  knownSecrets?: Credentials;
}

export interface Snippet {
  language: SnippetLanguage;
  filename: string;
  code: string;
  /** True when a copy of a secret was found in the values and replaced. */
  redacted: boolean;
  /** Environment variables the code reads. */
  env: string[];
  run: string;
}

/** A snippet for the draft. Its code passes through the secret-stripping serializer on the way out. */
export async function generateSnippet(language: SnippetLanguage, draft: RequestDraft, options: SnippetOptions = {}): Promise<Snippet> {
  const meta = SNIPPET_LANGUAGES.find((l) => l.id === language)!;
  let code: string;
  let env: string[];
  if (language === 'curl') {
    if (!options.trace) throw new Error('the cURL snippet needs the built request (buildRequest) for its hash');
    code = curlSnippet(options.trace);
    env = [ENV.baseUrl];
  } else {
    const plan = await snippetPlan(draft);
    code = { node: nodeSnippet, php: phpSnippet, python: pythonSnippet, go: goSnippet }[language](plan);
    env = [plan.keyEnv, ...(plan.usesRsa ? [ENV.rsaPublicKey] : []), ENV.baseUrl];
  }
  const clean = serializeForExport({ code }, { path: 'snippet', knownSecrets: [options.knownSecrets] });
  return { language, filename: meta.filename, code: clean.value.code, redacted: clean.redacted.length > 0, env, run: meta.run };
}
