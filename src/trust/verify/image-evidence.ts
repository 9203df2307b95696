// Collect and judge everything attached to one image: legacy `.sig`/`.att` tags and bundle
// referrers. The verification context is created lazily, so an image with nothing attached never
// needs the trusted root.
import type { StoreRepo } from '../../oci/store.js'
import { attestationTag, COSIGN_SIGN_PREDICATE, signatureTag } from '../cosign/constants.js'
import {
  listBundleReferrers,
  readReferrerBundle,
  type BundleReferrer
} from '../oci/bundle-referrers.js'
import type { TrustError } from '../errors.js'
import { readAttachedLayersEach } from '../oci/attached-image.js'
import {
  judgeAttestationLayer,
  judgeBundle,
  isAttestationLayer,
  type ExpectedPredicates
} from './attestation.js'
import type { VerifyContext } from './context.js'
import { judgeSignatureLayer, isSignatureLayer } from './signature-layer.js'
import { failedVerdict, type CandidateVerdict } from './verdict.js'

export type ContextFor = (digest: string) => Promise<VerifyContext>

/** A layer whose blob could not be read is an invalid candidate of its own (the others count). */
export function unreadableLayer(
  source: CandidateVerdict['source'],
  index: number,
  error: TrustError
): CandidateVerdict {
  return failedVerdict({ source, where: `layer ${index}` }, error)
}

async function judgeReferrers(
  at: StoreRepo,
  referrers: BundleReferrer[],
  ctx: () => Promise<VerifyContext>,
  expected: ExpectedPredicates
): Promise<CandidateVerdict[]> {
  const verdicts: CandidateVerdict[] = []
  for (const referrer of referrers) {
    const base = { source: 'referrer', where: referrer.digest } as const
    if (
      referrer.predicateType &&
      expected.length > 0 &&
      !expected.includes(referrer.predicateType)
    ) {
      verdicts.push({
        ...base,
        status: 'foreign',
        predicateType: referrer.predicateType,
        reason: `predicate type ${referrer.predicateType}, expected ${expected.join(' or ')}`
      })
      continue
    }
    try {
      verdicts.push(
        judgeBundle(await ctx(), await readReferrerBundle(at, referrer), referrer.digest, expected)
      )
    } catch (error) {
      verdicts.push(failedVerdict(base, error))
    }
  }
  return verdicts
}

/** Signatures of `digest`: `.sig` layers, and bundle-format signature referrers when asked. */
export async function judgeSignatures(
  at: StoreRepo,
  digest: string,
  contextFor: ContextFor,
  options: { bundles: boolean }
): Promise<CandidateVerdict[]> {
  const ctx = () => contextFor(digest)
  const layers = (await readAttachedLayersEach(at, signatureTag(digest), isSignatureLayer)) ?? []
  const verdicts: CandidateVerdict[] = []
  if (layers.length > 0) {
    const context = await ctx()
    layers.forEach((l, i) =>
      verdicts.push(
        'blob' in l
          ? judgeSignatureLayer(context, l.descriptor, l.blob, i)
          : unreadableLayer('sig-tag', i, l.error)
      )
    )
  }
  if (options.bundles) {
    const referrers = (await listBundleReferrers(at, digest)).filter(
      (r) => r.predicateType === COSIGN_SIGN_PREDICATE
    )
    verdicts.push(...(await judgeReferrers(at, referrers, ctx, [COSIGN_SIGN_PREDICATE])))
  }
  return verdicts
}

/** Attestations of `digest` (`.att` layers and bundle referrers other than signatures). */
export async function judgeAttestations(
  at: StoreRepo,
  digest: string,
  contextFor: ContextFor,
  expected: ExpectedPredicates
): Promise<CandidateVerdict[]> {
  const ctx = () => contextFor(digest)
  const layers =
    (await readAttachedLayersEach(at, attestationTag(digest), isAttestationLayer)) ?? []
  const verdicts: CandidateVerdict[] = []
  if (layers.length > 0) {
    const context = await ctx()
    layers.forEach((l, i) =>
      verdicts.push(
        'blob' in l
          ? judgeAttestationLayer(context, l.descriptor, l.blob, i, expected)
          : unreadableLayer('att-tag', i, l.error)
      )
    )
  }
  const referrers = (await listBundleReferrers(at, digest)).filter(
    (r) => r.predicateType !== COSIGN_SIGN_PREDICATE
  )
  verdicts.push(...(await judgeReferrers(at, referrers, ctx, expected)))
  return verdicts
}
