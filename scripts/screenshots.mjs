// npm run screenshots: the README's pictures (docs/screenshots/*.png), taken in headless Chromium from the app in demo
// mode (its sample data, the project's fake provider). Its own database in a temporary folder and free ports, so a
// running `npm run demo` or e2e run is never touched. The spec is tests/e2e/screenshots.shot.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNodeModules, mustRun, requireTools, run } from './lib.mjs';

/** Ports nothing listens on now, found by letting the system pick them (all held at once, so they differ). */
async function freePorts(count) {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

requireTools();
await ensureNodeModules();
await mustRun('npm', ['run', 'build']);
for (const project of ['backend', 'tools/FakeProvider']) {
  await mustRun('dotnet', ['build', project, '-c', 'Release', '--nologo', '-v', 'q']);
}

const [appPort, fakePort] = await freePorts(2);
const dataDir = mkdtempSync(join(tmpdir(), 'whatsapp-screenshots-'));
let result;
try {
  result = await run('npx', ['playwright', 'test', '-c', 'tests/e2e/screenshots.config.ts'], {
    env: { SHOTS_APP_PORT: String(appPort), SHOTS_FAKE_PORT: String(fakePort), SHOTS_DATA_DIR: dataDir },
  });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
if (result.code === 0) console.log('\nScreenshots written to docs/screenshots/.');
process.exit(result.code);
