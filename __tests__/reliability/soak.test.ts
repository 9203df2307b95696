// Fault soak: 100 images (a third of them indexes) promoted to 3 destination registries, every
// registry behind a fault proxy (20% 429 + Retry-After, 10% 503, 5% resets, 2% truncated bodies,
// random delays). Every edge ends promoted at the right digest, signatures and attestations exist
// exactly once, no tag moves on a re-run, the retries match the injected faults, and the
// pull-request run before it writes nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runPromotion } from '../../src/pipeline/run.js'
import type { RunOptions } from '../../src/pipeline/options.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { recordResult, since } from './results.js'
import {
  injectedFaults,
  setAllRates,
  startSoakScene,
  writesSince,
  type SoakScene
} from './soak-scene.js'

const FAULTS = {
  tooManyRequests: 0.2,
  unavailable: 0.1,
  reset: 0.05,
  truncate: 0.02,
  delayMs: [0, 5] as [number, number]
}
// A request fails every attempt with probability p^attempts, p = 0.37 (all faults together). The
// promote run makes ~10,000 requests, so 12 attempts left ~10,000 x 0.37^12 = 7% of runs with one
// request out of attempts (seen in CI); 20 attempts make that 2 in 100,000 runs.
const CLIENT = {
  maxAttempts: 20,
  backoffBaseMs: 10,
  backoffMaxMs: 200,
  maxRetryAfterMs: 100,
  requestsPerSecond: 1000,
  concurrency: 24
}
let scene: SoakScene
const figures: Record<string, unknown> = {}

beforeAll(async () => {
  scene = await startSoakScene({
    repositories: 10,
    imagesPerRepository: 10,
    destinations: 3,
    seed: 'soak'
  })
})
afterAll(async () => {
  recordResult('fault-soak', figures)
  await scene?.stop()
})

function options(over: Partial<RunOptions> = {}): RunOptions {
  return {
    thinManifestDir: scene.manifestDir,
    registry: { defaults: CLIENT },
    trust: {
      provenance: { mode: 'off' },
      signer: { kind: 'keyed', privateKeyPEM: scene.privateKeyPEM }
    },
    ...over
  }
}

const allRegistries = () => [scene.source, ...scene.dests]
const marks = () => Promise.all(allRegistries().map((r) => r.accessLog.mark()))

/** tag -> digest of every destination repository, read without faults. */
async function destinationTags(): Promise<Record<string, string>> {
  const client = new RegistryClient()
  const out: Record<string, string> = {}
  try {
    for (const dest of scene.dests) {
      const store = client.store(dest.host)
      for (const image of scene.images) {
        const repo = `prod/${image.name}`
        for (const tag of image.tags) {
          out[`${dest.host}/${repo}:${tag}`] =
            (await store.manifestHead(repo, tag))?.digest ?? 'missing'
        }
        const byDigest = await store.manifestHead(repo, image.digest)
        out[`${dest.host}/${repo}@${image.digest}`] = byDigest?.digest ?? 'missing'
      }
    }
  } finally {
    await client.close()
  }
  return out
}

/** What destinationTags() must find: every tag and digest at the manifest's digest. */
function expectedTags(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const dest of scene.dests) {
    for (const image of scene.images) {
      for (const tag of image.tags) out[`${dest.host}/prod/${image.name}:${tag}`] = image.digest
      out[`${dest.host}/prod/${image.name}@${image.digest}`] = image.digest
    }
  }
  return out
}

describe('fault soak', () => {
  it('a pull-request (read-only) run through the faults issues zero writes', async () => {
    setAllRates(scene, FAULTS)
    const before = await marks()
    const { report } = await runPromotion(options({ readOnly: true, confirm: true }), scene.dir)
    expect(report.mode).toBe('check')
    expect(report.requests.writes).toBe(0)
    expect(await writesSince(allRegistries(), before)).toBe(0)
    figures.readOnlyRun = { requests: report.requests.total, writes: 0, outcome: report.outcome }
  })

  it('promotes every edge at the right digest, and the retries match the injected faults', async () => {
    setAllRates(scene, FAULTS)
    const started = performance.now()
    const { report } = await runPromotion(options({ confirm: true }), scene.dir)
    const injected = injectedFaults(scene)
    const stats = scene.proxies.map((p) => ({ ...p.stats }))
    setAllRates(scene, {})
    figures.promoteRun = {
      ms: since(started),
      images: scene.images.length,
      indexes: scene.images.filter(
        (i) => i.mediaType.includes('index') || i.mediaType.includes('list')
      ).length,
      edges: report.counts.edges,
      promoted: report.counts.promoted,
      signed: report.counts.signed,
      attested: report.counts.attested,
      requests: report.requests.total,
      reportRetries: report.requests.retries,
      injectedFaults: injected,
      proxyStats: stats,
      problems: report.problems.slice(0, 5).map((p) => p.message)
    }
    expect(report.problems).toEqual([])
    expect(report.outcome).toBe('success')
    // edges count index children too: at least 100 images x 3 destinations
    expect(report.counts.edges).toBeGreaterThanOrEqual(scene.images.length * scene.dests.length)
    expect(report.counts.promoted).toBe(report.counts.edges)
    expect(await destinationTags()).toEqual(expectedTags())
    expect(report.requests.retries).toBe(injected)
  })

  it('signatures and attestations exist exactly once; a re-run moves no tag and writes nothing', async () => {
    const signing = new RegistryClient()
    const store = signing.store(scene.dests[0]!.host)
    const sigLayers: number[] = []
    const referrers: number[] = []
    try {
      for (const image of scene.images) {
        const repo = `prod/${image.name}`
        const sig = await store.manifestGet(repo, `${image.digest.replace(':', '-')}.sig`)
        sigLayers.push(
          (JSON.parse(Buffer.from(sig.bytes).toString()) as { layers: unknown[] }).layers.length
        )
        referrers.push((await store.referrersList(repo, image.digest)).length)
      }
    } finally {
      await signing.close()
    }
    const tagsBefore = await destinationTags()
    setAllRates(scene, FAULTS)
    const before = await marks()
    const { report } = await runPromotion(options({ confirm: true }), scene.dir)
    const writes = await writesSince(allRegistries(), before)
    setAllRates(scene, {})
    figures.reRun = {
      planned: report.counts.planned,
      signed: report.counts.signed,
      attested: report.counts.attested,
      writes
    }
    figures.signatureLayersPerDigest = [...new Set(sigLayers)]
    figures.referrersPerDigest = [...new Set(referrers)]
    expect(new Set(sigLayers)).toEqual(new Set([1]))
    expect(new Set(referrers)).toEqual(new Set([1]))
    expect(report.counts).toMatchObject({ planned: 0, promoted: 0, signed: 0, attested: 0 })
    expect(writes).toBe(0)
    expect(await destinationTags()).toEqual(tagsBefore)
  })
})
