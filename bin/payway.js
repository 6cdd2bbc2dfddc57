#!/usr/bin/env node
// Entry point of the `payway` CLI: the bundled JavaScript in lib/ (built by scripts/buildNode.js at
// `npm pack` time (prepack)), so nothing is compiled when it starts. In a checkout of the project the
// bundle is rebuilt first whenever the sources it is made from changed, so it is never stale there.
import { existsSync } from 'node:fs';

if (existsSync(new URL('../scripts/buildNode.js', import.meta.url)) && existsSync(new URL('../src/node/cli.ts', import.meta.url))) {
  const { ensureFreshNodeBundle } = await import('../scripts/buildNode.js');
  await ensureFreshNodeBundle();
}
// `payway endpoints | head`: a reader that stops early is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import('../lib/cli.js');
process.exitCode = await main(process.argv.slice(2));
