// Promotion attestations: an in-toto statement with kpromo v4.6's predicate (docs/promotion-
// predicate.md: subject and dstRef without digest, source, destination, manifest, promoter, job;
// tags omitted when tagless), signed as a DSSE bundle, attached as a referrer with the predicate
// annotation; verifiable; written once per digest.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { BUNDLE_ANNOTATION } from '../../src/trust/cosign/constants.js'
import { listBundleReferrers, readReferrerBundle } from '../../src/trust/oci/bundle-referrers.js'
import { readManifest, parseManifestJson } from '../../src/trust/oci/store-io.js'
import { attestPromoted } from '../../src/trust/phases/attest.js'
import type { ProvenanceVerdict } from '../../src/trust/phases/provenance.js'
import { PROMOTION_PREDICATE_TYPE } from '../../src/trust/statement.js'
import { SLSA_VSA_V1 } from '../../src/trust/summary.js'
import { judgeBundle } from '../../src/trust/verify/attestation.js'
import { createBundleVerifier } from '../../src/trust/verify/bundle-verifier.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

let env: TrustEnv
let digest: string
const NOW = new Date('2026-11-25T05:00:00.123Z')

beforeAll(async () => {
  env = await startTrustEnv()
  digest = await env.pushTestImage('k8s-artifacts-prod/images/kube/app', 'attest-app', ['v1.0'])
})
afterAll(() => env.stop())

const inputs = () => ({
  images: [env.promoted(['k8s-artifacts-prod/images/kube/app'], digest, ['v1.0'])].map((i) => ({
    ...i,
    manifestFile: 'images/kube/images.yaml'
  })),
  resolveStore: env.resolveStore,
  signer: env.keylessSigner(),
  trustRoot: env.trustRoot(),
  builderId: 'https://k8s.io/promo-tools@v4.6.0',
  identityRewrites: [{ from: 'k8s-artifacts-prod/images', to: 'registry.k8s.io' }],
  now: NOW,
  gitCommit: '0123456789abcdef0123456789abcdef01234567',
  manifestUri: 'git+https://github.com/kubernetes/k8s.io',
  manifestRoot: '/checkout/registry.k8s.io',
  repositoryRoot: '/checkout',
  promoter: { version: 'v1.2.0' },
  job: { name: 'promote', type: 'push', buildId: '42/1' }
})

