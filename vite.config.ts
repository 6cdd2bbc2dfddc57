import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { serviceWorkerPlugin } from './src/sw/serviceWorkerPlugin.ts';
import { precompressPlugin } from './src/node/precompressPlugin.ts';

// `base: './'` makes every URL in the build relative, so `dist/` works from any folder of a static host.
export default defineConfig({
  base: './',
  // The in-page emulator's service worker is bundled on its own into an unhashed dist/sw.js.
  // The Node server sends the .br / .gz copies precompressPlugin writes beside each file.
  plugins: [svelte(), serviceWorkerPlugin(), precompressPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Monaco is reached only through dynamic import() (src/app/editor/monaco.ts); keep it in one lazy
    // chunk named "monaco" instead of dozens of fragments, and say so rather than warn about its size.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'monaco', test: /node_modules[\\/]monaco-editor[\\/]/, includeDependenciesRecursively: false }] } },
    },
  },
  // 127.0.0.1 is a secure context, so crypto.subtle exists in the page.
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
