// Attaches a signed in-toto statement to an image the way staging pipelines do: a cosign `.att`
// layer (`cosign attest`), or a sigstore bundle referrer (cosign v3, actions/attest).
import type { StoreRepo } from '../../src/oci/store.js'
import { sha256Digest } from '../../src/oci/digest.js'
import {
  attestationTag,
  COSIGN_ANNOTATION,
  COSIGN_MEDIA_TYPE
} from '../../src/trust/cosign/constants.js'
import { cosignMaterialAnnotations } from '../../src/trust/cosign/layer-from-bundle.js'
import { appendAttachedLayers } from '../../src/trust/oci/attached-image.js'
import { attachBundle } from '../../src/trust/oci/bundle-referrers.js'
import type { RunSigner } from '../../src/trust/signing/run-signer.js'
import { signStatement } from '../../src/trust/signing/sign-payloads.js'
import type { Statement } from '../../src/trust/statement.js'

export async function attachStatement(
  at: StoreRepo,
  digest: string,
  statement: Statement,
  o: { format: 'att' | 'referrer'; signer: RunSigner }
): Promise<void> {
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
