// The k8s.io-shaped workload of the plan-* scenarios: one staging registry seeded with R
// repositories x N images (default 200 x 10 = 2,000 digests), three production registries that
// already hold the first half of the repositories, and a thin-manifest tree in a git repository.
import type { StoreResolver } from '../../src/oci/open.js'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  imagesYaml,
  promoterManifestYaml,
  seedWorkload,
  type SeededImage
} from '../../__tests__/harness/seed.js'
import type { Edge } from '../../src/manifest/model.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { parseRepository } from '../../src/oci/ref.js'
import type { TestRegistry } from '../lib/index.js'
import { numberFlag } from './promote-common.js'

export interface PlanWorld {
  source: TestRegistry
  destinations: TestRegistry[]
  images: SeededImage[]
  /** The thin-manifest tree (a git repository with one commit per images.yaml version). */
  root: string
  git: (...args: string[]) => string
}

export const SEED = 'bench-plan'

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}

/** Seed the registries and write the manifests: all images at HEAD. */
export async function seedPlanWorld(
  args: string[],
  registries: TestRegistry[]
): Promise<PlanWorld> {
  const repositories = numberFlag(args, 'repos', 200)
  const imagesPerRepository = numberFlag(args, 'images', 10)
  const [source, ...destinations] = registries as [TestRegistry, ...TestRegistry[]]
  const started = performance.now()
  const { images } = await seedWorkload(source, {
    prefix: 'staging',
    repositories,
    imagesPerRepository,
    seed: SEED,
    layerSize: 256,
    concurrency: 16
  })
  const promoted = Math.floor(repositories / 2)
  await Promise.all(
    destinations.map((d) =>
      seedWorkload(d, {
        prefix: 'prod',
        repositories: promoted,
        imagesPerRepository,
        seed: SEED,
        layerSize: 256,
        concurrency: 16
      })
    )
  )
  console.error(
    `seeded ${images.length} images (+${promoted} repositories x ${destinations.length} destinations) in ${Math.round(performance.now() - started)} ms`
  )
  const root = mkdtempSync(join(tmpdir(), 'bench-plan-'))
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...a], {
      cwd: root,
      encoding: 'utf8'
    })
  git('init', '-q')
  write(
    join(root, 'manifests/k8s/promoter-manifest.yaml'),
    promoterManifestYaml(
      `${source.host}/staging`,
      destinations.map((d) => `${d.host}/prod`)
    )
  )
  write(join(root, 'images/k8s/images.yaml'), imagesYaml(images))
  git('add', '-A')
  git('commit', '-q', '-m', 'all images')
  return { source, destinations, images, root, git }
}

/** A read-only client and a resolver over it (loopback: no pacing, so wall time is the plan's). */
export function benchStores(): { client: RegistryClient; resolve: StoreResolver } {
  const client = new RegistryClient({
    readOnly: true,
    defaults: { requestsPerSecond: 5000, concurrency: 32 }
  })
  const resolve: StoreResolver = (name) => {
    const r = parseRepository(name)
    if (r.kind !== 'registry') throw new Error(`not a registry: ${name}`)
    return { store: client.store(r.host), repo: r.path }
  }
  return { client, resolve }
}

/** kpromo's plan reads: one tag list per source and destination repository any edge touches. */
export function kpromoRequests(edges: readonly Edge[]): number {
  const repos = new Set<string>()
  for (const e of edges) repos.add(`${e.srcRegistry}/${e.image}`).add(`${e.dstRegistry}/${e.image}`)
  return repos.size
}
