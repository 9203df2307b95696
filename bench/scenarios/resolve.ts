// `npm run bench -- resolve [--repos R] [--images N] [--sample S] [--token]`: resolve every seeded tag and
// every digest (R x N of each, default 20 x 50 = 1,000) with RegistryStore.manifestHead on a
// local registry, counting requests per resolve (goal: one HEAD per unique reference once
// auth is settled) and throughput; then `skopeo inspect --raw` on a sample for comparison.
import { mapBounded } from '../../src/concurrency/index.js'
import { seedWorkload, type SeededImage } from '../../__tests__/harness/seed.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import {
  countRequests,
  measure,
  printResults,
  skopeoInspectAll,
  withRegistries,
  type BenchResult,
  type TestRegistry
} from '../lib/index.js'
import type { BenchScenario } from '../scenario.js'

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? Number(args[at + 1]) : fallback
}

interface Reference {
  repository: string
  reference: string
}

/** Resolve every reference (each asked `repeat` times at once) and check the digests. */
async function resolveAll(
  label: string,
  registry: TestRegistry,
  refs: Reference[],
  expected: string[],
  repeat: number
): Promise<BenchResult> {
  // A loopback registry has no quota: lift the Artifact Registry-sized default rate.
  const credentials = registry.username
    ? { [registry.host]: { username: registry.username, password: registry.password } }
    : {}
  const client = new RegistryClient({
    defaults: { requestsPerSecond: 100_000 },
    caPem: registry.caPem,
    credentials
  })
  const store = client.store(registry.host)
  await store.manifestHead(refs[0]!.repository, refs[0]!.reference) // scheme probe (+ token), excluded
  const tokensBefore = registry.tokenServer?.stats.requests ?? 0
  const asked = refs.flatMap((ref) => Array.from({ length: repeat }, () => ref))
  const counted = await countRequests([registry], () =>
    measure(() => mapBounded(asked, 64, (ref) => store.manifestHead(ref.repository, ref.reference)))
  )
  const descriptors = counted.result.result
  const wrong = descriptors.filter((d, i) => d?.digest !== expected[Math.floor(i / repeat)]).length
  if (wrong > 0) throw new Error(`${wrong} resolves returned the wrong digest`)
  const heads = counted.perRegistry[0]!.by
  const headCount = Object.entries(heads)
    .filter(([k]) => k.startsWith('HEAD manifest'))
    .reduce((s, [, n]) => s + n, 0)
  await client.close()
  const wallMs = counted.result.wallMs
  return {
    scenario: `resolve ${refs.length} ${label}${repeat > 1 ? ` (each asked ${repeat}x at once)` : ''}`,
    tool: 'image-promoter',
    requests: counted.total,
    bytes: counted.bytes,
    wallMs,
    peakRssMb: counted.result.peakRssMb,
    extra: {
      requestsPerUniqueRef: counted.total / refs.length,
      headsPerUniqueRef: headCount / refs.length,
      resolvesPerSecond: Math.round((asked.length / wallMs) * 1000),
      clientRetries: client.stats().retries,
      tokenRequests: registry.tokenServer ? registry.tokenServer.stats.requests - tokensBefore : 0,
      by: heads
    }
  }
}

async function skopeoSample(
  registry: TestRegistry,
  images: SeededImage[],
  sample: number
): Promise<BenchResult> {
  const chosen = images.slice(0, sample)
  const counted = await countRequests([registry], () => skopeoInspectAll(registry, chosen, 4))
  if (counted.result.failures > 0)
    throw new Error(`skopeo inspect failed ${counted.result.failures} times`)
  return {
    scenario: `resolve ${chosen.length} refs (sample)`,
    tool: 'skopeo inspect --raw',
    requests: counted.total,
    bytes: counted.bytes,
    wallMs: counted.result.wallMs,
    peakRssMb: counted.result.peakRssMb,
    extra: {
      requestsPerRef: counted.total / chosen.length,
      resolvesPerSecond: Math.round((chosen.length / counted.result.wallMs) * 1000),
      by: counted.perRegistry[0]!.by
    }
  }
}

export const resolve: BenchScenario = {
  name: 'resolve',
  description:
    'resolve 1,000 tags + 1,000 digests with manifestHead; skopeo inspect --raw on a sample',
  run: async (args) => {
    const repositories = flag(args, 'repos', 20)
    const imagesPerRepository = flag(args, 'images', 50)
    const sample = flag(args, 'sample', 50)
    const auth = args.includes('--token') ? 'token' : 'none'
    return withRegistries(1, { auth }, async ([registry]) => {
      const seeded = await measure(() =>
        seedWorkload(registry!, {
          prefix: 'bench',
          repositories,
          imagesPerRepository,
          tagsPerImage: 1,
          indexEvery: 0,
          layerSize: 256,
          seed: 'resolve'
        })
      )
      const images = seeded.result.images
      console.error(`seeded ${images.length} images in ${Math.round(seeded.wallMs)} ms`)
      const tags = images.map((i) => ({ repository: i.repository, reference: i.tags[0]! }))
      const digests = images.map((i) => ({ repository: i.repository, reference: i.digest }))
      const expected = images.map((i) => i.digest)
      const results = [
        await resolveAll('tags', registry!, tags, expected, 1),
        await resolveAll('digests', registry!, digests, expected, 1),
        await resolveAll('tags', registry!, tags, expected, 3),
        await skopeoSample(registry!, images, sample)
      ]
      printResults(results)
      const ours = results.filter((r) => r.tool === 'image-promoter')
      const perRef = (r: BenchResult) => Number(r.extra?.requestsPerUniqueRef)
      return {
        results,
        goals: [
          {
            goal: 'exactly 1 HEAD per unique reference after the first token',
            met: ours.every((r) => perRef(r) === 1 && Number(r.extra?.headsPerUniqueRef) === 1),
            figure: ours.map((r) => `${perRef(r)}`).join(', ') + ' requests per unique reference'
          }
        ]
      }
    })
  }
}
