// Regenerates the TypeScript client from the backend's OpenAPI document and fails if the committed one was stale.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, root } from './lib.mjs';

const client = join(root, 'frontend', 'src', 'api', 'client.ts');
const before = existsSync(client) ? readFileSync(client, 'utf8') : '';
await mustRun('dotnet', ['build', 'backend', '-p:GenerateApiClient=true', '-nologo', '-v', 'q']);
const after = readFileSync(client, 'utf8');
if (before !== after) {
  console.error('\n✗ frontend/src/api/client.ts was stale: it has been regenerated from the backend. Commit it.');
  process.exit(1);
}
console.log('✓ frontend/src/api/client.ts matches the backend\'s OpenAPI document');
