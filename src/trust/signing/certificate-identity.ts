// Who a Fulcio certificate says signed: the SAN (URI, else email) and the OIDC issuer extension,
// read exactly as @sigstore/verify reads them, so the identity we compare our earlier signatures
// against is the one verification reports for them.
import { X509Certificate } from '@sigstore/core'
import { TrustError } from '../errors.js'
import type { SignerIdentity } from '../identity.js'

/** Fulcio's issuer extension (DER UTF8String), and the legacy one (raw bytes). */
export const OID_FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8'
export const OID_FULCIO_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1'

export function certificateIdentity(pem: string): Required<SignerIdentity> {
  const cert = X509Certificate.parse(pem)
  const v2 = cert.extension(OID_FULCIO_ISSUER_V2)
  const issuer = v2
    ? v2.valueObj.subs?.[0]?.value.toString('ascii')
    : cert.extension(OID_FULCIO_ISSUER_V1)?.value.toString('ascii')
  const subject = cert.subjectAltName
  if (!subject || !issuer) {
    throw new TrustError(
      'SIGNING_FAILED',
      `the Fulcio certificate names no ${subject ? 'OIDC issuer' : 'subject (SAN)'}`,
      {
        hint: 'check fulcio-url: it must be a Fulcio instance that issues code-signing certificates'
      }
    )
  }
  return { subject, issuer }
}
