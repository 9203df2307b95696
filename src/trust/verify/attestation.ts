// Judging DSSE attestations: cosign `.att` layers and sigstore bundles found as referrers
// (attestations, and cosign v3 bundle signatures whose statement has the cosign sign predicate).
import type { Descriptor } from '../../oci/store.js'
import { COSIGN_ANNOTATION, COSIGN_MEDIA_TYPE } from '../cosign/constants.js'
import { legacyLayerSignature } from '../cosign/legacy-bundle.js'
import { TrustError } from '../errors.js'
import { checkIdentity, type SignerIdentity } from '../identity.js'
import { checkBlob } from '../oci/store-io.js'
import { slsaBuilderId, slsaSourceRepository } from '../slsa.js'
import { checkSubject, parseStatement } from '../statement.js'
import { verifyWithTrustedKeys, type VerifyContext } from './context.js'
import { failedVerdict, type CandidateVerdict } from './verdict.js'

/** Predicate types that count; empty accepts any. */
export type ExpectedPredicates = readonly string[]

export function isAttestationLayer(layer: Descriptor): boolean {
  return layer.mediaType === COSIGN_MEDIA_TYPE.dsseEnvelope
}

function envelopePayload(bundle: Record<string, unknown>): Buffer {
  const envelope = bundle.dsseEnvelope as { payload?: string } | undefined
  if (!envelope?.payload)
    throw new TrustError('MALFORMED_ARTIFACT', 'bundle holds no DSSE envelope')
  return Buffer.from(envelope.payload, 'base64')
}

/** A bundle whose verification material is a public key (hint), not a certificate. */
function isKeyedBundle(bundle: Record<string, unknown>): boolean {
  const material = bundle.verificationMaterial as { publicKey?: unknown } | undefined
  return material?.publicKey !== undefined
}

/** DSSE pre-authentication encoding: what a DSSE signature signs. */
function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8')
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload
  ])
}

/** A cosign `attest --key` layer: a DSSE envelope whose signature (over the PAE) is by a trusted key. */
function verifyKeyedEnvelope(
  ctx: VerifyContext,
  blob: Buffer
): { signer: SignerIdentity; payload: Buffer } {
  const envelope = JSON.parse(blob.toString('utf8')) as {
    payloadType?: string
    payload?: string
    signatures?: Array<{ sig?: string }>
  }
  if (!envelope.payloadType || !envelope.payload || !envelope.signatures?.length) {
    throw new TrustError('MALFORMED_ARTIFACT', 'attestation layer is not a signed DSSE envelope')
  }
  const payload = Buffer.from(envelope.payload, 'base64')
  const pae = preAuthEncoding(envelope.payloadType, payload)
  let lastError: unknown
  for (const { sig } of envelope.signatures) {
    try {
      return { signer: verifyWithTrustedKeys(ctx, pae, Buffer.from(sig ?? '', 'base64')), payload }
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}

/** Classify a cryptographically verified statement: identity, predicate type, then subject. */
function judgeStatement(
  ctx: VerifyContext,
  base: Pick<CandidateVerdict, 'source' | 'where'>,
  signer: SignerIdentity,
  payload: Buffer,
  expected: ExpectedPredicates,
  /** Verified by a trusted key (not a certificate): the key is its own trust anchor. */
  keyed: boolean,
  annotatedType?: string
): CandidateVerdict {
  const statement = parseStatement(payload)
  const predicateType = statement.predicateType
  const builderId = slsaBuilderId(statement.predicate)
  const sourceRepository = slsaSourceRepository(statement.predicate)
  const extra = {
    signer,
    predicateType,
    ...(builderId ? { builderId } : {}),
    ...(sourceRepository ? { sourceRepository } : {})
  }
  if (annotatedType !== undefined && annotatedType !== predicateType) {
    return failedVerdict(
      base,
      new TrustError(
        'CLAIM_MISMATCH',
        `layer says predicate type ${annotatedType}, statement says ${predicateType}`
      ),
      extra
    )
  }
  // A trusted key is its own trust anchor (as for key-signed `.sig` layers): the certificate
  // identity policy applies to keyless signers only (whatever their SAN looks like).
  try {
    if (!keyed) checkIdentity(ctx.policy, signer)
  } catch (error) {
    return failedVerdict(base, error, extra)
  }
  if (expected.length > 0 && !expected.includes(predicateType)) {
    return {
      ...base,
      ...extra,
      status: 'foreign',
      reason: `predicate type ${predicateType}, expected ${expected.join(' or ')}`
    }
  }
  try {
    checkSubject(statement, ctx.digest)
  } catch (error) {
    return failedVerdict(base, error, extra)
  }
  return { ...base, ...extra, status: 'verified' }
}

export function judgeAttestationLayer(
  ctx: VerifyContext,
  layer: Descriptor,
  blob: Buffer,
  index: number,
  expected: ExpectedPredicates
): CandidateVerdict {
  const base = { source: 'att-tag', where: `layer ${index}` } as const
  try {
    checkBlob(layer, blob)
    const signature = legacyLayerSignature(layer, blob)
    if (signature.kind === 'keyed') {
      if (!ctx.trustedKeys?.length) {
        return {
          ...base,
          status: 'skipped',
          reason: 'signed with a plain key, not verifiable under a keyless policy'
        }
      }
      const { signer, payload } = verifyKeyedEnvelope(ctx, blob)
      return judgeStatement(
        ctx,
        base,
        signer,
        payload,
        expected,
        true,
        layer.annotations?.[COSIGN_ANNOTATION.predicateType]
      )
    }
    const signer = ctx.verifier.verify({ bundle: signature.bundle, storedEnvelope: blob })
    const payload = envelopePayload(signature.bundle)
    return judgeStatement(
      ctx,
      base,
      signer,
      payload,
      expected,
      false,
      layer.annotations?.[COSIGN_ANNOTATION.predicateType]
    )
  } catch (error) {
    return failedVerdict(base, error)
  }
}

/** A sigstore bundle attached as a referrer (`where` = the referrer manifest digest). */
export function judgeBundle(
  ctx: VerifyContext,
  bundleJson: Buffer,
  where: string,
  expected: ExpectedPredicates
): CandidateVerdict {
  const base = { source: 'referrer', where } as const
  try {
    const bundle = JSON.parse(bundleJson.toString('utf8')) as Record<string, unknown>
    if (!bundle.dsseEnvelope) {
      return {
        ...base,
        status: 'skipped',
        reason: 'message-signature bundle: no image claims to check'
      }
    }
    const signer = ctx.verifier.verify({ bundle })
    return judgeStatement(ctx, base, signer, envelopePayload(bundle), expected, isKeyedBundle(bundle))
  } catch (error) {
    if (error instanceof SyntaxError) {
      return failedVerdict(
        base,
        new TrustError('MALFORMED_ARTIFACT', 'referrer bundle is not JSON')
      )
    }
    return failedVerdict(base, error)
  }
}
