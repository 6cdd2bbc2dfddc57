import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

// Reuses vite.config.ts so the Svelte plugin compiles `.svelte.ts` rune modules in tests too.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'node',
      include: ['tests/unit/**/*.test.ts', 'tests/**/*.unit.test.ts'],
      exclude: ['node_modules/**', 'dist/**', 'tests/e2e/**', 'tests/conformance/**'],
    },
  }),
);
