// cosign logs `.att` attestations as Rekor `intoto` v0.0.1 entries, which @sigstore/verify 4.1.3
// rejects ("unsupported intoto version"). We check such an entry ourselves: its SET (with
// sigstore-js's own SET check), and that its body names the stored envelope, its payload and the
// signing certificate. Everything else stays with sigstore-js.
import { createHash } from 'node:crypto'
import type { Bundle, TLogEntryWithInclusionPromise, TransparencyLogEntry } from '@sigstore/bundle'
import type { TrustMaterial } from '@sigstore/verify'
// No exports map in @sigstore/verify; the version is pinned exactly (see package.json).
import { verifyTLogSET } from '@sigstore/verify/dist/tlog/set.js'
import { TrustError } from '../errors.js'

interface IntotoV001Body {
  spec?: {
    content?: { hash?: { value?: string }; payloadHash?: { value?: string } }
    publicKey?: string
  }
}

export function isIntotoV001(entry: TransparencyLogEntry): boolean {
  return entry.kindVersion?.kind === 'intoto' && entry.kindVersion.version === '0.0.1'
}

const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex')
const pemToDer = (pem: string) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')

function bodyError(message: string): TrustError {
  return new TrustError('SIGNATURE_INVALID', `intoto log entry: ${message}`, {
    detail: 'TLOG_BODY_ERROR'
  })
}

export function verifyIntotoV001Entry(
  entry: TransparencyLogEntry,
  bundle: Bundle,
  storedEnvelope: Buffer,
  material: TrustMaterial
): void {
  if (!entry.inclusionPromise) {
    throw new TrustError('SIGNATURE_INVALID', 'intoto log entry has no inclusion promise', {
      detail: 'TLOG_MISSING_INCLUSION_ERROR'
    })
  }
  verifyTLogSET(entry as TLogEntryWithInclusionPromise, material.tlogs)
  if (bundle.content.$case !== 'dsseEnvelope') throw bodyError('bundle holds no DSSE envelope')
  const envelope = bundle.content.dsseEnvelope
  const body = JSON.parse(entry.canonicalizedBody.toString('utf8')) as IntotoV001Body
  const content = body.spec?.content
  if (content?.hash?.value !== sha256Hex(storedEnvelope)) throw bodyError('envelope hash mismatch')
  if (content.payloadHash?.value !== sha256Hex(Buffer.from(envelope.payload))) {
    throw bodyError('payload hash mismatch')
  }
  const stored = JSON.parse(storedEnvelope.toString('utf8')) as {
    payload?: string
    signatures?: { sig?: string }[]
  }
  const storedSig = stored.signatures?.[0]?.sig ?? ''
  if (
    stored.signatures?.length !== 1 ||
    envelope.signatures.length !== 1 ||
    !Buffer.from(storedSig, 'base64').equals(Buffer.from(envelope.signatures[0]!.sig)) ||
    stored.payload === undefined ||
    !Buffer.from(stored.payload, 'base64').equals(Buffer.from(envelope.payload))
  ) {
    throw bodyError('stored envelope differs from the verified one')
  }
  const leaf = leafCertificate(bundle)
  const logged = pemToDer(Buffer.from(body.spec?.publicKey ?? '', 'base64').toString('utf8'))
  if (!leaf || !logged.equals(leaf)) throw bodyError('certificate differs from the logged one')
}

function leafCertificate(bundle: Bundle): Buffer | undefined {
  const content = bundle.verificationMaterial.content
  if (content.$case === 'x509CertificateChain') {
    const first = content.x509CertificateChain.certificates[0]
    return first ? Buffer.from(first.rawBytes) : undefined
  }
  if (content.$case === 'certificate') return Buffer.from(content.certificate.rawBytes)
  return undefined
}
