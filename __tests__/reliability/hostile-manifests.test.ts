// Hostile manifests (issue #12): every way a pull request's tree can point outside itself, every
// path-climbing image name under oci: and registry names, and inputs that grow alias, list and
// error counts. Counts leaks (the planted secret, or an environment value, in any output),
// escapes (a file outside the tree read, or a climbing name accepted) and hangs (cost growing
// faster than the input), and asserts 0 of each.
import { afterAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildEdges,
  loadManifests,
  type ManifestError,
  type ManifestSet
} from '../../src/manifest/index.js'
import {
  BAD_IMAGE_NAMES,
  LINK_CASES,
  SECRET,
  hugeAnchoredValue,
  link,
  manyAliases,
  manyBadTags,
  manyConflicts,
  manyTags,
  ociManifest,
  plantOutside,
  thinTree
} from '../manifest/hostile-cases.js'
import { spawnCli } from './crash-child.js'
import { recordResult, since } from './results.js'

const scratch = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hostile-mf-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let n = 0

const ENV_VALUES = Object.values(process.env).filter(
  (v): v is string => v !== undefined && v.length >= 12
)

function shown(findings: ManifestError[]): string {
  return findings.map((e) => `${e.describe()} ${JSON.stringify(e.position)}`).join('\n')
}

function leaked(text: string): boolean {
  return text.includes(SECRET) || ENV_VALUES.some((v) => text.includes(v))
}

async function loadPlainText(text: string): Promise<{ set: ManifestSet; ms: number }> {
  const file = join(scratch, `plain-${n++}.yaml`)
  writeFileSync(file, text)
  const started = performance.now()
  const set = await loadManifests({ manifest: file })
  const ms = performance.now() - started
  rmSync(file)
  return { set, ms }
}

/** Growing inputs: cost at the largest size must stay near linear (quadratic would be ×64). */
const FAMILIES: { name: string; sizes: number[]; text: (size: number) => string }[] = [
  { name: 'aliases', sizes: [500, 4000], text: (s) => manyAliases(s) },
  { name: 'anchored 1 MB value reused', sizes: [60, 480], text: (s) => hugeAnchoredValue(1e6, s) },
  { name: 'tags of one digest', sizes: [25_000, 200_000], text: (s) => manyTags(s) },
  { name: 'digests claiming one tag', sizes: [2_500, 20_000], text: (s) => manyConflicts(s) },
  { name: 'invalid tags (errors)', sizes: [6_250, 50_000], text: (s) => manyBadTags(s) }
]
/** Largest output (all messages of one case) accepted: 200 errors + 200 warnings of ~1 kB. */
const MAX_OUTPUT_CHARS = 500_000
/** Growth accepted for 8× the input: linear is 8, with slack for a shared machine. */
const MAX_GROWTH = 24

describe('hostile manifests', () => {
  it('leaks nothing, reads nothing outside the tree, and stays linear', async () => {
    const started = performance.now()
    const count = { leaks: 0, escapes: 0, hangs: 0 }
    let cases = 0
    const failures: string[] = []
    const fail = (kind: keyof typeof count | undefined, what: string): void => {
      if (kind) count[kind]++
      failures.push(what)
    }

    // Links and linked directories, in process (env values stand in for /proc/self/environ).
    for (const hostile of LINK_CASES) {
      const dir = join(scratch, `link-${n++}`)
      const outside = plantOutside(dir)
      const t = performance.now()
      const set = await loadManifests(hostile.build(dir, outside))
      cases++
      if (since(t) > 5000) fail('hangs', `slow: ${hostile.name}`)
      if (leaked(shown([...set.errors, ...set.warnings]))) fail('leaks', `leak: ${hostile.name}`)
      if (JSON.stringify(set.manifests).includes(SECRET)) fail('escapes', `escape: ${hostile.name}`)
      if (![...set.errors, ...set.warnings].some((e) => e.code === hostile.expectCode))
        fail(undefined, `no ${hostile.expectCode}: ${hostile.name}`)
    }

    // The same through the CLI process, the secret in its environment (/proc/self/environ).
    for (const images of ['/proc/self/environ', 'outside']) {
      const dir = join(scratch, `cli-${n++}`)
      const outside = plantOutside(dir)
      const tree = thinTree(dir)
      rmSync(join(tree, 'images/a/images.yaml'))
      link(
        join(tree, 'images/a/images.yaml'),
        images === 'outside' ? join(outside, 'secret.txt') : images
      )
      for (const args of [
        ['validate', '--thin-manifest-dir', 'tree', '--json'],
        ['plan', '--thin-manifest-dir', 'tree']
      ]) {
        const run = spawnCli(args, dir, { PROMOTER_TEST_TOKEN: SECRET })
        await run.exited
        cases++
        if (run.output().includes(SECRET)) fail('leaks', `cli leak: ${args[0]} ${images}`)
      }
    }

    // Path-climbing image names under oci: and registry names.
    for (const name of BAD_IMAGE_NAMES) {
      for (const manifest of [ociManifest(name), ociManifest(name).replaceAll('oci:', 'gcr.io/')]) {
        const { set } = await loadPlainText(manifest)
        cases++
        if (!set.errors.some((e) => e.code === 'INVALID_IMAGE_NAME'))
          fail('escapes', `name accepted: ${JSON.stringify(name.slice(0, 20))}`)
      }
    }

    // Growing inputs.
    const growth: Record<string, { ms: number[]; ratio: number; outputChars: number }> = {}
    for (const family of FAMILIES) {
      const ms: number[] = []
      let outputChars = 0
      for (const size of family.sizes) {
        const { set, ms: loadMs } = await loadPlainText(family.text(size))
        const t = performance.now()
        const { errors } = buildEdges(set.manifests)
        ms.push(loadMs + since(t))
        outputChars = Math.max(
          outputChars,
          shown([...set.errors, ...set.warnings, ...errors]).length
        )
        cases++
      }
      // A floor keeps a few-millisecond small case from turning noise into a large ratio.
      const ratio = ms[1]! / Math.max(ms[0]!, 100)
      growth[family.name] = {
        ms: ms.map(Math.round),
        ratio: Math.round(ratio * 10) / 10,
        outputChars
      }
      if (ratio > MAX_GROWTH || ms[1]! > 60_000)
        fail('hangs', `${family.name}: ${ms.join(' -> ')} ms`)
      if (outputChars > MAX_OUTPUT_CHARS)
        failures.push(`${family.name}: ${outputChars} characters of output`)
    }

    recordResult('hostile-manifests', {
      cases,
      ...count,
      growth,
      totalMs: since(started)
    })
    expect(failures).toEqual([])
    expect(count).toEqual({ leaks: 0, escapes: 0, hangs: 0 })
  })
})
