import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// @opencen/contracts is CommonJS built for Node; the app bundles its TypeScript source instead
// (the same zod schemas), with the two Node modules it names replaced by browser stand-ins.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@opencen\/contracts$/, replacement: here('../../packages/contracts/src/index.ts') },
      { find: /^node:crypto$/, replacement: here('src/platform/crypto.ts') },
      { find: /^node:fs$/, replacement: here('src/platform/no-fs.ts') },
      { find: /^node:path$/, replacement: here('src/platform/no-fs.ts') },
    ],
  },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: { host: '127.0.0.1', port: 5173 },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./vitest.setup.ts'],
    include: ['src/**/*.spec.{ts,tsx}'],
  },
});
