// Bad input: 2,000+ mutated manifests (plain files and thin layouts) are each refused with an
// error naming the file and a line, never a crash or a hang, in bounded time and memory.
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main.js'
import { loadManifests, type ManifestSet } from '../../src/manifest/index.js'
import { MUTATION_KINDS, plainMutations } from './mutations.js'
import { layoutMutations } from './layout-mutations.js'
import { recordResult, since } from './results.js'

const PLAIN_CASES = 2_000
const PER_CASE_LIMIT_MS = 3_000
const scratch = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'bad-input-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function withinLimit(load: Promise<ManifestSet>, what: string): Promise<ManifestSet> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${PER_CASE_LIMIT_MS} ms`)),
      PER_CASE_LIMIT_MS
    )
  })
  try {
    return await Promise.race([load, limit])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * `findings` are the errors, or for thin layouts errors and warnings: kpromo checks digest and
 * tag format only in plain manifests, so thin ones get warnings (and the run refuses those edges).
 */
function expectPositioned(set: ManifestSet, file: string, what: string, thin = false): void {
  const findings = thin ? [...set.errors, ...set.warnings] : set.errors
  if (findings.length === 0) throw new Error(`${what}: accepted, expected an error`)
  for (const error of findings) {
    expect(typeof error.position.file).toBe('string')
    expect(error.position.line).toBeGreaterThanOrEqual(1)
  }
  const files = findings.map((e) => e.position.file)
  if (!files.includes(file))
    throw new Error(
      `${what}: errors name ${files.join(', ')}, expected ${file}: ${findings[0]!.message}`
    )
}

describe('bad input', () => {
  it('refuses every mutated plain manifest at its file and line, in bounded time and memory', async () => {
    const started = performance.now()
    const heapBefore = process.memoryUsage().heapUsed
    const rssBefore = process.memoryUsage().rss
    // peak RSS in the first and the second half of the cases: a leak would make the second larger
    const halves = [0, 0]
    let slowest = 0
    const codes = new Map<string, number>()
    let i = 0
    for (const mutation of plainMutations(PLAIN_CASES)) {
      const file = `case-${i++}.yaml`
      writeFileSync(join(scratch, file), mutation.text)
      const t = performance.now()
      const set = await withinLimit(
        loadManifests({ manifest: join(scratch, file) }),
        `${mutation.kind} (${file})`
      )
      slowest = Math.max(slowest, since(t))
      expectPositioned(set, file, `${mutation.kind} (${file})`)
      for (const e of set.errors) codes.set(e.code, (codes.get(e.code) ?? 0) + 1)
      rmSync(join(scratch, file))
      const half = i <= PLAIN_CASES / 2 ? 0 : 1
      if (i % 20 === 0) halves[half] = Math.max(halves[half]!, process.memoryUsage().rss)
    }
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20
    recordResult('bad-input-plain', {
      cases: PLAIN_CASES,
      kinds: MUTATION_KINDS.length,
      totalMs: since(started),
      slowestCaseMs: slowest,
      rssBeforeMb: Math.round(rssBefore / 2 ** 20),
      peakRssMbByHalf: halves.map((b) => Math.round(b / 2 ** 20)),
      heapGrowthMb: Math.round(heapGrowthMb),
      errorCodes: Object.fromEntries(codes)
    })
    expect(slowest).toBeLessThan(PER_CASE_LIMIT_MS)
    expect(Math.max(...halves) - rssBefore).toBeLessThan(1024 * 2 ** 20)
    expect(halves[1]!).toBeLessThanOrEqual(halves[0]! * 1.25)
  })

  it('refuses every broken thin layout at a file and line', async () => {
    const started = performance.now()
    let cases = 0
    for (const layout of layoutMutations(scratch, 200)) {
      const set = await withinLimit(
        loadManifests({ thinManifestDir: layout.dir }),
        `${layout.kind} (${layout.dir})`
      )
      expectPositioned(set, layout.blamed, `${layout.kind} (${layout.dir})`, true)
      cases++
    }
    recordResult('bad-input-layouts', { cases, totalMs: since(started) })
    expect(cases).toBe(200)
  })

  it('the validate command prints file:line for a broken manifest and exits 1', async () => {
    const dir = join(scratch, 'cli')
    mkdirSync(dir)
    const [mutation] = [...plainMutations(1)]
    writeFileSync(join(dir, 'broken.yaml'), mutation!.text)
    let stderr = ''
    let stdout = ''
    const code = await main(['validate', '--manifest', 'broken.yaml'], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      cwd: dir,
      env: {}
    })
    expect(code).toBe(1)
    expect(`${stdout}${stderr}`).toMatch(/broken\.yaml:\d+:\d+/)
  })
})
