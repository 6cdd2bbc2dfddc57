#!/usr/bin/env node
// Entry point of the `payway` CLI: the bundled JavaScript in lib/ (built by scripts/buildNode.js at
// prepare / prepack time), so nothing is compiled when it starts. In a checkout of the project the
// bundle is rebuilt first whenever the sources it is made from changed, so it is never stale there.
import { existsSync } from 'node:fs';

if (existsSync(new URL('../scripts/buildNode.js', import.meta.url)) && existsSync(new URL('../src/node/cli.ts', import.meta.url))) {
  const { ensureFreshNodeBundle } = await import('../scripts/buildNode.js');
  await ensureFreshNodeBundle();
}
const { main } = await import('../lib/cli.js');
process.exitCode = await main(process.argv.slice(2));
