// The verification core: a sigstore bundle (JSON) -> who signed it, after every cryptographic
// check sigstore-js makes (chain to the trusted CA at the logged time, SCT, tlog inclusion and body,
// timestamps, signature). Identity policy and claims are checked by callers (identity.ts, claims).
import { bundleFromJSON, type Bundle } from '@sigstore/bundle'
import { X509Certificate } from '@sigstore/core'
import type { PublicKey, TrustedRoot } from '@sigstore/protobuf-specs'
import {
  toSignedEntity,
  toTrustMaterial,
  Verifier,
  type SignedEntity,
  type TrustMaterial
} from '@sigstore/verify'
import { TrustError } from '../errors.js'
import type { SignerIdentity } from '../identity.js'
import { verifyIntotoV001Entry, isIntotoV001 } from './intoto-v001.js'

export interface BundleVerifyInput {
  /** Bundle JSON (protobuf JSON form). */
  bundle: unknown
  /** The signed bytes, for message-signature bundles. */
  artifact?: Buffer
  /** The DSSE envelope bytes as stored (cosign `.att` layers logged as Rekor intoto v0.0.1). */
  storedEnvelope?: Buffer
}

export interface BundleVerifier {
  /** Verify a bundle cryptographically; throws TrustError (SIGNATURE_INVALID / MALFORMED_ARTIFACT). */
  verify(input: BundleVerifyInput): SignerIdentity
}

export interface BundleVerifierOptions {
  trustedRoot: TrustedRoot
  /** Trusted public keys by hint, for keyed (`publicKey`) bundles. */
  keys?: Record<string, PublicKey>
}

export function createBundleVerifier(options: BundleVerifierOptions): BundleVerifier {
  const material = toTrustMaterial(options.trustedRoot, options.keys ?? {})
  const keyless = new Verifier(material)
  // Keyed signatures need no Fulcio, log or timestamp (air-gapped setups); what is present is checked.
  const keyed = new Verifier(material, {
    tlogThreshold: 0,
    ctlogThreshold: 0,
    timestampThreshold: 0
  })
  // cosign attestations logged as intoto v0.0.1: the entry is checked by us, the rest by sigstore-js.
  const withoutTlog = new Verifier(material, { tlogThreshold: 0 })
  return {
    verify(input) {
      const bundle = parseBundle(input.bundle)
      rejectRootInChain(bundle)
      return guard(() => verifyEntity(bundle, input, material, { keyless, keyed, withoutTlog }))
    }
  }
}

function verifyEntity(
  bundle: Bundle,
  input: BundleVerifyInput,
  material: TrustMaterial,
  verifiers: { keyless: Verifier; keyed: Verifier; withoutTlog: Verifier }
): SignerIdentity {
  let entity: SignedEntity = toSignedEntity(bundle, input.artifact)
  let verifier = entity.key.$case === 'public-key' ? verifiers.keyed : verifiers.keyless
  const v001 = entity.tlogEntries.filter(isIntotoV001)
  if (v001.length > 0) {
    if (!input.storedEnvelope || v001.length !== entity.tlogEntries.length) {
      throw new TrustError(
        'SIGNATURE_INVALID',
        'intoto v0.0.1 log entry without its stored envelope',
        {
          detail: 'TLOG_BODY_ERROR'
        }
      )
    }
    for (const entry of v001) verifyIntotoV001Entry(entry, bundle, input.storedEnvelope, material)
    entity = { ...entity, tlogEntries: [] }
    verifier = verifiers.withoutTlog
  }
  const signer = verifier.verify(entity)
  if (entity.key.$case === 'public-key') return { subject: `key:${entity.key.hint}` }
  return {
    subject: signer.identity?.subjectAlternativeName ?? '',
    issuer: signer.identity?.extensions?.issuer
  }
}

function parseBundle(json: unknown): Bundle {
  try {
    return bundleFromJSON(json)
  } catch (cause) {
    throw new TrustError(
      'MALFORMED_ARTIFACT',
      `not a valid sigstore bundle: ${(cause as Error).message}`,
      {
        hint: 'the artifact is not a sigstore bundle this verifier understands',
        cause
      }
    )
  }
}

/** The sigstore conformance rule: a bundle's chain must not carry a self-signed root. */
function rejectRootInChain(bundle: Bundle): void {
  const content = bundle.verificationMaterial.content
  if (content.$case !== 'x509CertificateChain') return
  const certs = content.x509CertificateChain.certificates
  if (certs.length === 0) {
    throw new TrustError('SIGNATURE_INVALID', 'bundle has an empty certificate chain', {
      detail: 'CERTIFICATE_ERROR'
    })
  }
  for (const { rawBytes } of certs) {
    const cert = X509Certificate.parse(Buffer.from(rawBytes))
    if (cert.isCA && cert.issuer.equals(cert.subject) && cert.verify()) {
      throw new TrustError(
        'SIGNATURE_INVALID',
        'bundle certificate chain includes a root certificate',
        {
          hint: 'roots come from the trusted root, never from the bundle',
          detail: 'CERTIFICATE_ERROR'
        }
      )
    }
  }
}

/** Convert whatever sigstore-js throws (including its TypeErrors on malformed input) to TrustError. */
function guard<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof TrustError) throw error
    const code = (error as { code?: unknown }).code
    const detail = typeof code === 'string' ? code : 'MALFORMED'
    throw new TrustError(
      'SIGNATURE_INVALID',
      `signature does not verify: ${(error as Error).message} (${detail})`,
      {
        hint: 'the signature, its certificate or its log entry is wrong or not from the trusted sigstore instance',
        detail,
        cause: error
      }
    )
  }
}
