// Puts signed scan attestations on images the way staging pipelines do (`cosign attest --type
// vuln` as a `.att` layer, or a sigstore bundle referrer), and builds scanner reports.
import type { Store, StoreRepo } from '../../src/oci/store.js'
import { attachStatement } from '../harness/attestations.js'
import type { RunSigner } from '../../src/trust/signing/run-signer.js'
import { COSIGN_VULN_PREDICATE } from '../../src/vuln/index.js'
import { buildImage } from '../harness/images.js'

export interface ScanOptions {
  format: 'att' | 'referrer'
  signer: RunSigner
  predicate: unknown
  predicateType?: string
  /** Default: the image digest. */
  subjectDigest?: string
}

export async function attachScan(at: StoreRepo, digest: string, o: ScanOptions): Promise<void> {
  const predicateType = o.predicateType ?? COSIGN_VULN_PREDICATE
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'staging/app', digest: { sha256: (o.subjectDigest ?? digest).slice(7) } }],
    predicateType,
    predicate: o.predicate as Record<string, unknown>
  }
  await attachStatement(at, digest, statement, o)
}

export interface TrivyVuln {
  id: string
  severity: string
  fixed?: string
  pkg?: string
}

export function trivyReport(vulns: TrivyVuln[]): Record<string, unknown> {
  return {
    SchemaVersion: 2,
    ArtifactName: 'staging/app',
    Results: [
      {
        Target: 'staging/app (debian 12)',
        Vulnerabilities: vulns.map((v) => ({
          VulnerabilityID: v.id,
          PkgName: v.pkg ?? 'openssl',
          InstalledVersion: '1.0.0',
          ...(v.fixed ? { FixedVersion: v.fixed } : {}),
          Severity: v.severity
        }))
      }
    ]
  }
}

/** cosign's vuln/v1 predicate, as `trivy --format cosign-vuln` writes it. */
export function cosignVulnPredicate(result: unknown, finishedOn: Date): Record<string, unknown> {
  return {
    invocation: { parameters: null, uri: '', event_id: '', 'builder.id': '' },
    scanner: {
      uri: 'pkg:github/aquasecurity/trivy@0.58.0',
      version: '0.58.0',
      db: { uri: '', version: '' },
      result
    },
    metadata: {
      scanStartedOn: new Date(finishedOn.getTime() - 60_000).toISOString(),
      scanFinishedOn: finishedOn.toISOString()
    }
  }
}

/** Write a small image into `store` (a layout) and return its digest. */
export async function putImage(store: Store, repo: string, seed: string): Promise<string> {
  const image = buildImage({ seed, layers: [64] })
  for (const blob of [...image.layers, image.config])
    await store.blobPut(repo, blob.digest, blob.size, blob.bytes)
  await store.manifestPut(repo, image.manifest.digest, {
    mediaType: image.manifest.mediaType,
    bytes: image.manifest.bytes
  })
  return image.manifest.digest
}
