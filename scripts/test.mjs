// npm test: every test — the generated client's freshness, .NET (on SQLite, then on PostgreSQL when it is installed),
// frontend unit tests, browser end-to-end.
import { ensureNodeModules, mustRun, requireTools, run } from './lib.mjs';
import { postgresBinDir, startPostgres } from './postgres.mjs';

requireTools();
await ensureNodeModules();

const totals = { passed: 0, failed: 0, skipped: 0 };
// Runners colour their summaries; strip the escape codes before reading the counts.
const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
const count = (re, text) => [...plain(text).matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);

await mustRun('npm', ['run', 'lint']);
await mustRun('node', ['scripts/api-check.mjs']);

const addDotnet = (output) => {
  totals.passed += count(/Passed:\s+(\d+)/g, output);
  totals.failed += count(/Failed:\s+(\d+)/g, output);
  totals.skipped += count(/Skipped:\s+(\d+)/g, output);
};
addDotnet((await mustRun('dotnet', ['test', 'WhatsApp.sln', '--nologo'], { capture: true })).output);

// The same .NET tests on a throwaway PostgreSQL server (AppFactory reads WHATSAPP_TEST_POSTGRES).
if (postgresBinDir()) {
  console.log('\n.NET tests on PostgreSQL');
  const server = await startPostgres();
  let result;
  try {
    result = await run('dotnet', ['test', 'WhatsApp.sln', '--nologo', '--no-build'],
      { capture: true, env: { WHATSAPP_TEST_POSTGRES: server.connectionString } });
  } finally {
    server.stop();
  }
  if (result.code !== 0) {
    console.error(`\n✗ dotnet test on PostgreSQL failed (exit ${result.code})`);
    process.exit(result.code);
  }
  addDotnet(result.output);
} else {
  console.log('\nPostgreSQL is not installed (apt-get install postgresql): the .NET tests ran on SQLite only.');
}

const web = await mustRun('npm', ['run', 'test:web'], { capture: true, env: { FORCE_COLOR: '0', NO_COLOR: '1' } });
totals.passed += count(/Tests\s+(\d+) passed/g, web.output);

await mustRun('npm', ['run', 'build']);
const e2e = await mustRun('npm', ['run', 'test:e2e'], { capture: true, env: { FORCE_COLOR: '0', NO_COLOR: '1' } });
totals.passed += count(/^\s*(\d+) passed/gm, e2e.output);
totals.skipped += count(/^\s*(\d+) skipped/gm, e2e.output);

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
