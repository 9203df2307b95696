// ESLint flat config: typescript-eslint recommended, plus the layer rules of the house plan.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const layer = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] }
})

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
  // Only the action adapter (and its entry point) may touch @actions/*.
  layer(['src/**/*.ts'], ['@actions/*'], 'Only src/action/ imports @actions/*.'),
  { files: ['src/action/**/*.ts', 'src/index.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Storage imports nothing above it.
  layer(
    ['src/oci/**/*.ts'],
    [
      '@actions/*',
      '../manifest/*',
      '../plan/*',
      '../promote/*',
      '../trust/*',
      '../report/*',
      '../pipeline/*',
      '../action/*',
      '../cli/*'
    ],
    'src/oci/ is the bottom layer: it imports nothing from the layers above it.'
  ),
  // The domain never imports the orchestration or the adapters.
  layer(
    [
      'src/manifest/**/*.ts',
      'src/plan/**/*.ts',
      'src/promote/**/*.ts',
      'src/trust/**/*.ts',
      'src/report/**/*.ts',
      'src/pr/**/*.ts'
    ],
    [
      '@actions/*',
      '../pipeline/*',
      '../action/*',
      '../cli/*',
      '../../pipeline/*',
      '../../action/*',
      '../../cli/*'
    ],
    'The domain does not import the pipeline or the adapters.'
  ),
  {
    files: ['__tests__/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' }
  }
)
