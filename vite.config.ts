import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// `base: './'` makes every URL in the build relative, so `dist/` works from any folder of a static host.
export default defineConfig({
  base: './',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  // 127.0.0.1 is a secure context, so crypto.subtle exists in the page.
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
