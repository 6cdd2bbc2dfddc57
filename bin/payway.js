#!/usr/bin/env node
// Entry point of the `payway` CLI. tsx lets the CLI run the same TypeScript the app is built from.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/node/cli.ts');
process.exitCode = await main(process.argv.slice(2));
