// `npm run bench -- vuln-gate [--images N] [--rps R]`: the vulnerability gate over N staging
// digests on a real registry, a third with no scan, a third with a Trivy scan as a cosign `.att`
// layer, a third with a scan bundle referrer plus an SPDX referrer (not a scan, never fetched).
// Reports registry requests per digest (RegistryClient.stats()) for each kind, and wall time.
import { buildImage } from '../../__tests__/harness/images.js'
import { pushImage } from '../../__tests__/harness/push.js'
import { startSigstoreMocks } from '../../__tests__/harness/sigstore-mock.js'
import { attachScan, cosignVulnPredicate, trivyReport } from '../../__tests__/vuln/scan-helpers.js'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { createStoreResolver } from '../../src/oci/open.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { createKeylessSigner } from '../../src/trust/signing/keyless-signer.js'
import { createTrustRootProvider } from '../../src/trust/trust-root.js'
import { checkVulnerabilities, DEFAULT_VULN_POLICY } from '../../src/vuln/index.js'
import { measure, printResults, withRegistries, type BenchResult } from '../lib/index.js'
import type { BenchScenario } from '../scenario.js'
import { numberFlag } from './promote-common.js'

const ID = 'https://github.com/example/app/.github/workflows/scan.yml@refs/heads/main'
const ISSUER = 'https://token.actions.githubusercontent.com'
const KINDS = ['none', 'att', 'referrer'] as const

export const vulnGate: BenchScenario = {
  name: 'vuln-gate',
  description:
    'vulnerability gate over 90 digests (no scan / .att / referrer): requests per digest',
  run: async (args) => {
    const images = numberFlag(args, 'images', 90)
    const rps = numberFlag(args, 'rps', 0)
    const mocks = await startSigstoreMocks()
    const results: BenchResult[] = []
    try {
      await withRegistries(1, {}, async ([registry]) => {
        const seeding = new RegistryClient({ defaults: { requestsPerSecond: 1000 } })
        const seedResolve = createStoreResolver({
          registryStore: (h) => seeding.store(h),
          layoutStore: new LayoutStore()
        })
        const signer = createKeylessSigner({
          fulcioURL: mocks.fulcioURL,
          rekorURL: mocks.rekorURL,
          tsaURL: mocks.tsaURL,
          getIdentityToken: async () => mocks.token(ID, ISSUER)
        })
        const repo = `${registry!.host}/staging/app`
        const byKind = new Map<string, string[]>(KINDS.map((k) => [k, []]))
        const report = trivyReport([{ id: 'CVE-2026-1', severity: 'HIGH', fixed: '1.1' }])
        for (let i = 0; i < images; i++) {
          const kind = KINDS[i % KINDS.length]!
          const image = buildImage({ seed: `vg-${i}`, layers: [32] })
          const digest = await pushImage(registry!, 'staging/app', image)
          byKind.get(kind)!.push(digest)
          if (kind === 'none') continue
          const at = seedResolve(repo)
          const predicate = cosignVulnPredicate(report, new Date())
          await attachScan(at, digest, { format: kind, signer, predicate })
          if (kind === 'referrer')
            await attachScan(at, digest, {
              format: 'referrer',
              signer,
              predicateType: 'https://spdx.dev/Document',
              predicate: { spdxVersion: 'SPDX-2.3' }
            })
        }
        await seeding.close()
        for (const kind of KINDS) {
          const digests = byKind.get(kind)!
          const client = new RegistryClient(rps ? { defaults: { requestsPerSecond: rps } } : {})
          const resolve = createStoreResolver({
            registryStore: (h) => client.store(h),
            layoutStore: new LayoutStore()
          })
          const run = await measure(() =>
            checkVulnerabilities({
              subjects: digests.map((digest) => ({ repository: repo, digest })),
              resolve: (name) => resolve(name),
              verification: {
                policy: { identity: ID, issuer: ISSUER },
                trustRoot: createTrustRootProvider({ trustedRootPath: mocks.trustedRootPath })
              },
              policy: { ...DEFAULT_VULN_POLICY, threshold: 4 }
            })
          )
          const stats = client.stats()
          await client.close()
          const statuses = run.result.map((v) => v.status)
          const want = kind === 'none' ? 'no-scan' : 'blocked'
          if (statuses.some((s) => s !== want))
            throw new Error(`${kind}: expected every verdict ${want}, got ${statuses.join(',')}`)
          results.push({
            scenario: `vuln-gate ${digests.length} digests, ${kind === 'none' ? 'no scan' : `scan as ${kind}`}`,
            tool: 'image-promoter',
            requests: stats.requests,
            bytes: stats.bytesIn,
            wallMs: run.wallMs,
            peakRssMb: run.peakRssMb,
            extra: {
              requestsPerDigest: Number((stats.requests / digests.length).toFixed(2)),
              byMethodStatus: Object.values(stats.byHost)[0]?.byMethodStatus ?? {}
            }
          })
        }
      })
    } finally {
      await mocks.stop()
    }
    printResults(results)
    for (const r of results) console.log(`${r.scenario}: ${JSON.stringify(r.extra)}`)
    const perDigest = results.map((r) => Number(r.extra?.requestsPerDigest))
    return {
      results,
      goals: [
        {
          goal: 'the gate costs a few registry requests per digest (<= 6 with one scan attached)',
          met: perDigest.every((n) => n <= 6),
          figure: perDigest.map((n, i) => `${KINDS[i]} ${n}`).join(', ')
        }
      ]
    }
  }
}
