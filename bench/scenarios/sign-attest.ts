// `npm run bench -- sign-attest [--images N] [--indexes M] [--format legacy|bundle|both] [--rps R]`: sign and
// attest N promoted images plus M two-platform indexes (children signed too) against the loopback
// sigstore mocks and a real registry; then the idempotent re-run. Reports registry requests per
// digest, sigstore requests (one Fulcio certificate per run), and wall time.
import { buildImage, buildIndex } from '../../__tests__/harness/images.js'
import { pushImage, pushIndex } from '../../__tests__/harness/push.js'
import { startSigstoreMocks } from '../../__tests__/harness/sigstore-mock.js'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { createStoreResolver } from '../../src/oci/open.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { attestPromoted } from '../../src/trust/phases/attest.js'
import { signPromoted, type SignatureFormatOption } from '../../src/trust/phases/sign.js'
import type { PromotedImage } from '../../src/trust/phases/types.js'
import { createKeylessSigner } from '../../src/trust/signing/keyless-signer.js'
import { createTrustRootProvider } from '../../src/trust/trust-root.js'
import {
  countRequests,
  measure,
  printResults,
  withRegistries,
  type BenchResult,
  type TestRegistry
} from '../lib/index.js'
import type { BenchScenario } from '../scenario.js'
import { numberFlag } from './promote-common.js'

const ID = 'krel-trust@k8s-releng-prod.iam.gserviceaccount.com'
const ISSUER = 'https://accounts.google.com'

async function seed(
  registry: TestRegistry,
  images: number,
  indexes: number
): Promise<PromotedImage[]> {
  const promoted: PromotedImage[] = []
  const add = (digest: string, i: number) =>
    promoted.push({
      destinations: [`${registry.host}/prod/app${i % 10}`],
      source: `staging.example/app${i % 10}`,
      digest,
      tags: [`v${i}`],
      positions: []
    })
  for (let i = 0; i < images; i++)
    add(
      await pushImage(registry, `prod/app${i % 10}`, buildImage({ seed: `sa-${i}`, layers: [32] })),
      i
    )
  for (let i = 0; i < indexes; i++) {
    const children = ['amd64', 'arm64'].map((arch) =>
      buildImage({
        seed: `sa-index-${i}-${arch}`,
        layers: [32],
        platform: { os: 'linux', architecture: arch }
      })
    )
    add(await pushIndex(registry, `prod/app${i % 10}`, buildIndex(children)), images + i)
  }
  return promoted
}

function flag(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`)
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback
}

export const signAttest: BenchScenario = {
  name: 'sign-attest',
  description: 'sign + attest 200 promoted digests (indexes included) against the sigstore mocks',
  run: async (args) => {
    const images = numberFlag(args, 'images', 150)
    const indexes = numberFlag(args, 'indexes', 50)
    const format = flag(args, 'format', 'legacy') as SignatureFormatOption
    // The per-host pacing default (50 requests/s, kpromo's) bounds wall time at requests / 50;
    // --rps raises it to see the cost of the work itself on loopback.
    const rps = numberFlag(args, 'rps', 0)
    const mocks = await startSigstoreMocks()
    const results: BenchResult[] = []
    try {
      await withRegistries(1, {}, async ([registry]) => {
        const promoted = await seed(registry!, images, indexes)
        for (const pass of ['first run', 're-run']) {
          const client = new RegistryClient(rps ? { defaults: { requestsPerSecond: rps } } : {})
          const resolve = createStoreResolver({
            registryStore: (h) => client.store(h),
            layoutStore: new LayoutStore()
          })
          const signer = createKeylessSigner({
            fulcioURL: mocks.fulcioURL,
            rekorURL: mocks.rekorURL,
            tsaURL: mocks.tsaURL,
            getIdentityToken: async () => mocks.token(ID, ISSUER)
          })
          const before = { ...mocks.stats }
          const run = await measure(() =>
            countRequests([registry!], async () => {
              const trustRoot = createTrustRootProvider({ trustedRootPath: mocks.trustedRootPath })
              const signed = await signPromoted({
                images: promoted,
                resolveStore: resolve,
                signer,
                trustRoot,
                format
              })
              const attested = await attestPromoted({
                images: promoted,
                resolveStore: resolve,
                signer,
                builderId: 'bench'
              })
              return { signed, attested }
            })
          )
          await client.close()
          const { signed, attested } = run.result.result
          const failures = [...signed, ...attested].filter((v) => v.status === 'failed')
          if (failures.length > 0)
            throw new Error(`${failures.length} digests failed: ${failures[0]!.error?.message}`)
          results.push({
            scenario: `sign-attest ${promoted.length} digests (${indexes} indexes) ${format}${rps ? ` ${rps}rps` : ''} ${pass}`,
            tool: 'image-promoter',
            requests: run.result.total,
            bytes: run.result.bytes,
            wallMs: run.wallMs,
            peakRssMb: run.peakRssMb,
            extra: {
              signedDigests: signed.length,
              newlySigned: signed.filter((v) => v.status === 'signed').length,
              newlyAttested: attested.filter((v) => v.status === 'attested').length,
              registryRequestsPerDigest: Number((run.result.total / signed.length).toFixed(2)),
              fulcio: mocks.stats.fulcio - before.fulcio,
              rekor: mocks.stats.rekor - before.rekor,
              tsa: mocks.stats.tsa - before.tsa
            }
          })
        }
      })
    } finally {
      await mocks.stop()
    }
    printResults(results)
    for (const r of results) console.log(`${r.scenario}: ${JSON.stringify(r.extra)}`)
    const fulcio = results.map((r) => Number(r.extra?.fulcio))
    return {
      results,
      goals: [
        {
          goal: 'at most one Fulcio request per run',
          met: fulcio.every((n) => n <= 1),
          figure: `${fulcio.join(' and ')} (first run, re-run)`
        }
      ]
    }
  }
}
