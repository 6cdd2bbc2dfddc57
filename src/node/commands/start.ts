import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../cli.ts';
import { createEmulator } from '../../emulator/index.ts';
import { publicCallbacksOnly } from '../callbackTargets.ts';
import { emulatorRoute, fetchRoute, untilStopped } from '../emulatorRoutes.ts';
import { openStateFile, storeOptions } from '../stateFile.ts';
import { nodeHmac } from '../nodeHmac.ts';
import { createProxy } from '../proxy.ts';
import { startStaticServer } from '../staticServer.ts';
import { UsageError } from '../usage.ts';
import { packageRoot, isCheckout } from '../packageRoot.ts';
import { parsePort } from './mock.ts';

const usage = 'payway start [--port N] [--host H] [--allow-host NAME]... [--build | --no-build] [--state payway.db] [--no-private-callbacks]';
const repoRoot = packageRoot();
const distDir = join(repoRoot, 'dist');

/** Newest modification time below `path` (files only), skipping nothing but missing paths. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** The build is stale when the sources the app is built from changed after dist/index.html (in a checkout). */
export function buildIsStale(): boolean {
  if (!isCheckout()) return false; // the installed package ships its built app
  const built = join(distDir, 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newestMtime(join(repoRoot, p)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

export const startCommand: Command = {
  summary: 'Serve the app on 127.0.0.1, with the emulator at /mock/ and a PayWay proxy at /proxy/.',
  usage,
  examples: [
    'payway start                          # http://127.0.0.1:4173/ (in a checkout, builds the app first when its sources changed)',
    'payway start --port 8080              # another port',
    'payway start --state payway.db        # keep the emulator\'s state in SQLite between runs',
    'payway start --host 0.0.0.0 --allow-host devbox.lan   # reachable from other machines as http://devbox.lan:4173/',
  ],
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'allow-host': { type: 'string', multiple: true },
    build: { type: 'boolean' },
    'no-build': { type: 'boolean' },
    state: { type: 'string' },
    'no-private-callbacks': { type: 'boolean' },
  },
  async run({ positionals, values }, io) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, usage);
    const port = parsePort(values.port, 4173, usage);
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    if (values.build && !isCheckout()) throw new UsageError('--build works in a checkout of the project; the installed package ships its built app', usage);
    const mustBuild = values.build || (!values['no-build'] && buildIsStale());
    if (mustBuild) {
      io.out('Building the app (vite build)…');
      const { build } = await import('vite');
      await build({ root: repoRoot, logLevel: 'warn' });
    } else if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error('dist/ has no build; run without --no-build');
    }
    // --state: the emulator's state in an SQLite database, as `payway mock --state` keeps it.
    const state = values.state ? openStateFile(values.state as string) : undefined;
    const emulator = createEmulator({
      basePath: '/mock',
      runtime: 'node',
      hmac: nodeHmac,
      ...storeOptions(state),
      ...(values['no-private-callbacks'] ? publicCallbacksOnly() : {}),
    });
    await emulator.state(); // a broken or locked state file fails here, before the port opens
    const routes = [emulatorRoute('/mock', emulator), fetchRoute('/proxy', createProxy({ prefix: '/proxy' }))];
    const allowHosts = (values['allow-host'] as string[] | undefined) ?? [];
    const server = await startStaticServer({ root: distDir, host, port, routes, allowHosts, adminPrefixes: ['/mock/_emulator/'] });
    io.out(`PayWay Playground is running at ${server.url}/`);
    io.out(`Emulator: ${server.url}/mock/  ·  PayWay through the proxy: ${server.url}/proxy/sandbox/… and /proxy/production/…`);
    io.out(`Pushback inbox (for return_url / callback_url): ${server.url}/mock/_emulator/inbox`);
    if (host !== '127.0.0.1' && host !== 'localhost') {
      io.out('Note: WebCrypto needs a secure context; browsers allow it on http://127.0.0.1 and http://localhost only.');
    }
    if (state) io.out(state.note ?? `Emulator state is kept in ${state.database}.`);
    await untilStopped(() => server.close().then(() => emulator.close()));
    return 0;
  },
};
