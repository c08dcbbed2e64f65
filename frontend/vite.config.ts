/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The ASP.NET Core backend (dotnet run --project backend --urls http://localhost:5080) serves the API;
// in development Vite proxies to it, in production the backend serves this build from wwwroot.
const backend = 'http://localhost:5080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../backend/wwwroot',
    emptyOutDir: true,
    // Pages load as chunks of their own; the Overview's carries the charts library (Recharts), ~520 kB.
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    proxy: {
      // Includes /api/live's server-sent events: the proxy streams them as they come.
      '/api': backend,
      '/swagger': backend,
      '/hangfire': backend,
      '/health': backend,
      // Short links (/u/…) only: a bare '/u' prefix would also catch SPA paths such as /users.
      '^/u/': backend,
      // Signed media links (a bill's PDF, an uploaded header file) open from the pages too.
      '^/media/': backend,
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // Typing-heavy form tests take a few seconds on a loaded two-core machine; the default 5 s cut them off mid-typing.
    testTimeout: 20_000,
  },
});
