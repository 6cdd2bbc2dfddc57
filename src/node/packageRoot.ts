// The folder of payway-playground's package.json, from the source (src/node/) and from the bundle
// (lib/, lib/chunks/) alike: the built app is in its dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

export function packageRoot(): string {
  if (found) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'payway-playground') return (found = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('payway-playground: cannot find its own package.json');
    dir = parent;
  }
}

/** A git checkout of the project (the app's sources are there), as opposed to the installed package. */
export function isCheckout(): boolean {
  return existsSync(join(packageRoot(), 'src', 'app')) && existsSync(join(packageRoot(), 'vite.config.ts'));
}
