// npm start: install, build the SPA, run the backend (which serves it) on SQLite at http://localhost:5080.
import { ensureNodeModules, mustRun, requireTools, run } from './lib.mjs';

requireTools();
await ensureNodeModules();
await mustRun('npm', ['run', 'build']);

const url = process.env.APP_URL ?? 'http://localhost:5080';
console.log(`
  WhatsApp messaging is starting at ${url}
  Sign in as the admin. On the very first start the admin is created and its email and
  password are printed below, once. To choose them yourself, start with
      Admin__Email=you@example.com Admin__Password='Your-Password-1!' npm start
  (they only apply while the database has no user; the database is backend/App_Data/whatsapp.db).
`);
const { code } = await run('dotnet', ['run', '--project', 'backend', '-c', 'Release', '--no-launch-profile', '--urls', url], {
  // Two malloc arenas instead of one per thread: SQLite's and OpenSSL's native memory stays packed (README, Memory).
  env: { ASPNETCORE_ENVIRONMENT: process.env.ASPNETCORE_ENVIRONMENT ?? 'Production', MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' },
});
process.exit(code);
