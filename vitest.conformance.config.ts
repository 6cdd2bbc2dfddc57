import { defineConfig } from 'vitest/config';

// PHP conformance: our signer against PHP's hash_hmac/openssl. scripts/test.js passes PHP_PATH.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/conformance/**/*.test.ts'],
    env: { PHP_PATH: process.env.PHP_PATH ?? 'php' },
    testTimeout: 30_000,
  },
});
