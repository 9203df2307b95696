// Runs one scenario in a fresh node process (so each run's peak RSS and leftovers are its own),
// logs its stdout to a file, and returns the outcome it wrote, or else the results it printed.
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchOutcome } from '../scenario.js'

const ENTRY = join(process.cwd(), 'bench', 'index.ts')

/** The `{"results":[...]}` line printResults prints, for scenarios that return nothing. */
export function printedOutcome(stdout: string): BenchOutcome | undefined {
  const lines = stdout.split('\n').filter((l) => l.startsWith('{"results":'))
  if (lines.length === 0) return undefined
  return { results: lines.flatMap((l) => (JSON.parse(l) as BenchOutcome).results) }
}

export class ScenarioRunError extends Error {}

/**
 * `node --import tsx bench/index.ts --outcome FILE NAME ARGS`; stdout goes to `logFile`, stderr
 * to ours (progress). Throws a ScenarioRunError when the child fails or reports nothing.
 */
export async function runScenarioChild(
  name: string,
  args: string[],
  logFile: string
): Promise<BenchOutcome> {
  const outcomeFile = `${logFile}.outcome.json`
  rmSync(outcomeFile, { force: true })
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ENTRY, '--outcome', outcomeFile, name, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const log = createWriteStream(logFile)
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    log.write(chunk)
  })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  await new Promise((resolve) => log.end(resolve))
  if (code !== 0) {
    const tail = stdout.trim().split('\n').slice(-3).join(' | ')
    throw new ScenarioRunError(
      `${name} exited with ${code}; see ${logFile}${tail ? ` (${tail})` : ''}`
    )
  }
  if (existsSync(outcomeFile)) return JSON.parse(readFileSync(outcomeFile, 'utf8')) as BenchOutcome
  const printed = printedOutcome(stdout)
  if (printed) return printed
  throw new ScenarioRunError(
    `${name} returned no results and printed no {"results":[...]} line; return a BenchOutcome from run()`
  )
}
