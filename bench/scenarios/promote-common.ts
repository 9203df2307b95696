// Shared by the promote-* scenarios: flags, one timed run of our engine or of skopeo sync with
// the registry requests and blob bytes it caused, and a live check of what arrived.
import { seedWorkload, type SeededImage } from '../../__tests__/harness/seed.js'
import { requestKind, type AccessLogEntry } from '../../__tests__/harness/access-log.js'
import { newClient } from '../../__tests__/promote/registry-requests.js'
import type { Store } from '../../src/oci/store.js'
import { clearSkopeoCache, skopeoSync, type BenchResult, type TestRegistry } from '../lib/index.js'
import type { PromoteJob } from './promote-child.js'
import { runPromoteChild } from './promote-spawn.js'

export function numberFlag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? Number(args[at + 1]) : fallback
}

export interface PromoteWorkload {
  /** `<scenario> RxNxBYTES`, the case name in the results. */
  name: string
  runs: number
  seed: (registry: TestRegistry) => Promise<SeededImage[]>
}

/** The seeded workload of a promote scenario: --repos, --images, --layer and --runs with defaults. */
export function promoteWorkload(
  scenario: string,
  args: string[],
  defaults: { repos: number; images: number; layer: number }
): PromoteWorkload {
  const repositories = numberFlag(args, 'repos', defaults.repos)
  const imagesPerRepository = numberFlag(args, 'images', defaults.images)
  const layerSize = numberFlag(args, 'layer', defaults.layer)
  return {
    name: `${scenario} ${repositories}x${imagesPerRepository}x${layerSize}B`,
    runs: numberFlag(args, 'runs', 3),
    seed: async (registry) =>
      (
        await seedWorkload(registry, {
          prefix: 'staging',
          repositories,
          imagesPerRepository,
          layerSize,
          seed: 'bench-promote'
        })
      ).images
  }
}

/** Requests and bytes seen by the registries while `fn` ran. */
export async function observe<T>(
  registries: TestRegistry[],
  fn: () => Promise<T>
): Promise<{ result: T; entries: AccessLogEntry[] }> {
  const unique = [...new Set(registries)]
  const marks = await Promise.all(unique.map((r) => r.accessLog.mark()))
  const result = await fn()
  const entries = (await Promise.all(unique.map((r, i) => r.accessLog.entries(marks[i])))).flat()
  return { result, entries }
}

export function tally(entries: AccessLogEntry[]) {
  const blobBytes = entries
    .filter((e) => e.method === 'GET' && requestKind(e) === 'blob')
    .reduce((sum, e) => sum + (e.bytes ?? 0), 0)
  const count = (kind: string, method?: string, status?: number) =>
    entries.filter(
      (e) =>
        requestKind(e) === kind &&
        (method === undefined || e.method === method) &&
        (status === undefined || e.status === status)
    ).length
  const writes = entries.filter((e) => !['GET', 'HEAD'].includes(e.method)).length
  return { requests: entries.length, blobBytes, mounts: count('mount', 'POST', 201), writes }
}

/** HEAD every digest and tag at `prefix/<name>`: how many are missing or wrong. */
export async function verifyPromoted(
  store: Store,
  images: SeededImage[],
  prefix: string
): Promise<number> {
  let failures = 0
  for (const image of images) {
    const repo = `${prefix}/${image.name}`
    for (const ref of [image.digest, ...image.tags]) {
      if ((await store.manifestHead(repo, ref))?.digest !== image.digest) failures++
    }
  }
  return failures
}

/** One run of our engine (in its own process) from `source` to `dest` under `prefix`. */
export async function runOurs(
  scenario: string,
  source: TestRegistry,
  dest: TestRegistry,
  images: SeededImage[],
  prefix: string
): Promise<BenchResult> {
  const job: PromoteJob = {
    sourceHost: source.host,
    destinationHost: dest.host,
    requests: images.map((i) => ({
      sourceRepo: i.repository,
      digest: i.digest,
      destinationRepo: `${prefix}/${i.name}`,
      tags: i.tags
    }))
  }
  const { result: child, entries } = await observe([source, dest], () => runPromoteChild(job))
  if (child.failures.length > 0) throw new Error(`promotion failed: ${child.failures[0]}`)
  const client = newClient('bench-verify')
  const failures = await verifyPromoted(client.store(dest.host), images, prefix)
  await client.close()
  const t = tally(entries)
  return {
    scenario,
    tool: 'image-promoter',
    requests: t.requests,
    bytes: child.totals.bytes!,
    wallMs: child.wallMs,
    peakRssMb: child.peakRssMb,
    extra: {
      blobBytesServed: t.blobBytes,
      mounts: t.mounts,
      writes: t.writes,
      cpuS: child.cpuS,
      startupMs: Math.round(child.startupMs),
      startupCpuS: child.startupCpuS,
      verifyFailures: failures,
      totals: child.totals
    }
  }
}

/** One cold `skopeo sync --all` run, observed; bytes = blob bytes the source served. */
export async function runSkopeo(
  scenario: string,
  source: TestRegistry,
  dest: TestRegistry,
  images: SeededImage[],
  prefix: string,
  cold = true
): Promise<BenchResult> {
  if (cold) clearSkopeoCache()
  const { result, entries } = await observe([source, dest], () =>
    skopeoSync(source, images, dest, prefix)
  )
  if (result.exitCode !== 0) throw new Error(`skopeo sync failed: ${result.stderr.slice(-500)}`)
  const client = newClient('bench-verify')
  const failures = await verifyPromoted(client.store(dest.host), images, prefix)
  await client.close()
  const t = tally(entries)
  return {
    scenario,
    tool: 'skopeo sync --all',
    requests: t.requests,
    bytes: t.blobBytes,
    wallMs: result.wallMs,
    peakRssMb: result.peakRssMb,
    extra: {
      blobBytesServed: t.blobBytes,
      mounts: t.mounts,
      writes: t.writes,
      cpuS: (result.userS ?? 0) + (result.sysS ?? 0),
      verifyFailures: failures
    }
  }
}
