import { defineConfig } from 'vitest/config';

// Snippet runs: every endpoint's Node, PHP, Python and Go snippet executed against a capture server and
// the emulator. scripts/test.js passes the tool paths it found or installed (PHP_PATH, PYTHON_PATH, GO_PATH).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/snippets/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // The files run one after another; inside, three snippets at a time (each a process of its own), each
    // with its own emulator while it runs (runSnippets.test.ts keeps CONCURRENCY in step).
    fileParallelism: false,
    maxConcurrency: 3,
  },
});
