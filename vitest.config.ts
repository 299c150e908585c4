import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // The single .mjs and the standalone executable, built once for the run (when a test uses them).
    globalSetup: ['test/global-setup.ts'],
  },
});
