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
import { attachProvenance } from './provenance-helpers.js'
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

describe('verification summaries and carried attestations (kpromo v4.6)', () => {
  const POLICY = { policy: { mode: 'warn' as const }, image: 'kube/app' }
  const staging = () => `${env.registry.host}/staging/kube/app`
  const prod = () => `${env.registry.host}/k8s-artifacts-prod/images/kube/app`

  /** An image in staging with signed provenance as a referrer, and its promoted copy. */
  async function staged(seed: string): Promise<{ digest: string; referrer: string }> {
    const digest = await env.pushTestImage('staging/kube/app', seed)
    await env.pushTestImage('k8s-artifacts-prod/images/kube/app', seed)
    await attachProvenance(env.resolveStore(staging()), digest, {
      format: 'referrer',
      signer: env.keylessSigner()
    })
    const [referrer] = await listBundleReferrers(env.resolveStore(staging()), digest)
    return { digest, referrer: referrer!.digest }
  }

  const verdict = (
    digest: string,
    referrer: string | undefined,
    over: Partial<ProvenanceVerdict> = {}
  ): ProvenanceVerdict => ({
    repository: staging(),
    digest,
    positions: [],
    policies: [POLICY],
    status: 'verified',
    blocking: false,
    message: '',
    warnings: [],
    slsaLevel: 3,
    candidates: [
      ...(referrer
        ? [{ source: 'referrer' as const, where: referrer, status: 'verified' as const }]
        : []),
      { source: 'att-tag', where: '0', status: 'foreign' }
    ],
    ...over
  })

  function runFor(digest: string, provenance: ProvenanceVerdict[], over = {}) {
    const run = { ...inputs(), summaries: true, provenance, ...over }
    run.images = [{ ...run.images[0]!, source: staging(), digest, tags: [] }]
    return run
  }

  async function ofType(digest: string, type: string) {
    const at = env.resolveStore(prod())
    const found = (await listBundleReferrers(at, digest)).filter((r) => r.predicateType === type)
    if (found.length === 0) return { count: 0, judged: undefined, statement: undefined }
    const bundle = await readReferrerBundle(at, found[0]!)
    const verifier = createBundleVerifier({ trustedRoot: await env.trustRoot().get() })
    const judged = judgeBundle(
      { verifier, policy: { identity: SIGNER_ID, issuer: SIGNER_ISSUER }, digest },
      bundle,
      found[0]!.digest,
      [type]
    )
    const statement = JSON.parse(
      Buffer.from(JSON.parse(bundle.toString()).dsseEnvelope.payload, 'base64').toString()
    )
    return { count: found.length, judged, statement, digests: found.map((r) => r.digest) }
  }

  it('records what the provenance phase decided, signed like the promotion record, once; carries the accepted provenance', async () => {
    const { digest, referrer } = await staged('vsa-passed')
    const run = runFor(digest, [verdict(digest, referrer)])
    const [first] = await attestPromoted(run)
    expect(first).toMatchObject({ status: 'attested', summary: 'written', carried: [referrer] })
    const summary = await ofType(digest, SLSA_VSA_V1)
    expect(summary.count).toBe(1)
    expect(summary.judged!.status).toBe('verified')
    expect(summary.statement.subject).toEqual([
      { name: 'registry.k8s.io/kube/app', digest: { sha256: digest.slice(7) } }
    ])
    expect(summary.statement.predicate).toEqual({
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
        { uri: `${staging()}@${referrer}`, digest: { sha256: referrer.slice(7) } }
      ],
      verificationResult: 'PASSED',
      verifiedLevels: ['SLSA_BUILD_LEVEL_3', 'K8S_PROMOTION_MANIFEST_REVIEWED'],
      slsaVersion: '1.0'
    })
    // The carried provenance is the same referrer manifest, verifiable as it is.
    const carried = await ofType(digest, 'https://slsa.dev/provenance/v1')
    expect(carried.digests).toEqual([referrer])
    expect(carried.judged!.status).toBe('verified')
    const [again] = await attestPromoted(run)
    expect(again).toMatchObject({ status: 'already-attested', summary: 'already-written' })
    expect(again).not.toHaveProperty('carried')
    expect((await ofType(digest, SLSA_VSA_V1)).count).toBe(1)
  })

  it('FAILED for a policy unsatisfied in warn mode (nothing carried); UNEVALUATED without a policy; none outside a repository', async () => {
    const failed = await staged('vsa-failed')
    const [f] = await attestPromoted(
      runFor(failed.digest, [
        verdict(failed.digest, failed.referrer, { status: 'missing', slsaLevel: undefined })
      ])
    )
    expect(f).not.toHaveProperty('carried')
    expect((await ofType(failed.digest, SLSA_VSA_V1)).statement.predicate).toMatchObject({
      verificationResult: 'FAILED',
      verifiedLevels: ['FAILED']
    })
    const open = await staged('vsa-open')
    const [o] = await attestPromoted(
      runFor(open.digest, [verdict(open.digest, open.referrer, { policies: undefined })])
    )
    expect(o).not.toHaveProperty('carried')
    expect((await ofType(open.digest, SLSA_VSA_V1)).statement.predicate).toMatchObject({
      verificationResult: 'PASSED',
      verifiedLevels: ['SLSA_BUILD_LEVEL_UNEVALUATED', 'K8S_PROMOTION_MANIFEST_REVIEWED'],
      inputAttestations: []
    })
    const local = await staged('vsa-local')
    const [l] = await attestPromoted(
      runFor(local.digest, [verdict(local.digest, undefined)], { repositoryRoot: undefined })
    )
    expect(l).toMatchObject({ summary: 'skipped' })
  })
})
