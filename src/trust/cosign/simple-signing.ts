// cosign's simple-signing payload (sigstore/sigstore payload.SimpleContainerImage): built with
// Go's field order, and parsed to check the claims cosign itself does not check by default.
import { TrustError } from '../errors.js'
import { SIMPLE_SIGNING_TYPE } from './constants.js'

export interface SimpleSigningClaims {
  dockerReference: string
  digest: string
  optional: Record<string, string> | null
}

/** The payload bytes cosign would sign; key order matters for byte-identical output. */
export function buildSimpleSigningPayload(claims: SimpleSigningClaims): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': claims.dockerReference },
        image: { 'docker-manifest-digest': claims.digest },
        type: SIMPLE_SIGNING_TYPE
      },
      optional: claims.optional
    })
  )
}

/** Parse a payload and require that it is a cosign image signature naming `expectedDigest`. */
export function checkSimpleSigningPayload(
  payload: Buffer,
  expectedDigest: string
): SimpleSigningClaims {
  let parsed: {
    critical?: {
      identity?: { 'docker-reference'?: string }
      image?: { 'docker-manifest-digest'?: string }
      type?: string
    }
    optional?: Record<string, string> | null
  }
  try {
    parsed = JSON.parse(payload.toString('utf8'))
  } catch (cause) {
    throw new TrustError('MALFORMED_ARTIFACT', 'signature payload is not JSON', { cause })
  }
  if (parsed.critical?.type !== SIMPLE_SIGNING_TYPE) {
    throw new TrustError(
      'CLAIM_MISMATCH',
      `signature payload type is "${parsed.critical?.type}", expected "${SIMPLE_SIGNING_TYPE}"`
    )
  }
  const digest = parsed.critical.image?.['docker-manifest-digest'] ?? ''
  if (digest !== expectedDigest) {
    throw new TrustError(
      'CLAIM_MISMATCH',
      `signature payload names digest ${digest}, expected ${expectedDigest}`,
      {
        hint: "this signature was made for another image (copied under this image's .sig tag)"
      }
    )
  }
  return {
    dockerReference: parsed.critical.identity?.['docker-reference'] ?? '',
    digest,
    optional: parsed.optional ?? null
  }
}
