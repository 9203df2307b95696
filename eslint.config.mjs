// ESLint flat config: typescript-eslint recommended, plus the layer rules of the house plan.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

import fences from './scripts/eslint-fences.mjs'

const DOMAIN = ['manifest', 'plan', 'promote', 'trust', 'vuln', 'report', 'pr'].map(
  (d) => `src/${d}/`
)
const ADAPTERS = ['action', 'cli', 'shared']
const BELOW_ADAPTERS = ['options', 'pipeline', 'domain', 'storage', 'shared']

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'lib/', 'node_modules/', '__tests__/fixtures/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      '@typescript-eslint/consistent-type-imports': 'error'
    }
  },
  // The layers (README "How it works"): entry points -> adapters -> pipeline -> domain -> storage.
  // Imports resolve to files, so a fence holds at any depth; see scripts/eslint-fences.mjs.
  {
    files: ['src/**/*.ts'],
    plugins: { fences },
    rules: {
      'fences/layer-fence': [
        'error',
        {
          zones: [
            { name: 'entry', paths: ['src/index.ts', 'src/cli.ts'], may: ADAPTERS, env: true },
            { name: 'action', paths: ['src/action/'], may: BELOW_ADAPTERS, env: true },
            { name: 'cli', paths: ['src/cli/'], may: BELOW_ADAPTERS, env: true },
            // The option table: read by both adapters, pure.
            {
              name: 'options',
              paths: ['src/options/'],
              may: ['pipeline', 'domain', 'storage', 'shared']
            },
            { name: 'pipeline', paths: ['src/pipeline/'], may: ['domain', 'storage', 'shared'] },
            { name: 'domain', paths: DOMAIN, may: ['storage', 'shared'] },
            { name: 'storage', paths: ['src/oci/'], may: ['shared'] },
            // Shared by every layer (the concurrency kit, cancellation, errors).
            {
              name: 'shared',
              paths: [
                'src/errors.ts',
                'src/heap-growth.ts',
                'src/cancel.ts',
                'src/stop-signals.ts',
                'src/concurrency/'
              ],
              may: []
            }
          ],
          packages: { '@actions/': ['action'] }
        }
      ]
    }
  },
  {
    files: ['__tests__/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' }
  }
)
