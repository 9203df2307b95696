// A message-signature bundle -> the cosign legacy `.sig` layer (descriptor + annotations), mapped
// exactly as cosign writes them (pkg/oci/static): signature, certificate, chain, Rekor bundle, TSA.
import { sha256Digest } from '../../oci/digest.js'
import type { Descriptor } from '../../oci/store.js'
import type { BundleJson } from '../signing/sign-payloads.js'
import { COSIGN_ANNOTATION, COSIGN_MEDIA_TYPE } from './constants.js'

function derToPEM(base64Der: string): string {
  const lines = base64Der.match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}

function leafCertificate(bundle: BundleJson): string | undefined {
  const material = bundle.verificationMaterial
  const der =
    material.x509CertificateChain?.certificates[0]?.rawBytes ?? material.certificate?.rawBytes
  return der ? derToPEM(der) : undefined
}

function rekorAnnotation(bundle: BundleJson): string | undefined {
  const entry = bundle.verificationMaterial.tlogEntries?.[0]
  if (!entry?.inclusionPromise) return undefined
  return JSON.stringify({
    SignedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp,
    Payload: {
      body: entry.canonicalizedBody,
      integratedTime: Number(entry.integratedTime),
      logIndex: Number(entry.logIndex),
      logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex')
    }
  })
}

/** cosign's certificate, chain, Rekor and timestamp annotations for a bundle's material. */
export function cosignMaterialAnnotations(
  bundle: BundleJson,
  chainPEM: string
): Record<string, string> {
  const annotations: Record<string, string> = {}
  const certificate = leafCertificate(bundle)
  if (certificate) {
    annotations[COSIGN_ANNOTATION.certificate] = certificate
    annotations[COSIGN_ANNOTATION.chain] = chainPEM
  }
  const rekor = rekorAnnotation(bundle)
  if (rekor) annotations[COSIGN_ANNOTATION.bundle] = rekor
  const timestamp = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps?.[0]
  if (timestamp) {
    annotations[COSIGN_ANNOTATION.rfc3161Timestamp] = JSON.stringify({
      SignedRFC3161Timestamp: timestamp.signedTimestamp
    })
  }
  return annotations
}

export function legacySignatureLayer(
  bundle: BundleJson,
  payload: Buffer,
  chainPEM: string
): Descriptor {
  const annotations: Record<string, string> = {
    [COSIGN_ANNOTATION.signature]: bundle.messageSignature?.signature ?? '',
    ...cosignMaterialAnnotations(bundle, chainPEM)
  }
  return {
    mediaType: COSIGN_MEDIA_TYPE.simpleSigning,
    size: payload.length,
    digest: sha256Digest(payload),
    annotations
  }
}
