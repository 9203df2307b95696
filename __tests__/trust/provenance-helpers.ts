// Puts SLSA provenance on a staging image the way builders do: a cosign `.att` layer, or a
// sigstore bundle referrer.
import { sha256Digest } from '../../src/oci/digest.js'
import {
  attestationTag,
  COSIGN_ANNOTATION,
  COSIGN_MEDIA_TYPE
} from '../../src/trust/cosign/constants.js'
import { cosignMaterialAnnotations } from '../../src/trust/cosign/layer-from-bundle.js'
import { appendAttachedLayers } from '../../src/trust/oci/attached-image.js'
import { attachBundle } from '../../src/trust/oci/bundle-referrers.js'
import type { StoreLocation } from '../../src/trust/phases/types.js'
import type { RunSigner } from '../../src/trust/signing/run-signer.js'
import { signStatement } from '../../src/trust/signing/sign-payloads.js'
import { SLSA_PROVENANCE_V1, type Statement } from '../../src/trust/statement.js'

export interface ProvenanceOptions {
  format: 'att' | 'referrer'
  signer: RunSigner
  builderId?: string
  source?: string
  predicateType?: string
  /** Default: the image digest. */
  subjectDigest?: string
}

export function slsaStatement(
  digest: string,
  o: Omit<ProvenanceOptions, 'format' | 'signer'>
): Statement {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'staging/app', digest: { sha256: (o.subjectDigest ?? digest).slice(7) } }],
    predicateType: o.predicateType ?? SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        externalParameters: {
          workflow: { repository: o.source ?? 'https://github.com/example/app' }
        }
      },
      runDetails: {
        builder: { id: o.builderId ?? 'https://github.com/actions/runner/github-hosted' }
      }
    }
  }
}

export async function attachProvenance(
  at: StoreLocation,
  digest: string,
  o: ProvenanceOptions
): Promise<void> {
  const statement = slsaStatement(digest, o)
  const bundle = await signStatement(o.signer, statement)
  if (o.format === 'referrer') {
    await attachBundle(at, digest, {
      bundle: Buffer.from(JSON.stringify(bundle)),
      content: 'dsse-envelope',
      predicateType: statement.predicateType,
      created: '2026-11-25T00:00:00Z'
    })
    return
  }
  const envelope = bundle.dsseEnvelope!
  const blob = Buffer.from(
    JSON.stringify({
      payloadType: envelope.payloadType,
      payload: envelope.payload,
      signatures: envelope.signatures.map((s) => ({ keyid: '', sig: s.sig }))
    })
  )
  const descriptor = {
    mediaType: COSIGN_MEDIA_TYPE.dsseEnvelope,
    size: blob.length,
    digest: sha256Digest(blob),
    annotations: {
      [COSIGN_ANNOTATION.signature]: '',
      ...cosignMaterialAnnotations(bundle, ''),
      [COSIGN_ANNOTATION.predicateType]: statement.predicateType
    }
  }
  await appendAttachedLayers(at, attestationTag(digest), [{ descriptor, blob }])
}
