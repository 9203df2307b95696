// Verified scan statements attached to one image: cosign `.att` layers and bundle referrers,
// judged by the trust layer (signature, trusted identity, subject digest, predicate type). The
// statement is read from the very bytes that were verified, so nothing unverified is parsed.
import type { StoreRepo } from '../oci/store.js'
import { attestationTag, COSIGN_SIGN_PREDICATE } from '../trust/cosign/constants.js'
import { readAttachedLayersEach } from '../trust/oci/attached-image.js'
import { listBundleReferrers, readReferrerBundle } from '../trust/oci/bundle-referrers.js'
import { parseStatement, type Statement } from '../trust/statement.js'
import {
  isAttestationLayer,
  judgeAttestationLayer,
  judgeBundle
} from '../trust/verify/attestation.js'
import { unreadableLayer, type ContextFor } from '../trust/verify/image-evidence.js'
import { failedVerdict, type CandidateVerdict } from '../trust/verify/verdict.js'

/** A judged attestation; `statement` only when it verified. */
export interface ScanCandidate {
  verdict: CandidateVerdict
  statement?: Statement
}

function dssePayload(bundle: unknown): Buffer {
  const envelope = (bundle as { dsseEnvelope?: { payload?: string } }).dsseEnvelope
  return Buffer.from(envelope?.payload ?? '', 'base64')
}

async function fromAttTag(
  at: StoreRepo,
  digest: string,
  contextFor: ContextFor,
  expected: readonly string[]
): Promise<ScanCandidate[]> {
  const layers =
    (await readAttachedLayersEach(at, attestationTag(digest), isAttestationLayer)) ?? []
  if (layers.length === 0) return []
  const ctx = await contextFor(digest)
  return layers.map((read, i) => {
    // An unreadable layer fails only itself.
    if (!('blob' in read)) return { verdict: unreadableLayer('att-tag', i, read.error) }
    const { descriptor, blob } = read
    const verdict = judgeAttestationLayer(ctx, descriptor, blob, i, expected)
    if (verdict.status !== 'verified') return { verdict }
    // The layer blob is the DSSE envelope itself, whoever signed it.
    return {
      verdict,
      statement: parseStatement(dssePayload({ dsseEnvelope: JSON.parse(blob.toString('utf8')) }))
    }
  })
}

async function fromReferrers(
  at: StoreRepo,
  digest: string,
  contextFor: ContextFor,
  expected: readonly string[]
): Promise<ScanCandidate[]> {
  const referrers = (await listBundleReferrers(at, digest)).filter(
    (r) => r.predicateType !== COSIGN_SIGN_PREDICATE
  )
  const found: ScanCandidate[] = []
  for (const referrer of referrers) {
    const base = { source: 'referrer', where: referrer.digest } as const
    // Known not to be a scan from its annotation: reported without fetching the bundle.
    if (referrer.predicateType && !expected.includes(referrer.predicateType)) {
      const reason = `predicate type ${referrer.predicateType} is not a scan`
      found.push({
        verdict: { ...base, status: 'foreign', predicateType: referrer.predicateType, reason }
      })
      continue
    }
    // Outside the try: an unavailable trusted root fails the run, it is not a bad scan.
    const ctx = await contextFor(digest)
    try {
      const bytes = await readReferrerBundle(at, referrer)
      const verdict = judgeBundle(ctx, bytes, referrer.digest, expected)
      found.push(
        verdict.status === 'verified'
          ? { verdict, statement: parseStatement(dssePayload(JSON.parse(bytes.toString('utf8')))) }
          : { verdict }
      )
    } catch (error) {
      found.push({ verdict: failedVerdict(base, error) })
    }
  }
  return found
}

/** Every attestation on `digest` judged against the scan predicate types `expected`. */
export async function collectScanCandidates(
  at: StoreRepo,
  digest: string,
  contextFor: ContextFor,
  expected: readonly string[]
): Promise<ScanCandidate[]> {
  return [
    ...(await fromAttTag(at, digest, contextFor, expected)),
    ...(await fromReferrers(at, digest, contextFor, expected))
  ]
}
