// A throwaway PostgreSQL server for the tests: initdb into a temporary directory, listening on 127.0.0.1 only (a free
// port, trust auth: nothing but this machine can reach it), removed again by stop(). Uses Debian's `postgresql`
// binaries (/usr/lib/postgresql/<version>/bin) or whatever `pg_config --bindir` names. initdb refuses root, so as root
// the server runs as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function postgresBinDir() {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(debian, versions[0], 'bin');
  }
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  } catch { /* not installed */ }
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a server; resolves with { connectionString, stop() }. The connection string names no database. */
export async function startPostgres({ binDir = postgresBinDir() } = {}) {
  if (!binDir) throw new Error('PostgreSQL is not installed (apt-get install postgresql).');
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? 'postgres' : null;
  const dir = mkdtempSync(join(tmpdir(), 'whatsapp-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const pg = (tool, args) => {
    const [command, commandArgs] = asRoot
      ? ['runuser', ['-u', user, '--', join(binDir, tool), ...args]]
      : [join(binDir, tool), args];
    const result = spawnSync(command, commandArgs, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) {
      throw new Error(`${tool} failed (exit ${result.status}): ${result.stderr || result.stdout}${existsSync(log) ? `\nsee ${log}` : ''}`);
    }
  };

  const port = await freePort();
  let started = false;
  const stop = () => {
    try {
      if (started) pg('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
    } catch (e) {
      console.error(String(e));
    } finally {
      started = false;
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-locale', '-E', 'UTF8', '--no-sync']);
    // A test server: durability off (the data is thrown away), room for many app instances' connection pools.
    const options = [
      `-p ${port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${dir}`,
      '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=1000',
    ].join(' ');
    pg('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options]);
    started = true;
  } catch (e) {
    stop();
    throw e;
  }
  return { connectionString: `Host=127.0.0.1;Port=${port};Username=postgres`, port, stop };
}

// `node scripts/postgres.mjs`: start one, print its connection string, stop it on Ctrl+C.
if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startPostgres();
  console.log(server.connectionString);
  const quit = () => { server.stop(); process.exit(0); };
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
  setInterval(() => {}, 1 << 30);
}
