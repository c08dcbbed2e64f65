// Small helpers shared by the npm scripts: run a command with live output, optionally capturing it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command from the repo root, streaming its output; resolves with { code, output }. */
export function run(command, args, { env = {}, capture = false, cwd = root } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: capture ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    if (capture) {
      child.stdout.on('data', (d) => { process.stdout.write(d); output += d; });
      child.stderr.on('data', (d) => { process.stderr.write(d); output += d; });
    }
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('close', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ code: code ?? 1, output });
    });
  });
}

export async function mustRun(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    console.error(`\n✗ ${command} ${args.join(' ')} failed (exit ${result.code})`);
    process.exit(result.code);
  }
  return result;
}

export function requireTools() {
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 20) {
    console.error(`Node.js 20 or newer is needed (this is ${process.versions.node}).`);
    process.exit(1);
  }
}

/** npm install when the workspace has never been installed (or package.json changed since). */
export async function ensureNodeModules() {
  if (!existsSync(join(root, 'node_modules', '.package-lock.json')) || process.env.FORCE_NPM_INSTALL) {
    await mustRun('npm', ['install', '--no-audit', '--no-fund']);
  }
}
