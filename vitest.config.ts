import { availableParallelism } from 'node:os';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

// Reuses vite.config.ts so the Svelte plugin compiles `.svelte.ts` rune modules in tests too.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'node',
      // Vitest leaves a core free by default, which on a 2-core CI machine runs every file one after another.
      maxWorkers: availableParallelism(),
      include: ['tests/unit/**/*.test.ts', 'tests/**/*.unit.test.ts'],
      exclude: ['node_modules/**', 'dist/**', 'tests/e2e/**', 'tests/conformance/**'],
    },
  }),
);
