import { defineConfig } from 'vitest/config';

// tests/package: the packed tarball installed in an empty folder (npm test's "Package" stage).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/package/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
