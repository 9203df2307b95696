// cosign's on-registry names, exactly as cosign writes them (pkg/oci/static, pkg/oci/remote).
import { digestHex } from '../../oci/digest.js'

export const COSIGN_MEDIA_TYPE = {
  simpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
  dsseEnvelope: 'application/vnd.dsse.envelope.v1+json',
  sigstoreBundleV03: 'application/vnd.dev.sigstore.bundle.v0.3+json'
} as const

export const COSIGN_ANNOTATION = {
  signature: 'dev.cosignproject.cosign/signature',
  certificate: 'dev.sigstore.cosign/certificate',
  chain: 'dev.sigstore.cosign/chain',
  bundle: 'dev.sigstore.cosign/bundle',
  rfc3161Timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
  predicateType: 'predicateType'
} as const

export const BUNDLE_ANNOTATION = {
  content: 'dev.sigstore.bundle.content',
  predicateType: 'dev.sigstore.bundle.predicateType',
  created: 'org.opencontainers.image.created'
} as const

/** The simple-signing `critical.type` cosign writes and checks. */
export const SIMPLE_SIGNING_TYPE = 'cosign container image signature'
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'
/** The statement cosign v3 signs for a bundle-format image signature. */
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1'

/** `sha256-<hex>.sig`: where cosign keeps legacy signatures of `digest`. */
export function signatureTag(digest: string): string {
  return `sha256-${digestHex(digest)}.sig`
}

/** `sha256-<hex>.att`: where cosign keeps legacy attestations of `digest`. */
export function attestationTag(digest: string): string {
  return `sha256-${digestHex(digest)}.att`
}
