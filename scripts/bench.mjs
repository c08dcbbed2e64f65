// npm run bench -- <name> [options]: runs bench/WhatsApp.Bench in Release. With --postgres, the app runs on a
// throwaway PostgreSQL server (scripts/postgres.mjs), started here and removed afterwards.
import { run } from './lib.mjs';
import { startPostgres } from './postgres.mjs';

const args = process.argv.slice(2);
const dotnetArgs = ['run', '-c', 'Release', '--project', 'bench/WhatsApp.Bench', '--', ...args];
let server = null;
const env = {};
if (args.includes('--postgres')) {
  server = await startPostgres();
  env.BENCH_POSTGRES = server.connectionString;
}
let result;
try {
  result = await run('dotnet', dotnetArgs, { env });
} finally {
  server?.stop();
}
process.exit(result.code);
