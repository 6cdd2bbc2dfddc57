import type { Command } from '../cli.ts';
import { DEMO_MERCHANT_CREDENTIALS } from '../../emulator/index.ts';
import { startEmulatorServer, untilStopped } from '../emulatorRoutes.ts';
import { publicCallbacksOnly } from '../callbackTargets.ts';
import { exportState } from '../exportState.ts';
import { printRequestLog } from '../requestLogPrinter.ts';
import { UsageError } from '../usage.ts';

const usage =
  'payway mock [--port N] [--host H] [--allow-host NAME]... [--state payway.db] [--no-rate-limits] [--no-private-callbacks] [--quiet | --log-json] [--diagnosis-wait ms] | payway mock --state payway.db --export-state <file.json | ->';

export function parsePort(value: unknown, fallback: number, usageLine: string): number {
  const port = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${String(value)}" is not a port number`, usageLine);
  return port;
}

export const mockCommand: Command = {
  summary: 'Run only the PayWay emulator (for your backend tests); --state keeps it in an SQLite database.',
  usage,
  examples: [
    'payway mock                           # PayWay at http://127.0.0.1:4010/, state in memory',
    'payway mock --port 0                  # any free port (the URL is printed)',
    'payway mock --log-json > requests.jsonl   # one JSON line per request (with the diagnosis of refused ones), for CI logs',
    'payway mock --state payway.db --no-rate-limits   # keep the state in SQLite; no 600/s limit for load tests',
    'payway mock --state payway.db --export-state -   # the stored state as JSON (no keys), for a bug report',
    'payway mock --host 0.0.0.0 --allow-host payway --no-private-callbacks   # in a container reached as http://payway:4010/',
  ],
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'allow-host': { type: 'string', multiple: true },
    state: { type: 'string' },
    'no-rate-limits': { type: 'boolean' },
    'no-private-callbacks': { type: 'boolean' },
    'export-state': { type: 'string' },
    quiet: { type: 'boolean' },
    'log-json': { type: 'boolean' },
    'diagnosis-wait': { type: 'string' },
  },
  async run({ positionals, values }, io) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, usage);
    const port = parsePort(values.port, 4010, usage);
    const stateFile = values.state as string | undefined;
    const exportTo = values['export-state'] as string | undefined;
    if (exportTo !== undefined) {
      if (!stateFile) throw new UsageError('--export-state needs --state: the state to export', usage);
      const written = await exportState(stateFile, exportTo, (text) => process.stdout.write(text));
      if (exportTo !== '-') io.out(written);
      return 0;
    }
    const wait = values['diagnosis-wait'] === undefined ? undefined : Number(values['diagnosis-wait']);
    if (wait !== undefined && !(Number.isFinite(wait) && wait >= 0)) throw new UsageError(`--diagnosis-wait "${String(values['diagnosis-wait'])}" is not a number of milliseconds`, usage);
    const server = await startEmulatorServer({
      ...(wait !== undefined ? { diagnosis: { waitMs: wait } } : {}),
      host: (values.host as string | undefined) ?? '127.0.0.1',
      port,
      ...(stateFile ? { stateFile } : {}),
      ...(values['no-rate-limits'] ? { rateLimits: false } : {}),
      allowHosts: (values['allow-host'] as string[] | undefined) ?? [],
      ...(values['no-private-callbacks'] ? publicCallbacksOnly() : {}),
    });
    const demo = DEMO_MERCHANT_CREDENTIALS;
    // With --log-json stdout carries only the JSON lines; the banner goes to stderr.
    const banner = values['log-json'] ? io.err : io.out;
    if (!values.quiet) printRequestLog(server.emulator.requests, io.out, values['log-json'] ? 'json' : 'text');
    banner(`PayWay emulator listening at ${server.url}/ (PayWay paths, e.g. ${server.url}/api/payment-gateway/v1/payments/check-transaction-2)`);
    banner(`Demo merchant: merchant_id ${demo.merchantId}, API key ${demo.apiKey}; the RSA keys: GET ${server.url}/_emulator/merchants`);
    banner(`Pushbacks: use your backend's URL, or ${server.url}/_emulator/inbox to collect them here (GET it to read them).`);
    banner(server.state ? (server.state.note ?? `State is kept in ${server.state.database}.`) : 'State is kept in memory (use --state payway.db to keep it).');
    await untilStopped(() => server.close());
    return 0;
  },
};
