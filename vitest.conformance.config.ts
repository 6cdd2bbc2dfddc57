import { defineConfig } from 'vitest/config';

// Conformance: our signer against PHP's hash_hmac/openssl, and integrations written in PHP, Python and
// Node against a real `payway mock`. scripts/test.js passes PHP_PATH and PYTHON_PATH.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/conformance/**/*.test.ts'],
    env: { PHP_PATH: process.env.PHP_PATH ?? 'php', PYTHON_PATH: process.env.PYTHON_PATH ?? 'python3' },
    testTimeout: 60_000,
  },
});
