// Vite plugin: bundles src/sw/sw.ts into one self-contained, unhashed `sw.js` at the build root (a
// service worker's URL must stay the same across builds, and its scope is its directory), and serves
// the same bundle at /sw.js in `vite dev`.
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type Rolldown } from 'vite';

const entry = fileURLToPath(new URL('./sw.ts', import.meta.url));

async function bundleServiceWorker(minify: boolean): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify,
      target: 'es2022',
      emptyOutDir: false,
      // IIFE with everything inlined: a classic worker script every browser can run.
      lib: { entry, formats: ['iife'], name: 'paywayEmulatorWorker', fileName: () => 'sw.js' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('the service worker bundle has no code');
  return chunk.code;
}

export function serviceWorkerPlugin(): Plugin {
  return {
    name: 'payway-service-worker',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: await bundleServiceWorker(true) });
    },
    configureServer(server) {
      server.middlewares.use('/sw.js', (_req, res, next) => {
        bundleServiceWorker(false).then(
          (code) => {
            res.setHeader('content-type', 'text/javascript; charset=utf-8');
            res.setHeader('cache-control', 'no-cache');
            res.end(code);
          },
          (error: unknown) => next(error),
        );
      });
    },
  };
}
