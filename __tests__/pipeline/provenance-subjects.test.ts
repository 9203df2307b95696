// Which provenance policies each source digest gets (kpromo's ApplicableProvenancePolicies): the
// enabled policy of every source registry that contains its repository (nested ones too), with
// the image name relative to it and the level its `levels:` entries require; the run-wide policy
// when none applies, and nothing when that is off. kpromo's predicateTypes become required types.
import { describe, expect, it } from '@jest/globals'
import type { RunContext } from '../../src/pipeline/context.js'
import type { ManifestProvenance } from '../../src/manifest/model.js'
import { provenanceSubjects } from '../../src/pipeline/trust-subjects.js'

const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`
const AT = { file: 'm.yaml', line: 4, column: 1 }
const BASE = {
  signers: [{ spec: 'sigstore::i::me', identity: 'me', issuer: 'i' }],
  builderRules: [{ id: 'https://builder', level: 3 }],
  sources: ['github.com/org/repo']
}

/** Manifests `[source registry, provenance]` and promote edges `[source repository, digest]`. */
function context(
  manifests: [string, ManifestProvenance | undefined][],
  edges: [string, string][]
): RunContext {
  return {
    manifests: {
      manifests: manifests.map(([name, provenance]) => ({
        source: { name },
        ...(provenance ? { provenance } : {})
      }))
    },
    plan: {
      edges: edges.map(([source, digest], i) => ({
        state: 'promote',
        source,
        edge: { digest },
        position: { file: 'images.yaml', line: i + 1, column: 5 }
      }))
    }
  } as unknown as RunContext
}

describe('provenanceSubjects', () => {
  it("applies every containing source registry's enabled policy, with the relative image", () => {
    const parent: ManifestProvenance = {
      mode: 'require',
      ...BASE,
      predicateTypes: ['https://spdx.dev/Document'],
      levels: [{ images: ['sub/*'], level: 3 }],
      position: AT
    }
    const nested: ManifestProvenance = { mode: 'warn', ...BASE, position: AT }
    const ctx = context(
      [
        ['GCR.io/staging/', parent],
        ['gcr.io/staging/sub', nested],
        ['gcr.io/other', undefined]
      ],
      [
        ['gcr.io/staging/sub/app', D1],
        ['gcr.io/other/lib', D2]
      ]
    )
    const [app, lib] = provenanceSubjects(ctx, 'warn')
    expect(app!.policies).toEqual([
      {
        image: 'sub/app',
        requiredLevel: 3,
        policy: {
          mode: 'require',
          ...BASE,
          levels: [{ images: ['sub/*'], level: 3 }],
          predicateTypes: ['https://slsa.dev/provenance/v1', 'https://slsa.dev/provenance/v0.2'],
          requiredPredicateTypes: ['https://spdx.dev/Document']
        }
      },
      {
        image: 'app',
        requiredLevel: 0,
        policy: {
          mode: 'warn',
          ...BASE,
          predicateTypes: ['https://slsa.dev/provenance/v1', 'https://slsa.dev/provenance/v0.2']
        }
      }
    ])
    expect(lib).toEqual({
      repository: 'gcr.io/other/lib',
      digest: D2,
      positions: [{ file: 'images.yaml', line: 2, column: 5 }]
    })
  })

  it('an off policy applies nothing: the run-wide mode decides, and off leaves the digest out', () => {
    const off: ManifestProvenance = { mode: 'off', position: AT }
    const ctx = context([['gcr.io/staging', off]], [['gcr.io/staging/app', D1]])
    expect(provenanceSubjects(ctx, 'warn')).toEqual([
      {
        repository: 'gcr.io/staging/app',
        digest: D1,
        positions: [{ file: 'images.yaml', line: 1, column: 5 }]
      }
    ])
    expect(provenanceSubjects(ctx, 'off')).toEqual([])
  })

  it('a digest listed twice is one subject with both positions', () => {
    const ctx = context(
      [['gcr.io/staging', undefined]],
      [
        ['gcr.io/staging/app', D1],
        ['gcr.io/staging/app', D1]
      ]
    )
    expect(provenanceSubjects(ctx, 'require')[0]!.positions.map((p) => p.line)).toEqual([1, 2])
  })
})
