// Builds a trusted root (protobuf JSON) from @sigstore/mock key material, so real verification
// trusts exactly the mock CA, CT log, Rekor and TSA.
import { createHash } from 'node:crypto'
import { HashAlgorithm, PublicKeyDetails, TrustedRoot } from '@sigstore/protobuf-specs'

interface MockCA {
  rootCertificate: ArrayBufferView
}
interface MockTSA {
  rootCertificate: ArrayBufferView
  intCertificate: ArrayBufferView
}

const bytes = (view: ArrayBufferView): Buffer =>
  Buffer.from(view.buffer, view.byteOffset, view.byteLength)
// A little in the past, so certificates issued right now fall inside the window.
const validFor = () => ({ start: new Date(Date.now() - 60_000), end: undefined })

function authority(url: string, certs: ArrayBufferView[]) {
  return {
    subject: { organization: 'mock', commonName: 'mock' },
    uri: url,
    certChain: { certificates: certs.map((c) => ({ rawBytes: bytes(c) })) },
    validFor: validFor()
  }
}

function log(url: string, spki: Buffer) {
  return {
    baseUrl: url,
    hashAlgorithm: HashAlgorithm.SHA2_256,
    publicKey: {
      rawBytes: spki,
      keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
      validFor: validFor()
    },
    // Entries and SCTs name their log by the SHA-256 of the key's SPKI DER.
    logId: { keyId: createHash('sha256').update(spki).digest() }
  }
}

export function buildMockTrustedRoot(
  url: string,
  ca: MockCA,
  ctlogKey: Buffer,
  tlogKey: Buffer,
  tsa: MockTSA
): Record<string, unknown> {
  return TrustedRoot.toJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    certificateAuthorities: [authority(url, [ca.rootCertificate])],
    tlogs: [log(url, tlogKey)],
    ctlogs: [log(url, ctlogKey)],
    timestampAuthorities: [authority(url, [tsa.intCertificate, tsa.rootCertificate])]
  } as unknown as TrustedRoot) as Record<string, unknown>
}
