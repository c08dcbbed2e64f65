// ESLint (flat config): typescript-eslint, the rules of hooks, and the import boundaries between the source folders.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/*
 * Imports point one way: the app (App.tsx, main.tsx) → features → shared folders (api, lib, layout, components).
 * A feature never imports another feature: what two features need lives in a shared folder, which imports no feature.
 * The folders are read from disk, so a new feature is fenced in without touching this file.
 */
const boundaries = [
  ...features.map((feature) => ({
    target: `./src/features/${feature}`,
    from: './src/features',
    except: [`./${feature}`],
    message: 'A feature never imports another feature: move what both need into components/ or lib/.',
  })),
  {
    target: ['./src/api', './src/lib', './src/layout', './src/components', './src/test'],
    from: ['./src/features', './src/App.tsx', './src/main.tsx'],
    message: 'Shared code imports no feature.',
  },
];

export default tseslint.config(
  { ignores: ['dist', 'src/api/client.ts'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, reactHooks.configs.flat.recommended],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
      // A leading underscore marks a parameter kept for its position (and is what tsc's noUnusedParameters accepts).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