describe('attestPromoted', () => {
  it('attaches a verifiable promotion statement as a referrer', async () => {
    const [verdict] = await attestPromoted(inputs())
    expect(verdict!.status).toBe('attested')
    expect(verdict!.identity).toBe('registry.k8s.io/kube/app')
    const at = env.resolveStore(`${env.registry.host}/k8s-artifacts-prod/images/kube/app`)
    const [referrer] = await listBundleReferrers(at, digest)
    expect(referrer!.predicateType).toBe(PROMOTION_PREDICATE_TYPE)
    const manifest = parseManifestJson((await readManifest(at.store, at.repo, referrer!.digest))!)
    expect(manifest.artifactType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json')
    expect(manifest.config.mediaType).toBe('application/vnd.oci.empty.v1+json')
    expect(manifest.subject?.digest).toBe(digest)
    expect(manifest.annotations).toEqual({
      [BUNDLE_ANNOTATION.created]: '2026-11-25T05:00:00Z',
      [BUNDLE_ANNOTATION.content]: 'dsse-envelope',
      [BUNDLE_ANNOTATION.predicateType]: PROMOTION_PREDICATE_TYPE
    })
    const bundle = await readReferrerBundle(at, referrer!)
    const verifier = createBundleVerifier({ trustedRoot: await env.trustRoot().get() })
    const judged = judgeBundle(
      { verifier, policy: { identity: SIGNER_ID, issuer: SIGNER_ISSUER }, digest },
      bundle,
      referrer!.digest,
      [PROMOTION_PREDICATE_TYPE]
    )
    expect(judged.status).toBe('verified')
    const statement = JSON.parse(
      Buffer.from(JSON.parse(bundle.toString()).dsseEnvelope.payload, 'base64').toString()
    )
    const sha256 = digest.slice(7)
    expect(statement.subject).toEqual([{ name: 'registry.k8s.io/kube/app', digest: { sha256 } }])
    expect(statement.predicate).toEqual({
      srcRef: `staging.example/k8s-artifacts-prod/images/kube/app@${digest}`,
      dstRef: 'registry.k8s.io/kube/app',
      digest,
      timestamp: '2026-11-25T05:00:00Z',
      builderId: 'https://k8s.io/promo-tools@v4.6.0',
      tags: ['v1.0'],
      source: { name: 'staging.example/k8s-artifacts-prod/images/kube/app', digest: { sha256 } },
      destination: { name: 'registry.k8s.io/kube/app', digest: { sha256 } },
      manifest: {
        name: 'registry.k8s.io/images/kube/images.yaml',
        uri: 'git+https://github.com/kubernetes/k8s.io',
        digest: { gitCommit: '0123456789abcdef0123456789abcdef01234567' }
      },
      promoter: { version: 'v1.2.0' },
      job: { name: 'promote', type: 'push', buildId: '42/1' }
    })
  })

  it('attests nothing on a second run, and never twice when edges race', async () => {
    const { fulcio, rekor } = env.mocks.stats
    const twice = inputs()
    twice.images = [twice.images[0]!, { ...twice.images[0]!, tags: ['latest'] }]
    const verdicts = await attestPromoted(twice)
    expect(verdicts.map((v) => v.status)).toEqual(['already-attested'])
    // One certificate, for the identity to compare with; nothing signed, nothing logged.
    expect(env.mocks.stats.fulcio).toBe(fulcio + 1)
    expect(env.mocks.stats.rekor).toBe(rekor)
    const at = env.resolveStore(`${env.registry.host}/k8s-artifacts-prod/images/kube/app`)
    expect(await listBundleReferrers(at, digest)).toHaveLength(1)
  })

  it('attests a tagless promotion (no tags field), and outside a repository names the file only', async () => {
    const tagless = await env.pushTestImage('k8s-artifacts-prod/images/kube/app', 'attest-tagless')
    const run = { ...inputs(), repositoryRoot: undefined, job: undefined, promoter: undefined }
    run.images = [{ ...run.images[0]!, digest: tagless, tags: [] }]
    const [verdict] = await attestPromoted(run)
    expect(verdict!.status).toBe('attested')
    const at = env.resolveStore(`${env.registry.host}/k8s-artifacts-prod/images/kube/app`)
    const [referrer] = await listBundleReferrers(at, tagless)
    const bundle = await readReferrerBundle(at, referrer!)
    const { predicate } = JSON.parse(
      Buffer.from(JSON.parse(bundle.toString()).dsseEnvelope.payload, 'base64').toString()
    )
    expect(Object.keys(predicate)).toEqual([
      'srcRef',
      'dstRef',
      'digest',
      'timestamp',
      'builderId',
      'source',
      'destination',
      'manifest'
    ])
    expect(predicate.manifest).toEqual({ name: 'images/kube/images.yaml' })
  })
})

describe('verification summaries (kpromo v4.6 --verification-summaries)', () => {
  const POLICY = { policy: { mode: 'warn' as const }, image: 'kube/app' }
  const verdict = (digest: string, over: Partial<ProvenanceVerdict>): ProvenanceVerdict => ({
    repository: 'staging.example/k8s-artifacts-prod/images/kube/app',
    digest,
    positions: [],
    policies: [POLICY],
    status: 'verified',
    blocking: false,
    message: '',
    warnings: [],
    slsaLevel: 3,
    candidates: [
      { source: 'referrer', where: `sha256:${'b'.repeat(64)}`, status: 'verified' },
      { source: 'att-tag', where: '0', status: 'foreign' }
    ],
    ...over
  })

  async function summaryOf(digest: string) {
    const at = env.resolveStore(`${env.registry.host}/k8s-artifacts-prod/images/kube/app`)
    const found = (await listBundleReferrers(at, digest)).filter(
      (r) => r.predicateType === SLSA_VSA_V1
    )
    const bundle = await readReferrerBundle(at, found[0]!)
    const verifier = createBundleVerifier({ trustedRoot: await env.trustRoot().get() })
    const judged = judgeBundle(
      { verifier, policy: { identity: SIGNER_ID, issuer: SIGNER_ISSUER }, digest },
      bundle,
      found[0]!.digest,
      [SLSA_VSA_V1]
    )
    const statement = JSON.parse(
      Buffer.from(JSON.parse(bundle.toString()).dsseEnvelope.payload, 'base64').toString()
    )
    return { count: found.length, judged, statement }
  }

  it('records what the provenance phase decided, signed like the promotion record, once', async () => {
    const digest = await env.pushTestImage('k8s-artifacts-prod/images/kube/app', 'vsa-passed', [
      'v2'
    ])
    const run = { ...inputs(), summaries: [verdict(digest, {})] }
    run.images = [{ ...run.images[0]!, digest, tags: ['v2'] }]
    const [first] = await attestPromoted(run)
    expect(first).toMatchObject({ status: 'attested', summary: 'written' })
    const { count, judged, statement } = await summaryOf(digest)
    expect(count).toBe(1)
    expect(judged.status).toBe('verified')
    expect(statement.subject).toEqual([
      { name: 'registry.k8s.io/kube/app', digest: { sha256: digest.slice(7) } }
    ])
    expect(statement.predicate).toEqual({
      verifier: {
        id: 'https://github.com/image-promoter/image-promoter/verifier/v1',
        version: { 'image-promoter': 'v1.2.0' }
      },
      timeVerified: '2026-11-25T05:00:00Z',
      resourceUri: `registry.k8s.io/kube/app@${digest}`,
      policy: {
        uri: 'git+https://github.com/kubernetes/k8s.io#registry.k8s.io/images/kube/images.yaml',
        digest: { gitCommit: '0123456789abcdef0123456789abcdef01234567' }
      },
      inputAttestations: [
        {
          uri: `staging.example/k8s-artifacts-prod/images/kube/app@sha256:${'b'.repeat(64)}`,
          digest: { sha256: 'b'.repeat(64) }
        }
      ],
      verificationResult: 'PASSED',
      verifiedLevels: ['SLSA_BUILD_LEVEL_3', 'K8S_PROMOTION_MANIFEST_REVIEWED'],
      slsaVersion: '1.0'
    })
    const [again] = await attestPromoted(run)
    expect(again).toMatchObject({ status: 'already-attested', summary: 'already-written' })
    expect((await summaryOf(digest)).count).toBe(1)
  })

  it('FAILED for a policy unsatisfied in warn mode; UNEVALUATED without a policy; none outside a repository', async () => {
    const failed = await env.pushTestImage('k8s-artifacts-prod/images/kube/app', 'vsa-failed')
    const run = {
      ...inputs(),
      summaries: [verdict(failed, { status: 'missing', slsaLevel: undefined, candidates: [] })]
    }
    run.images = [{ ...run.images[0]!, digest: failed, tags: [] }]
    await attestPromoted(run)
    expect((await summaryOf(failed)).statement.predicate).toMatchObject({
      verificationResult: 'FAILED',
      verifiedLevels: ['FAILED'],
      inputAttestations: []
    })
    const open = await env.pushTestImage('k8s-artifacts-prod/images/kube/app', 'vsa-open')
    const openRun = {
      ...inputs(),
      summaries: [verdict(open, { policies: undefined, status: 'missing', candidates: [] })]
    }
    openRun.images = [{ ...openRun.images[0]!, digest: open, tags: [] }]
    await attestPromoted(openRun)
    expect((await summaryOf(open)).statement.predicate).toMatchObject({
      verificationResult: 'PASSED',
      verifiedLevels: ['SLSA_BUILD_LEVEL_UNEVALUATED', 'K8S_PROMOTION_MANIFEST_REVIEWED']
    })
    const local = await env.pushTestImage('k8s-artifacts-prod/images/kube/app', 'vsa-local')
    const localRun = { ...inputs(), repositoryRoot: undefined, summaries: [verdict(local, {})] }
    localRun.images = [{ ...localRun.images[0]!, digest: local, tags: [] }]
    expect((await attestPromoted(localRun))[0]).toMatchObject({ summary: 'skipped' })
  })
})
