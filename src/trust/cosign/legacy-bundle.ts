// A cosign legacy `.sig` / `.att` layer -> a sigstore v0.1 bundle, so one verification core checks
// both formats. v0.1 because cosign keeps only the Rekor SET (no inclusion proof).
import { createHash, X509Certificate } from 'node:crypto'
import type { Descriptor } from '../../oci/store.js'
import { TrustError } from '../errors.js'
import { COSIGN_ANNOTATION, COSIGN_MEDIA_TYPE } from './constants.js'

/** How a layer is signed: keyless (certificate + log proof) or with a plain key (signature only). */
export type LegacySignature =
  { kind: 'keyless'; bundle: Record<string, unknown> } | { kind: 'keyed'; signature: Buffer }

interface RekorBundleAnnotation {
  SignedEntryTimestamp: string
  Payload: { body: string; integratedTime: number; logIndex: number; logID: string }
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g

export function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
}

function isSelfSignedRoot(der: Buffer): boolean {
  const cert = new X509Certificate(der)
  return cert.ca && cert.issuer === cert.subject && cert.verify(cert.publicKey)
}

/** Leaf, then the chain annotation without its root: roots come from the trusted root only. */
function certificateChain(annotations: Record<string, string>): { rawBytes: string }[] {
  const leaf = pemToDer(annotations[COSIGN_ANNOTATION.certificate]!)
  const chain = (annotations[COSIGN_ANNOTATION.chain] ?? '').match(PEM_BLOCK) ?? []
  const intermediates = chain.map(pemToDer).filter((der) => !isSelfSignedRoot(der))
  return [leaf, ...intermediates].map((der) => ({ rawBytes: der.toString('base64') }))
}

function tlogEntry(annotation: string): Record<string, unknown> {
  const rekor = JSON.parse(annotation) as RekorBundleAnnotation
  const body = JSON.parse(Buffer.from(rekor.Payload.body, 'base64').toString('utf8')) as {
    kind: string
    apiVersion: string
  }
  return {
    logIndex: String(rekor.Payload.logIndex),
    logId: { keyId: Buffer.from(rekor.Payload.logID, 'hex').toString('base64') },
    kindVersion: { kind: body.kind, version: body.apiVersion },
    integratedTime: String(rekor.Payload.integratedTime),
    inclusionPromise: { signedEntryTimestamp: rekor.SignedEntryTimestamp },
    canonicalizedBody: rekor.Payload.body
  }
}

function timestamps(annotations: Record<string, string>): { signedTimestamp: string }[] {
  const value = annotations[COSIGN_ANNOTATION.rfc3161Timestamp]
  if (!value) return []
  return [
    {
      signedTimestamp: (JSON.parse(value) as { SignedRFC3161Timestamp: string })
        .SignedRFC3161Timestamp
    }
  ]
}

function content(layer: Descriptor, blob: Buffer): Record<string, unknown> {
  if (layer.mediaType === COSIGN_MEDIA_TYPE.dsseEnvelope) {
    return { dsseEnvelope: JSON.parse(blob.toString('utf8')) }
  }
  return {
    messageSignature: {
      messageDigest: {
        algorithm: 'SHA2_256',
        digest: createHash('sha256').update(blob).digest('base64')
      },
      signature: layer.annotations?.[COSIGN_ANNOTATION.signature] ?? ''
    }
  }
}

/** Convert one layer (descriptor with annotations, verified blob bytes). */
export function legacyLayerSignature(layer: Descriptor, blob: Buffer): LegacySignature {
  const annotations = layer.annotations ?? {}
  try {
    if (!annotations[COSIGN_ANNOTATION.certificate]) {
      return {
        kind: 'keyed',
        signature: Buffer.from(annotations[COSIGN_ANNOTATION.signature] ?? '', 'base64')
      }
    }
    const rekor = annotations[COSIGN_ANNOTATION.bundle]
    return {
      kind: 'keyless',
      bundle: {
        mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
        verificationMaterial: {
          x509CertificateChain: { certificates: certificateChain(annotations) },
          tlogEntries: rekor ? [tlogEntry(rekor)] : [],
          timestampVerificationData: { rfc3161Timestamps: timestamps(annotations) }
        },
        ...content(layer, blob)
      }
    }
  } catch (cause) {
    throw new TrustError(
      'MALFORMED_ARTIFACT',
      `cosign layer ${layer.digest} has malformed annotations`,
      { cause }
    )
  }
}
