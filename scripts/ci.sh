#!/usr/bin/env bash
# The README's test command (`npm run ci`): everything CI checks, on a fresh Debian/Ubuntu machine.
# Installs test system packages, installs npm dependencies from the lockfile, lints, type-checks,
# rebuilds dist/ and fails if it differs from the committed one, then runs every test suite (the
# unit suite with the coverage gate) and prints a plain "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
npm ci --no-audit --no-fund --loglevel=error
npm run --silent lint
npm run --silent typecheck
npm run --silent build >/dev/null
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  if [ -n "$(git status --porcelain -- dist)" ]; then
    git status --short -- dist | head -20
    echo "dist/ is stale: run 'npm run build' and commit dist/" >&2
    exit 1
  fi
fi
mkdir -p .tmp
status=0
# Coverage is collected in this one run (v8, thresholds per module in jest.config.js): the gate
# fails the run when a module drops below its threshold.
npm test -- --coverage --json --outputFile=.tmp/jest-results.json || status=$?
npm run test:reliability -- --json --outputFile=.tmp/reliability-results.json || status=$?
node scripts/print-counts.mjs .tmp/jest-results.json .tmp/reliability-results.json
exit $status
