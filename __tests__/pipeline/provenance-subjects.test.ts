// Which provenance policy each source digest gets: its manifest's block without the position, the
// strictest block when manifests disagree (that manifest's line first), none for mode off.
import { describe, expect, it } from '@jest/globals'
import type { RunContext } from '../../src/pipeline/context.js'
import type { ManifestProvenance } from '../../src/manifest/model.js'
import { provenanceSubjects } from '../../src/pipeline/trust-subjects.js'

const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`

function block(over: Omit<ManifestProvenance, 'position'>, file: string): ManifestProvenance {
  return { ...over, position: { file, line: 4, column: 1 } }
}

/** A context with one manifest per images file and promote edges `[imagesFile, line, digest]`. */
function context(
  blocks: Record<string, ManifestProvenance | undefined>,
  edges: [string, number, string][]
): RunContext {
  return {
    manifests: {
      manifests: Object.entries(blocks).map(([imagesFile, provenance]) => ({
        imagesFile,
        ...(provenance ? { provenance } : {})
      }))
    },
    plan: {
      edges: edges.map(([file, line, digest]) => ({
        state: 'promote',
        source: 'gcr.io/staging/app',
        edge: { digest },
        position: { file, line, column: 5 }
      }))
    }
  } as unknown as RunContext
}

describe('provenanceSubjects', () => {
  it("attaches the manifest's block as a policy override, without its position", () => {
    const strict = block({ mode: 'require', builders: ['https://builder'] }, 'm/a.yaml')
    const ctx = context({ 'a.yaml': strict, 'b.yaml': undefined }, [
      ['a.yaml', 3, D1],
      ['b.yaml', 3, D2]
    ])
    expect(provenanceSubjects(ctx, 'warn')).toEqual([
      {
        repository: 'gcr.io/staging/app',
        digest: D1,
        positions: [{ file: 'a.yaml', line: 3, column: 5 }],
        policy: { mode: 'require', builders: ['https://builder'] }
      },
      {
        repository: 'gcr.io/staging/app',
        digest: D2,
        positions: [{ file: 'b.yaml', line: 3, column: 5 }]
      }
    ])
  })

  it('gives a digest in two manifests the strictest effective mode, its line first', () => {
    const warn = block({ mode: 'warn', sources: ['github.com/a/'] }, 'm/a.yaml')
    const require = block({ mode: 'require', sources: ['github.com/b/'] }, 'm/b.yaml')
    const ctx = context({ 'a.yaml': warn, 'b.yaml': require, 'c.yaml': undefined }, [
      ['a.yaml', 3, D1],
      ['b.yaml', 7, D1],
      ['c.yaml', 9, D1]
    ])
    const [subject] = provenanceSubjects(ctx, 'off')
    expect(subject!.policy).toEqual({ mode: 'require', sources: ['github.com/b/'] })
    expect(subject!.positions.map((p) => `${p.file}:${p.line}`)).toEqual([
      'b.yaml:7',
      'a.yaml:3',
      'c.yaml:9'
    ])
    // A manifest without a block has the run's mode: run-wide require beats a block's warn.
    const [runWide] = provenanceSubjects(
      context({ 'a.yaml': warn, 'c.yaml': undefined }, [
        ['a.yaml', 3, D1],
        ['c.yaml', 9, D1]
      ]),
      'require'
    )
    expect(runWide!.policy).toBeUndefined()
    expect(runWide!.positions[0]!.file).toBe('c.yaml')
  })

  it('on a tie keeps the first manifest, and leaves out digests whose mode is off', () => {
    const first = block({ mode: 'require', builders: ['https://one'] }, 'm/a.yaml')
    const second = block({ mode: 'require', builders: ['https://two'] }, 'm/b.yaml')
    const off = block({ mode: 'off' }, 'm/c.yaml')
    const ctx = context({ 'a.yaml': first, 'b.yaml': second, 'c.yaml': off, 'd.yaml': undefined }, [
      ['a.yaml', 3, D1],
      ['b.yaml', 3, D1],
      ['c.yaml', 3, D2],
      ['d.yaml', 3, D2]
    ])
    expect(provenanceSubjects(ctx, 'warn').map((s) => [s.digest, s.policy?.builders])).toEqual([
      [D1, ['https://one']],
      [D2, undefined]
    ])
    expect(provenanceSubjects(ctx, 'off').map((s) => s.digest)).toEqual([D1])
  })
})
