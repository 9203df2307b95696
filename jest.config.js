import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

// A file of types only emits no code, so v8 would count each of its lines as missed: such files
// (no top-level value statement, every import and re-export `type`) are left out of coverage.
const VALUE_STATEMENT =
  /^(export\s+)?(default\s+)?(async\s+)?(function|const|let|var|class|enum|abstract)\b|^import\s+(?!type\b)|^export\s+(\{|\*)/m
function typeOnlyFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return typeOnlyFiles(path)
    return path.endsWith('.ts') && !VALUE_STATEMENT.test(readFileSync(path, 'utf8')) ? [path] : []
  })
}

/** @type {import('ts-jest').JestConfigWithTsJest} */
export default {
  testEnvironment: 'node',
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/__tests__/reliability/'],
  moduleFileExtensions: ['ts', 'js', 'mjs'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }]
  },
  clearMocks: true,
  testTimeout: 60000,
  // Coverage: collected by CI's unit run (`npm test -- --coverage`, scripts/ci.sh). The v8
  // provider works with ESM; the thresholds are per module (a path covers its subfolders).
  // The entry points run only as the dist/ bundles the e2e tests drive.
  collectCoverageFrom: [
    'src/**/*.ts',
    '!src/index.ts',
    '!src/cli.ts',
    '!src/heap-growth.ts',
    ...typeOnlyFiles('src').map((f) => `!${f}`)
  ],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'json-summary'],
  // Goal: pure modules (parsing, rendering) near 100%, the rest 90%. A module under its goal is
  // held one point under what it measured (run-to-run variance of retry and timing paths) until
  // tests lift it; raise these numbers, never lower them.
  coverageThreshold: {
    // Shared top-level files, one by one (a glob key applies per file). The signal handlers run in
    // CLI subprocess tests, which coverage does not see. Every other source file is under a module
    // below, and a file outside them fails lint (fences).
    './src/errors.ts': { lines: 99, statements: 99, functions: 99, branches: 99 },
    './src/cancel.ts': { lines: 84, statements: 84, functions: 83, branches: 71 },
    './src/stop-signals.ts': { lines: 87, statements: 87, functions: 66, branches: 95 },
    // Pure modules: goal ~100%; held just under what they measure (2026-12-03 full run).
    './src/manifest/': { lines: 97, statements: 97, functions: 98, branches: 87 },
    './src/report/': { lines: 96, statements: 96, functions: 98, branches: 87 },
    './src/vuln/formats/': { lines: 98, statements: 98, functions: 98, branches: 78 },
    './src/concurrency/': { lines: 99, statements: 99, functions: 99, branches: 99 },
    './src/options/': { lines: 97, statements: 97, functions: 88, branches: 92 },
    // The rest: goal 90%; branch gaps held at what they measure.
    './src/oci/': { lines: 90, statements: 90, functions: 90, branches: 90 },
    './src/plan/': { lines: 90, statements: 90, functions: 90, branches: 90 },
    './src/promote/': { lines: 90, statements: 90, functions: 90, branches: 90 },
    './src/pipeline/': { lines: 90, statements: 90, functions: 90, branches: 90 },
    './src/trust/': { lines: 90, statements: 90, functions: 90, branches: 86 },
    './src/vuln/': { lines: 90, statements: 90, functions: 90, branches: 86 },
    './src/cli/': { lines: 90, statements: 90, functions: 90, branches: 85 },
    './src/pr/': { lines: 90, statements: 90, functions: 90, branches: 84 },
    // main.ts now runs in process through run(inputs); its error branches are the gap.
    './src/action/': { lines: 90, statements: 90, functions: 90, branches: 67 }
  }
}
