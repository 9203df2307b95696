// Signing targets: one per (identity, digest), on the signing registry, with kpromo's rewrite.
import { describe, expect, it } from '@jest/globals'
import { rewriteIdentity, signingTargets } from '../../src/trust/phases/targets.js'

const AR = 'k8s-artifacts-prod/images'
const rewrite = [{ from: AR, to: 'registry.k8s.io' }]
const image = (destinations: string[], digest = 'sha256:' + 'a'.repeat(64), tags = ['v1']) => ({
  destinations,
  source: 'staging/x',
  digest,
  tags,
  positions: []
})

describe('rewriteIdentity', () => {
  it.each([
    [
      `us-west2-docker.pkg.dev/${AR}/kubernetes/conformance-arm64`,
      'registry.k8s.io/kubernetes/conformance-arm64'
    ],
    [`asia-east1-docker.pkg.dev/${AR}/pause`, 'registry.k8s.io/pause'],
    ['ghcr.io/org/app', 'ghcr.io/org/app']
  ])('%s -> %s', (from, to) => expect(rewriteIdentity(from, rewrite)).toBe(to))
})

describe('signingTargets', () => {
  it('groups regional mirrors of one digest into one target on the first destination', () => {
    const targets = signingTargets(
      [
        image([`us-central1-docker.pkg.dev/${AR}/app`, `europe-docker.pkg.dev/${AR}/app`]),
        image([`us-central1-docker.pkg.dev/${AR}/app`], undefined, [])
      ],
      { identityRewrites: rewrite }
    )
    expect(targets).toHaveLength(1)
    expect(targets[0]).toMatchObject({
      identity: 'registry.k8s.io/app',
      repository: `us-central1-docker.pkg.dev/${AR}/app`,
      replicas: [`europe-docker.pkg.dev/${AR}/app`]
    })
    expect(targets[0]!.images).toHaveLength(2)
  })

  it('uses the configured signing registry when it is a destination', () => {
    const [target] = signingTargets([image(['a.example/x/app', 'b.example/y/app'])], {
      signingRegistry: 'b.example/y'
    })
    expect(target!.repository).toBe('b.example/y/app')
    expect(target!.replicas).toEqual(['a.example/x/app'])
  })
})
