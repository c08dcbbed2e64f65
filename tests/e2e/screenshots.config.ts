import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumUse } from './browser';
import { DEMO_EMAIL, DEMO_PASSWORD } from './helpers';

/*
 * The README's screenshots (`npm run screenshots`, which runs scripts/screenshots.mjs): the app in demo mode — the
 * demo's seeding (Demo:Enabled) with the project's fake provider — on a database of its own in a temporary folder and
 * on free ports the script picked, so it never meets a running `npm run demo` or an e2e run. The script builds the
 * SPA, the backend and the fake provider first; here they only start.
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const { SHOTS_APP_PORT, SHOTS_FAKE_PORT, SHOTS_DATA_DIR } = process.env;
if (!SHOTS_APP_PORT || !SHOTS_FAKE_PORT || !SHOTS_DATA_DIR) throw new Error('Run the screenshots with `npm run screenshots`.');
const baseURL = `http://127.0.0.1:${SHOTS_APP_PORT}`;
const fakeUrl = `http://127.0.0.1:${SHOTS_FAKE_PORT}`;
const quiet = { DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' };

export default defineConfig({
  testDir: '.',
  testMatch: 'screenshots.shot.ts',
  outputDir: path.join(repoRoot, 'test-results', 'screenshots'),
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 240_000,
  expect: { timeout: 15_000 },
  use: {
    ...chromiumUse,
    baseURL,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
  },
  projects: [{ name: 'chromium' }],
  // In this order: the demo seeding registers its account and templates at the fake provider when the app starts.
  webServer: [
    {
      command: `dotnet run --project tools/FakeProvider -c Release --no-build -- --urls ${fakeUrl}`,
      cwd: repoRoot,
      url: `${fakeUrl}/_fake/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: quiet,
    },
    {
      command: `dotnet run --project backend -c Release --no-build --no-launch-profile --urls ${baseURL}`,
      cwd: repoRoot,
      url: `${baseURL}/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        ...quiet,
        ASPNETCORE_ENVIRONMENT: 'Production',
        // Production allows no provider base URL but configured hosts: the fake provider's is one.
        Providers__AllowedBaseUrlHosts: '127.0.0.1',
        ConnectionStrings__Default: `Data Source=${path.join(SHOTS_DATA_DIR, 'demo.db')}`,
        Demo__Enabled: 'true',
        Demo__FakeProviderUrl: fakeUrl,
        App__PublicBaseUrl: baseURL,
        Admin__Email: DEMO_EMAIL,
        Admin__Password: DEMO_PASSWORD,
      },
    },
  ],
});
