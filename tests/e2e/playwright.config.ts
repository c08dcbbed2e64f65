import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumUse } from './browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, FAKE_PROVIDER_URL } from './helpers';

/*
 * End-to-end tests against the real backend, which serves the built SPA from backend/wwwroot.
 * `npm run test:e2e` expects `npm run build` to have run (scripts/test.mjs does); if backend/wwwroot/index.html
 * is missing, the web server command below builds the frontend first.
 *
 * Each run gets a fresh SQLite database in a new temp folder, removed when the run ends.
 *
 * A second web server runs the fake provider (tools/FakeProvider), which speaks Twilio's, Vonage's and Meta's APIs on
 * loopback: providers created by the tests point their base URL at it, and its signed status callbacks reach the
 * backend through App__PublicBaseUrl.
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const port = Number(process.env.E2E_PORT ?? 5180);
const baseURL = `http://127.0.0.1:${port}`;

// Made once, by the runner; the worker processes inherit the variable instead of making folders of their own.
// The runner removes it when it exits, also when the server failed to start (a global teardown would not run then).
if (!process.env.E2E_DATA_DIR) {
  const dir = mkdtempSync(path.join(tmpdir(), 'whatsapp-e2e-'));
  process.env.E2E_DATA_DIR = dir;
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}
const dataDir = process.env.E2E_DATA_DIR;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: path.join(repoRoot, 'test-results', 'e2e'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    ...chromiumUse,
    baseURL,
    viewport: { width: 1366, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium' }],
  webServer: [
    {
      // The SPA must exist before the backend starts: ASP.NET Core only serves a wwwroot that exists at startup.
      command:
        `(test -f backend/wwwroot/index.html || npm run build) && ` +
        `dotnet run --project backend --no-launch-profile -c Release --urls ${baseURL}`,
      cwd: repoRoot,
      url: `${baseURL}/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        ConnectionStrings__Default: `Data Source=${path.join(dataDir, 'e2e.db')}`,
        Admin__Email: ADMIN_EMAIL,
        Admin__Password: ADMIN_PASSWORD,
        Auth__LoginAttemptsPerMinute: '1000',
        App__PublicBaseUrl: baseURL,
        // The specs check the Overview right after sending: count afresh instead of reusing recent tallies.
        Stats__TodayCache: '00:00:00',
        Stats__PastDayCache: '00:00:00',
        // Specs message one customer several times in a row: a second apart keeps the pair-rate spacing at work
        // without making them wait its 6 s.
        Dispatch__RecipientSpacing: '00:00:01',
        ASPNETCORE_ENVIRONMENT: 'Production',
        // Production allows no provider base URL but configured hosts: the fake provider's is one.
        Providers__AllowedBaseUrlHosts: '127.0.0.1',
        // Files customers send are kept with the run's data, not in the source tree.
        Media__StoreDirectory: path.join(dataDir, 'media-kept'),
        DOTNET_NOLOGO: '1',
        DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      },
    },
    {
      command: `dotnet run --project tools/FakeProvider -c Release -- --urls ${FAKE_PROVIDER_URL}`,
      cwd: repoRoot,
      url: `${FAKE_PROVIDER_URL}/_fake/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    },
  ],
});
