// npm run demo: the app with the project's fake provider and sample data, for trying every page without a provider account.
// Its own database (backend/App_Data/demo.db); a normal `npm start` never sees the demo data.
import { spawn } from 'node:child_process';
import { ensureNodeModules, mustRun, requireTools, root, run } from './lib.mjs';

requireTools();
await ensureNodeModules();
await mustRun('npm', ['run', 'build']);
await mustRun('dotnet', ['build', 'tools/FakeProvider', '-c', 'Release', '--nologo', '-v', 'q']);

const url = process.env.APP_URL ?? 'http://localhost:5080';
const fakeUrl = process.env.FAKE_PROVIDER_URL ?? 'http://127.0.0.1:5090';
const email = 'demo@example.com';
const password = 'Demo-Password-1!';

const fake = spawn('dotnet', ['run', '--project', 'tools/FakeProvider', '-c', 'Release', '--no-build', '--', '--urls', fakeUrl], { cwd: root, stdio: 'inherit' });
const stopFake = () => fake.exitCode === null && fake.kill('SIGTERM');
process.on('exit', stopFake);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${fakeUrl}/_fake/health`)).ok) break;
  } catch {
    // not listening yet
  }
  if (i > 120) {
    console.error(`The fake provider did not start at ${fakeUrl}.`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 500));
}

console.log(`
  WhatsApp messaging demo at ${url}
  Sign in as ${email} with the password ${password}
  The provider is the project's fake (${fakeUrl}): sends are accepted and statuses arrive as if from Twilio.
  Demo data lives in backend/App_Data/demo.db; delete it to start the demo afresh.
`);
const app = await run('dotnet', ['run', '--project', 'backend', '-c', 'Release', '--no-launch-profile', '--urls', url], {
  env: {
    ASPNETCORE_ENVIRONMENT: 'Production',
    ConnectionStrings__Default: 'Data Source=App_Data/demo.db',
    Demo__Enabled: 'true',
    Demo__FakeProviderUrl: fakeUrl,
    App__PublicBaseUrl: url,
    Admin__Email: email,
    Admin__Password: password,
  },
});
stopFake();
process.exit(app.code);
