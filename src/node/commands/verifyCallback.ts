import { readFile } from 'node:fs/promises';
import { verifyPushback, PUSHBACK_SIGNATURE_HEADER } from '../../core/callbacks/pushbackSignature.ts';
import { parseJsonInput } from '../../core/signing/jsonInput.ts';
import type { Command } from '../cli.ts';
import { UsageError } from '../usage.ts';

const usage = 'payway verify-callback --key <key> --body <json | @file> --signature <hash> [--json]';

export const verifyCallbackCommand: Command = {
  summary: `Check the ${PUSHBACK_SIGNATURE_HEADER} signature of a pushback body PayWay sent you.`,
  usage,
  examples: [
    'payway verify-callback --key "$PAYWAY_API_KEY" --body @pushback.json --signature "$X_PAYWAY_HMAC_SHA512"',
    'payway verify-callback --key "$PAYWAY_API_KEY" --body \'{"tran_id":"17394277693","status":"0"}\' --signature 7Ks…== --json',
  ],
  options: { key: { type: 'string' }, body: { type: 'string' }, signature: { type: 'string' }, json: { type: 'boolean' } },
  async run({ positionals, values }, io) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, usage);
    for (const name of ['key', 'body', 'signature'] as const) {
      if (typeof values[name] !== 'string') throw new UsageError(`missing --${name}`, usage);
    }
    let text = values.body as string;
    if (text.startsWith('@')) text = await readFile(text.slice(1), 'utf8').catch(() => {
      throw new UsageError(`--body: cannot read file "${text.slice(1)}"`, usage);
    });
    const parsed = parseJsonInput(text);
    if (!parsed.ok) throw new UsageError(`--body: ${parsed.message}`, usage);
    if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
      throw new UsageError('--body must be a JSON object (the pushback body)', usage);
    }
    const result = await verifyPushback(parsed.value as Record<string, unknown>, values.signature as string, values.key as string);
    if (values.json) {
      io.out(JSON.stringify({ valid: result.valid, stringToSign: result.stringToSign, segments: result.segments, expected: result.hash, received: result.received }));
    } else {
      io.out(result.valid ? 'valid: the signature matches.' : 'INVALID: the signature does not match.');
      io.out(`sorted-key string (${result.byteLength} bytes): ${result.stringToSign}`);
      for (const s of result.segments) io.out(`  ${s.field.padEnd(20)} ${s.empty ? '(empty)' : s.value}`);
      if (!result.valid) io.out(`expected: ${result.hash}\nreceived: ${result.received}`);
    }
    return result.valid ? 0 : 1;
  },
};
