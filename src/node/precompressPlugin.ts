// Vite plugin: writes a Brotli (`.br`) and a gzip (`.gz`) copy beside every compressible file of the
// build, once, so the Node server answers `Accept-Encoding` from disk instead of compressing per request.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';
import { COMPRESSIBLE } from './staticServer.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this, the headers of a compressed answer outweigh what compression saves. */
const MIN_BYTES = 1024;
/** Brotli's best quality costs seconds on the multi-megabyte editor chunk, which loads after first paint. */
const LARGE_BYTES = 1024 * 1024;

export async function precompressFile(path: string): Promise<void> {
  const bytes = await readFile(path);
  if (bytes.length < MIN_BYTES) return;
  const quality = bytes.length > LARGE_BYTES ? 9 : constants.BROTLI_MAX_QUALITY;
  const [br, gz] = await Promise.all([
    brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
    gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  // A copy that saves nothing is not kept: the server then sends the file as it is.
  if (br.length < bytes.length) await writeFile(path + '.br', br);
  if (gz.length < bytes.length) await writeFile(path + '.gz', gz);
}

export function precompressPlugin(): Plugin {
  let outDir = 'dist';
  return {
    name: 'payway-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    writeBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
        await Promise.all(files.map((name) => precompressFile(join(outDir, name))));
      },
    },
  };
}
