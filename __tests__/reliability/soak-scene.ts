// The soak scene: a source registry and three destination registries, each behind its own fault
// proxy, a seeded workload of images and indexes in staging, and a thin-manifest directory.
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFaultProxy, type FaultProxy, type FaultRates } from '../harness/fault-proxy.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { seedWorkload, writeThinManifests, type SeededImage } from '../harness/seed.js'

export interface SoakScene {
  source: TestRegistry
  dests: TestRegistry[]
  proxies: FaultProxy[]
  images: SeededImage[]
  manifestDir: string
  dir: string
  privateKeyPEM: string
  stop(): Promise<void>
}

export async function startSoakScene(options: {
  repositories: number
  imagesPerRepository: number
  destinations: number
  seed: string
}): Promise<SoakScene> {
  const source = await startRegistry()
  const dests = await Promise.all(
    Array.from({ length: options.destinations }, () => startRegistry())
  )
  const { images, imagesYaml } = await seedWorkload(source, {
    prefix: 'staging',
    repositories: options.repositories,
    imagesPerRepository: options.imagesPerRepository,
    seed: options.seed
  })
  const proxies = await Promise.all(
    [source, ...dests].map((r, i) => startFaultProxy({ target: r.url, seed: 100 + i }))
  )
  const dir = mkdtempSync(join(tmpdir(), 'soak-'))
  const manifestDir = join(dir, 'manifests-repo')
  writeThinManifests(manifestDir, {
    sub: 'soak',
    src: `${proxies[0]!.host}/staging`,
    dests: proxies.slice(1).map((p) => `${p.host}/prod`),
    imagesYaml
  })
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    source,
    dests,
    proxies,
    images,
    manifestDir,
    dir,
    privateKeyPEM: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    stop: async () => {
      await Promise.all(proxies.map((p) => p.stop()))
      await Promise.all([source, ...dests].map((r) => r.stop()))
    }
  }
}

export function setAllRates(scene: SoakScene, rates: FaultRates): void {
  for (const proxy of scene.proxies) {
    proxy.setRates(rates)
    proxy.resetStats()
  }
}

/** Faults the proxies injected that a client must retry (429, 503, 500, resets, truncations). */
export function injectedFaults(scene: SoakScene): number {
  return scene.proxies.reduce(
    (n, p) =>
      n +
      p.stats.tooManyRequests +
      p.stats.unavailable +
      p.stats.serverError +
      p.stats.reset +
      p.stats.truncate,
    0
  )
}

const WRITE_METHODS = ['PUT', 'POST', 'PATCH', 'DELETE']

/** Write requests the registries answered since `marks` (one mark per registry). */
export async function writesSince(registries: TestRegistry[], marks: number[]): Promise<number> {
  let writes = 0
  for (const [i, registry] of registries.entries()) {
    const summary = await registry.accessLog.summary(marks[i])
    writes += WRITE_METHODS.reduce((n, m) => n + (summary.byMethod[m] ?? 0), 0)
  }
  return writes
}
