import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// @opencen/contracts is CommonJS built for Node; the app bundles its TypeScript source instead
// (the same zod schemas), with the two Node modules it names replaced by browser stand-ins.
export default defineConfig({
  plugins: [
    react(),
    // A service worker (Workbox) that precaches the app shell and every chunk, so the app opens
    // and a case can be entered with the network gone. The API and Keycloak are never cached:
    // only /config.json (the app's settings) is kept, and served only when the network fails.
    VitePWA({
      registerType: 'autoUpdate',
      // A script file, not an inline one: the CSP allows scripts from the origin only.
      injectRegister: 'script',
      manifest: {
        name: 'OpenCEN',
        short_name: 'OpenCEN',
        description: 'Customs Enforcement Network',
        start_url: '/',
        display: 'standalone',
        theme_color: '#1c7ed6',
        background_color: '#ffffff',
        icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,woff2,json}'],
        // ECharts' chunk is larger than Workbox's default limit of 2 MiB.
        maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/config\.json$/],
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname === '/config.json',
            handler: 'NetworkFirst',
            options: { cacheName: 'opencen-config', networkTimeoutSeconds: 5 },
          },
        ],
      },
    }),
  ],
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
    // The first render of the case form alone takes seconds on a busy shared machine.
    testTimeout: 15_000,
  },
});
