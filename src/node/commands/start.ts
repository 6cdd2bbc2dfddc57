import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../cli.ts';
import { createEmulator } from '../../emulator/index.ts';
import { answerAfterReads, fetchRoute, untilStopped } from '../emulatorRoutes.ts';
import { openStateFile } from '../stateFile.ts';
import { nodeHmac } from '../nodeHmac.ts';
import { createProxy } from '../proxy.ts';
import { startStaticServer } from '../staticServer.ts';
import { UsageError } from '../usage.ts';
import { parsePort } from './mock.ts';

const usage = 'payway start [--port N] [--host H] [--build | --no-build] [--state payway.db]';
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
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

/** The build is stale when the sources the app is built from changed after dist/index.html. */
export function buildIsStale(): boolean {
  const built = join(distDir, 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newestMtime(join(repoRoot, p)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

export const startCommand: Command = {
  summary: 'Build the app if needed and serve it on 127.0.0.1, with the emulator at /mock/ and a PayWay proxy at /proxy/.',
  usage,
  options: { port: { type: 'string' }, host: { type: 'string' }, build: { type: 'boolean' }, 'no-build': { type: 'boolean' }, state: { type: 'string' } },
  async run({ positionals, values }, io) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, usage);
    const port = parsePort(values.port, 4173, usage);
    const host = (values.host as string | undefined) ?? '127.0.0.1';
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
    const emulator = createEmulator({ basePath: '/mock', runtime: 'node', hmac: nodeHmac, ...(state && { store: state.store, initialState: state.initialState }) });
    await emulator.state(); // a broken or locked state file fails here, before the port opens
    const routes = [fetchRoute('/mock', answerAfterReads(emulator.fetch)), fetchRoute('/proxy', createProxy({ prefix: '/proxy' }))];
    const server = await startStaticServer({ root: distDir, host, port, routes });
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
