// Signing one digest in one repository, idempotently: each requested format is written only when
// no valid signature by our own identity is there yet. `.sig` check-and-append is serialised per tag.
import type { StoreRepo } from '../../oci/store.js'
import { COSIGN_SIGN_PREDICATE, signatureTag } from '../cosign/constants.js'
import { legacySignatureLayer } from '../cosign/layer-from-bundle.js'
import { buildSimpleSigningPayload } from '../cosign/simple-signing.js'
import type { KeyedLock } from '../../concurrency/index.js'
import { appendAttachedLayers, readAttachedLayers } from '../oci/attached-image.js'
import { attachBundle } from '../oci/bundle-referrers.js'
import type { RunSigner } from '../signing/run-signer.js'
import { signMessage, signStatement } from '../signing/sign-payloads.js'
import { IN_TOTO_STATEMENT_V1, type Statement } from '../statement.js'
import { storeLocation } from '../oci/store-io.js'
import type { OwnArtifacts } from './own-artifacts.js'

export type SignatureFormat = 'legacy' | 'bundle'

export interface SignDigestInputs {
  at: StoreRepo
  digest: string
  identity: string
  formats: readonly SignatureFormat[]
  signer: RunSigner
  /** Recognises our own signatures (the "already signed?" check). */
  own: OwnArtifacts
  locks: KeyedLock
  /** Payload `optional` annotations (e.g. `org.kubernetes.kpromo.version`); none = null. */
  annotations?: Record<string, string>
  /**
   * The staging repository whose `.sig` layers of this digest are added first (kpromo's pre-copy):
   * copied as they are, they never count as ours, so they never stand in for our signature.
   */
  staging?: StoreRepo
  /** RFC 3339 creation time for bundle referrers. */
  created: string
}

/** Formats that already carry a valid signature by us. */
async function alreadySigned(inputs: SignDigestInputs): Promise<Set<SignatureFormat>> {
  const ours = await inputs.own.signatures(inputs.at, inputs.digest, {
    legacy: inputs.formats.includes('legacy'),
    bundle: inputs.formats.includes('bundle')
  })
  const done = new Set<SignatureFormat>()
  if (ours.layers.length > 0) done.add('legacy')
  if (ours.referrers.length > 0) done.add('bundle')
  return done
}

function signStatementFor(
  identity: string,
  digest: string,
  annotations?: Record<string, string>
): Statement {
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [
      {
        name: identity,
        digest: { sha256: digest.slice('sha256:'.length) },
        ...(annotations ? { annotations } : {})
      }
    ],
    predicateType: COSIGN_SIGN_PREDICATE,
    predicate: {}
  }
}

/** kpromo copies the staging `.sig` before signing; a digest unsigned in staging has none. */
async function copyStagingSignatures(
  staging: StoreRepo,
  at: StoreRepo,
  digest: string
): Promise<void> {
  const tag = signatureTag(digest)
  const layers = await readAttachedLayers(staging, tag, () => true)
  if (layers?.length) await appendAttachedLayers(at, tag, layers)
}

/** Returns the formats written now (empty = everything was already signed by us). */
export async function signDigest(inputs: SignDigestInputs): Promise<SignatureFormat[]> {
  const key = `${storeLocation(inputs.at.store, inputs.at.repo)}:${signatureTag(inputs.digest)}`
  return inputs.locks.run(key, async () => {
    if (inputs.staging) await copyStagingSignatures(inputs.staging, inputs.at, inputs.digest)
    const done = await alreadySigned(inputs)
    const written: SignatureFormat[] = []
    if (inputs.formats.includes('legacy') && !done.has('legacy')) {
      const payload = buildSimpleSigningPayload({
        dockerReference: inputs.identity,
        digest: inputs.digest,
        optional: inputs.annotations ?? null
      })
      const bundle = await signMessage(inputs.signer, payload)
      const layer = legacySignatureLayer(bundle, payload, inputs.signer.chainPEM)
      await appendAttachedLayers(
        inputs.at,
        signatureTag(inputs.digest),
        [{ descriptor: layer, blob: payload }],
        true
      )
      written.push('legacy')
    }
    if (inputs.formats.includes('bundle') && !done.has('bundle')) {
      const bundle = await signStatement(
        inputs.signer,
        signStatementFor(inputs.identity, inputs.digest, inputs.annotations)
      )
      await attachBundle(inputs.at, inputs.digest, {
        bundle: Buffer.from(JSON.stringify(bundle)),
        content: 'dsse-envelope',
        predicateType: COSIGN_SIGN_PREDICATE,
        created: inputs.created
      })
      written.push('bundle')
    }
    return written
  })
}
