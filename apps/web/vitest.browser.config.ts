import { defineConfig } from 'vitest/config';

// The browser tests: real Chromium (Debian's, driven by playwright-core) against the whole stack,
// which browser/global-setup.ts starts once. One file at a time, in order.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['browser/**/*.browser-spec.ts'],
    globalSetup: ['./browser/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
