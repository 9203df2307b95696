// Puts SLSA provenance on a staging image the way builders do: a cosign `.att` layer, or a
// sigstore bundle referrer.
import type { StoreRepo } from '../../src/oci/store.js'
import { attachStatement } from '../harness/attestations.js'
import type { RunSigner } from '../../src/trust/signing/run-signer.js'
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
  at: StoreRepo,
  digest: string,
  o: ProvenanceOptions
): Promise<void> {
  const statement = slsaStatement(digest, o)
  await attachStatement(at, digest, statement, o)
}
