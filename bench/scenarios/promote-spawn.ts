// Starts promote-child.ts in a fresh node process (no tsx launcher in between) and returns the
// JSON it prints.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PromoteJob, PromoteJobResult } from './promote-child.js'

const CHILD = join(process.cwd(), 'bench', 'scenarios', 'promote-child.ts')

export async function runPromoteChild(job: PromoteJob): Promise<PromoteJobResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-promote-'))
  try {
    const file = join(dir, 'job.json')
    writeFileSync(file, JSON.stringify(job))
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
    if (code !== 0) throw new Error(`promote child exited with ${code}`)
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as PromoteJobResult
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
