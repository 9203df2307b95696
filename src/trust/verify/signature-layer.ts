// Judging one cosign legacy `.sig` layer: the payload must be a cosign image signature naming the
// digest (a check cosign skips), the signature must verify, and the signer must be trusted.
import type { Descriptor } from '../../oci/store.js'
import { COSIGN_MEDIA_TYPE } from '../cosign/constants.js'
import { legacyLayerSignature } from '../cosign/legacy-bundle.js'
import { checkSimpleSigningPayload } from '../cosign/simple-signing.js'
import { checkIdentity } from '../identity.js'
import { checkBlob } from '../oci/store-io.js'
import { verifyWithTrustedKeys, type VerifyContext } from './context.js'
import { failedVerdict, type CandidateVerdict } from './verdict.js'

export function isSignatureLayer(layer: Descriptor): boolean {
  return layer.mediaType === COSIGN_MEDIA_TYPE.simpleSigning
}

/** `blob` is the layer's content as read (checked against the descriptor here). */
export function judgeSignatureLayer(
  ctx: VerifyContext,
  layer: Descriptor,
  blob: Buffer,
  index: number
): CandidateVerdict {
  const base = { source: 'sig-tag', where: `layer ${index}` } as const
  try {
    checkBlob(layer, blob)
    checkSimpleSigningPayload(blob, ctx.digest)
    const signature = legacyLayerSignature(layer, blob)
    if (signature.kind === 'keyed') {
      if (!ctx.trustedKeys?.length) {
        return {
          ...base,
          status: 'skipped',
          reason: 'signed with a plain key, not verifiable under a keyless policy'
        }
      }
      return {
        ...base,
        status: 'verified',
        signer: verifyWithTrustedKeys(ctx, blob, signature.signature)
      }
    }
    const signer = ctx.verifier.verify({ bundle: signature.bundle, artifact: blob })
    try {
      checkIdentity(ctx.policy, signer)
    } catch (error) {
      return failedVerdict(base, error, { signer })
    }
    return { ...base, status: 'verified', signer }
  } catch (error) {
    return failedVerdict(base, error)
  }
}
