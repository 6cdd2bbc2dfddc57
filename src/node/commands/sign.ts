import { readFile } from 'node:fs/promises';
import { fieldsOf, getEndpoint, getVariant, isEndpointId, type EndpointSpec } from '../../core/catalog/index.ts';
import { buildRequest, exampleInputs } from '../../core/signing/buildRequest.ts';
import type { Command } from '../cli.ts';
import { closestName } from '../closestName.ts';
import { formatTrace } from '../formatTrace.ts';
import { parsePairs, UsageError } from '../usage.ts';

const usage =
  'payway sign <endpoint-id> (--key <key> | env PAYWAY_API_KEY) [--wire name=value]... [--input name=value]... [--rsa-public-key <pem-file>] [--variant <name>] [--examples] [--json]';

/** A name that is not a field of the endpoint is a typo far more often than a deliberate extra field. */
function checkFieldNames(option: string, pairs: Record<string, string>, endpoint: EndpointSpec, variant: string | undefined): void {
  const names = fieldsOf(endpoint, getVariant(endpoint, variant)).map((f) => f.name);
  for (const name of Object.keys(pairs)) {
    if (names.includes(name)) continue;
    const near = closestName(name, names);
    throw new UsageError(
      `--${option} ${name}: ${endpoint.id} has no field "${name}"` + (near ? `; did you mean "${near}"?` : `; its fields: ${names.join(', ')}`),
      usage,
    );
  }
}

export const signCommand: Command = {
  summary: 'Build and sign a request; print every step (or one JSON object with --json).',
  usage,
  examples: [
    'PAYWAY_API_KEY=... payway sign check-transaction --wire req_time=20250213065545 --wire merchant_id=ec000002 --wire tran_id=17394277693',
    'payway sign purchase --examples --key "$PAYWAY_API_KEY" --input amount=5.00 --json   # the catalog\'s demo values, one JSON object',
    'payway sign refund --examples --key "$PAYWAY_API_KEY" --rsa-public-key payway_rsa_public.pem   # merchant_auth encrypted with your RSA key',
  ],
  options: {
    key: { type: 'string' },
    wire: { type: 'string', multiple: true },
    input: { type: 'string', multiple: true },
    'rsa-public-key': { type: 'string' },
    variant: { type: 'string' },
    examples: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ positionals, values }, io) {
    const [id, ...extra] = positionals;
    if (!id) throw new UsageError('missing <endpoint-id> (see "payway endpoints")', usage);
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`, usage);
    if (!isEndpointId(id)) throw new UsageError(`unknown endpoint "${id}" (see "payway endpoints")`, usage);
    // The environment keeps the key out of shell history and the process list.
    const key = (values.key as string | undefined) ?? process.env.PAYWAY_API_KEY;
    if (key === undefined) throw new UsageError('missing --key <key> or PAYWAY_API_KEY (the API key, or the partner key for partner endpoints)', usage);
    const endpoint = getEndpoint(id);
    const variant = values.variant as string | undefined;
    if (variant !== undefined && !endpoint.variants.some((v) => v.id === variant)) {
      throw new UsageError(`endpoint "${id}" has no variant "${variant}"; known: ${endpoint.variants.map((v) => v.id).join(', ')}`, usage);
    }
    const given = parsePairs('input', values.input as string[], usage);
    const wire = parsePairs('wire', values.wire as string[], usage);
    checkFieldNames('input', given, endpoint, variant);
    checkFieldNames('wire', wire, endpoint, variant);
    const inputs = { ...(values.examples ? exampleInputs(endpoint, variant) : {}), ...given };
    let rsaPublicKeyPem: string | undefined;
    const pemPath = values['rsa-public-key'] as string | undefined;
    if (pemPath !== undefined) {
      try {
        rsaPublicKeyPem = await readFile(pemPath, 'utf8');
      } catch (error) {
        throw new UsageError(`--rsa-public-key: cannot read "${pemPath}" (${(error as NodeJS.ErrnoException).code ?? error})`, usage);
      }
    }
    const trace = await buildRequest(endpoint, inputs, { apiKey: key, partnerKey: key, rsaPublicKeyPem }, { variant, wire });
    if (values.json) {
      io.out(
        JSON.stringify({
          endpoint: trace.endpoint,
          variant: trace.variant,
          stringToSign: trace.stringToSign,
          segments: trace.segments,
          algorithm: trace.signature.algorithm,
          encoding: trace.signature.output,
          digestHex: trace.signature.digestHex,
          hash: trace.signature.hash,
          wire: Object.fromEntries(trace.wire),
          problems: trace.problems,
        }),
      );
    } else {
      io.out(formatTrace(trace));
    }
    return trace.problems.some((p) => p.severity === 'error') ? 1 : 0;
  },
};
