// npm test: every test — the generated client's freshness, .NET, frontend unit tests, browser end-to-end.
import { ensureNodeModules, mustRun, requireTools } from './lib.mjs';

requireTools();
await ensureNodeModules();

const totals = { passed: 0, failed: 0, skipped: 0 };
// Runners colour their summaries; strip the escape codes before reading the counts.
const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
const count = (re, text) => [...plain(text).matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);

await mustRun('node', ['scripts/api-check.mjs']);

const dotnet = await mustRun('dotnet', ['test', 'WhatsApp.sln', '--nologo'], { capture: true });
totals.passed += count(/Passed:\s+(\d+)/g, dotnet.output);
totals.failed += count(/Failed:\s+(\d+)/g, dotnet.output);
totals.skipped += count(/Skipped:\s+(\d+)/g, dotnet.output);

const web = await mustRun('npm', ['run', 'test:web'], { capture: true, env: { FORCE_COLOR: '0', NO_COLOR: '1' } });
totals.passed += count(/Tests\s+(\d+) passed/g, web.output);

await mustRun('npm', ['run', 'build']);
const e2e = await mustRun('npm', ['run', 'test:e2e'], { capture: true, env: { FORCE_COLOR: '0', NO_COLOR: '1' } });
totals.passed += count(/^\s*(\d+) passed/gm, e2e.output);
totals.skipped += count(/^\s*(\d+) skipped/gm, e2e.output);

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
