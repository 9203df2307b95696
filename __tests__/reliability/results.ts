// Where the reliability scenarios leave their figures: one JSON file per scenario under
// $TMPDIR/image-promoter-reliability (docs/reliability.md is written from them), plus a log line.
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const RESULTS_DIR = join(tmpdir(), 'image-promoter-reliability')

export function recordResult(scenario: string, figures: Record<string, unknown>): void {
  mkdirSync(RESULTS_DIR, { recursive: true })
  const entry = { scenario, at: new Date().toISOString(), ...figures }
  writeFileSync(join(RESULTS_DIR, `${scenario}.json`), `${JSON.stringify(entry, null, 2)}\n`)
  process.stderr.write(`[reliability] ${scenario}: ${JSON.stringify(figures)}\n`)
}

/** Wall-clock milliseconds since `start` (from performance.now()). */
export const since = (start: number): number => Math.round(performance.now() - start)
