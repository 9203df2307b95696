// Cancellation (issue #14): a stopped run stops its I/O promptly. A registry that stalls a blob
// body mid-way is left within 1 s of the abort, with the socket closed and no tag written; the
// CLI stopped by SIGTERM exits at once with its own code and a re-run completes; fail-fast
// aborts the requests of the other copies in flight instead of letting them run on.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PromoterError } from '../../src/errors.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import type { Store } from '../../src/oci/store.js'
import { promote, type CopyRequest, type PromoteResult } from '../../src/promote/index.js'
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { seedWorkload, writeThinManifests } from '../harness/seed.js'
import { pushImage } from '../promote/images.js'
import { LOOPBACK_REQUESTS_PER_SECOND } from '../promote/registry-requests.js'
import { spawnCli } from './crash-child.js'
import { recordResult } from './results.js'

const BLOB_GET = /^GET \/v2\/.+\/blobs\/sha256:/
let registry: TestRegistry
const scratch = mkdtempSync(join(tmpdir(), 'cancel-'))
const clients: RegistryClient[] = []
const proxies: FaultProxy[] = []

beforeAll(async () => {
  registry = await startRegistry()
})
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()))
  await Promise.all(proxies.map((p) => p.stop()))
  await registry?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

function newClient(options: ConstructorParameters<typeof RegistryClient>[0] = {}): RegistryClient {
  const client = new RegistryClient({
    defaults: { requestsPerSecond: LOOPBACK_REQUESTS_PER_SECOND },
    ...options
  })
  clients.push(client)
  return client
}

async function proxy(options: Omit<Parameters<typeof startFaultProxy>[0], 'target'> = {}) {
  const started = await startFaultProxy({ target: registry.url, ...options })
  proxies.push(started)
  return started
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(5)
  }
}

/** The promise's value, or undefined when it is not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)))
  try {
    return await Promise.race([promise, late])
  } finally {
    clearTimeout(timer)
  }
}

describe('cancellation', () => {
  it('a blob body stalled mid-way: the promote returns within 1 s of the abort, CANCELLED, socket closed, no tag', async () => {
    const stalling = await proxy()
    const client = newClient()
    const direct = client.store(registry.host)
    const image = await pushImage(direct, 'staging/stall', { layers: 2, layerSize: 1_000_000 })
    stalling.setFailFirst({ count: 1, fault: 'stall', match: BLOB_GET })
    const request: CopyRequest = {
      id: 'stall',
      source: { store: client.store(stalling.host), repo: 'staging/stall' },
      digest: image.digest,
      destination: { store: direct, repo: 'prod/stall' },
      tags: ['v1']
    }
    const controller = new AbortController()
    const running = promote([request], { signal: controller.signal })
    await until(() => stalling.stats.stall === 1)
    await sleep(200)
    const abortedAt = performance.now()
    controller.abort()
    const result = await within(running, 5000)
    const stoppedMs = performance.now() - abortedAt
    expect(result).toBeDefined()
    expect(stoppedMs).toBeLessThan(1000)
    expect(result!.results[0]).toMatchObject({ state: 'failed', code: 'CANCELLED' })
    await until(() => stalling.stats.stallClosed === 1, 1000)
    expect(await direct.manifestHead('prod/stall', 'v1')).toBeUndefined()
    expect(await direct.manifestHead('prod/stall', image.digest)).toBeUndefined()
    recordResult('cancel-stall', { stalledBlobStoppedMs: Math.round(stoppedMs) })

    // A re-run completes (the stall was a one-off).
    const again = await promote([request])
    expect(again.results[0]).toMatchObject({ state: 'copied' })
    expect((await direct.manifestHead('prod/stall', 'v1'))?.digest).toBe(image.digest)
  })

  it("the run's signal on the client stops a stalled read made outside any copy (plan reads)", async () => {
    const stalling = await proxy()
    const seeder = newClient()
    const image = await pushImage(seeder.store(registry.host), 'staging/plan-read', {
      layers: 1,
      layerSize: 500_000
    })
    const manifest = await seeder
      .store(registry.host)
      .manifestGet('staging/plan-read', image.digest)
    const layer = (
      JSON.parse(Buffer.from(manifest.bytes).toString()) as {
        layers: { digest: string }[]
      }
    ).layers[0]!.digest
    stalling.setFailFirst({ count: 1, fault: 'stall', match: BLOB_GET })
    const controller = new AbortController()
    const client = newClient({ signal: controller.signal })
    const reader = await client.store(stalling.host).blobGet('staging/plan-read', layer)
    const read = (async () => {
      for await (const _ of reader.stream) void _
    })()
    read.catch(() => undefined)
    await until(() => stalling.stats.stall === 1)
    const abortedAt = performance.now()
    controller.abort()
    const error = await within(
      read.then(
        () => undefined,
        (e: unknown) => e
      ),
      5000
    )
    expect(performance.now() - abortedAt).toBeLessThan(1000)
    expect(error).toBeInstanceOf(PromoterError)
    expect((error as PromoterError).code).toBe('CANCELLED')
    await until(() => stalling.stats.stallClosed === 1, 1000)
    // Nothing further is sent on an aborted client.
    await expect(client.store(stalling.host).tagList('staging/plan-read')).rejects.toMatchObject({
      code: 'CANCELLED'
    })
  })

  it('the CLI stopped by SIGTERM mid-copy exits promptly with code 130 and a clear message; a re-run completes', async () => {
    const stalling = await proxy()
    const seeded = await seedWorkload(registry, {
      prefix: 'staging-cli',
      repositories: 1,
      imagesPerRepository: 3,
      layerSize: 500_000,
      seed: 'cancel-cli'
    })
    const root = join(scratch, 'cli')
    writeThinManifests(root, {
      sub: 'cancel',
      src: `${stalling.host}/staging-cli`,
      dests: [`${registry.host}/prod-cli`],
      imagesYaml: seeded.imagesYaml
    })
    const args = [
      'run',
      '--thin-manifest-dir',
      root,
      '--confirm',
      '--provenance',
      'off',
      '--sign',
      'false'
    ]
    stalling.setFailFirst({ count: 1, fault: 'stall', match: BLOB_GET })
    const cli = spawnCli(args, scratch)
    let exitedEarly = false
    void cli.exited.then(() => (exitedEarly = true))
    await until(() => stalling.stats.stall === 1 || exitedEarly, 60_000)
    expect(exitedEarly ? cli.output() : 'running').toBe('running')
    await sleep(200)
    const signalledAt = performance.now()
    cli.child.kill('SIGTERM')
    const code = await within(cli.exited, 10_000)
    const exitMs = performance.now() - signalledAt
    expect(code).toBe(130)
    expect(exitMs).toBeLessThan(2000)
    expect(cli.output()).toMatch(/stopped by SIGTERM: the run stopped before completion/)
    expect(stalling.stats.stallClosed).toBe(1)
    recordResult('cancel-sigterm', { sigtermExitMs: Math.round(exitMs) })
    // No tag names incomplete content: every tag written points at a manifest whose blobs exist.
    const check = newClient().store(registry.host)
    for (const image of seeded.images) {
      const repo = `prod-cli/${image.name}`
      for (const tag of image.tags) {
        const head = await check.manifestHead(repo, tag)
        if (head) await expectComplete(check, repo, head.digest)
      }
    }

    const rerun = spawnCli(args, scratch)
    expect(await rerun.exited).toBe(0)
    for (const image of seeded.images) {
      for (const tag of image.tags) {
        expect((await check.manifestHead(`prod-cli/${image.name}`, tag))?.digest).toBe(image.digest)
      }
    }
  })

  it('the CLI plan stopped by SIGINT while a registry read hangs exits promptly with code 130', async () => {
    // The first source manifest read is held for a minute before the proxy forwards it.
    const holding = await proxy({ failFirstDelayMs: 60_000 })
    const seeded = await seedWorkload(registry, {
      prefix: 'staging-plan',
      repositories: 1,
      imagesPerRepository: 1,
      seed: 'cancel-plan'
    })
    const root = join(scratch, 'plan')
    writeThinManifests(root, {
      sub: 'cancel',
      src: `${holding.host}/staging-plan`,
      dests: [`${registry.host}/prod-plan`],
      imagesYaml: seeded.imagesYaml
    })
    holding.setFailFirst({ count: 1, fault: 'delay', match: /^(HEAD|GET) \/v2\/.+\/manifests\// })
    const cli = spawnCli(['plan', '--thin-manifest-dir', root], scratch)
    let exitedEarly = false
    void cli.exited.then(() => (exitedEarly = true))
    await until(() => holding.stats.delayed === 1 || exitedEarly, 60_000)
    expect(exitedEarly ? cli.output() : 'running').toBe('running')
    await sleep(200)
    const signalledAt = performance.now()
    cli.child.kill('SIGINT')
    const code = await within(cli.exited, 10_000)
    const exitMs = performance.now() - signalledAt
    expect(code).toBe(130)
    expect(exitMs).toBeLessThan(2000)
    expect(cli.output()).toMatch(/stopped by SIGINT: the run stopped before completion/)
    recordResult('cancel-sigint-plan', { sigintExitMs: Math.round(exitMs) })
  })

  it('fail-fast: once one copy fails, the requests of the copies in flight are aborted', async () => {
    // Sources are slow (every request 150 ms), so the other copies are mid-way at the failure;
    // the destination goes through a proxy that counts what arrives after the stop.
    const slow = await proxy({ rates: { delayMs: [150, 150] } })
    const counting = await proxy()
    const client = newClient()
    const direct = client.store(registry.host)
    const images = []
    for (let i = 0; i < 4; i++) {
      images.push(await pushImage(direct, `staging/ff${i}`, { layers: 3, layerSize: 300_000 }))
    }
    const source = client.store(slow.host)
    const destination = client.store(counting.host)
    let stoppedAt = 0
    let arrivedByStop = 0
    const failing: Store = {
      ...delegate(source),
      manifestGet: async () => {
        await sleep(700)
        stoppedAt = performance.now()
        // Requests already sent reach the proxy within a few ms on loopback.
        setTimeout(() => (arrivedByStop = counting.stats.requests), 50)
        throw new PromoterError('COPY_FAILED', 'a fatal error of one edge')
      }
    }
    const requests: CopyRequest[] = images.map((image, i) => ({
      id: `ff${i}`,
      source: { store: source, repo: `staging/ff${i}` },
      digest: image.digest,
      destination: { store: destination, repo: `prod/ff${i}` },
      tags: ['v1']
    }))
    requests.push({
      id: 'fails',
      // Its own repository: reads of the same source repository and digest are shared.
      source: { store: failing, repo: 'staging/fails' },
      digest: images[0]!.digest,
      destination: { store: destination, repo: 'prod/fails' },
      tags: ['v1']
    })
    const result = (await within(promote(requests, { failFast: true }), 30_000)) as PromoteResult
    const returnedMs = performance.now() - stoppedAt
    await sleep(1000)
    const afterStop = counting.stats.requests - arrivedByStop
    expect(result.stopped).toBe(true)
    expect(result.results.find((r) => r.id === 'fails')).toMatchObject({ code: 'COPY_FAILED' })
    const cancelled = result.results.filter((r) => r.code === 'CANCELLED').length
    expect(cancelled).toBeGreaterThan(0)
    expect(afterStop).toBe(0)
    expect(returnedMs).toBeLessThan(1000)
    recordResult('cancel-fail-fast', {
      failFastRequestsAfterStop: afterStop,
      failFastReturnMs: Math.round(returnedMs)
    })
  })
})

/** Every Store method of `store`, as a plain object to override some of. */
function delegate(store: Store): Store {
  return {
    kind: store.kind,
    host: store.host,
    manifestHead: (r, ref) => store.manifestHead(r, ref),
    manifestGet: (r, ref) => store.manifestGet(r, ref),
    manifestPut: (r, ref, m) => store.manifestPut(r, ref, m),
    blobHas: (r, d) => store.blobHas(r, d),
    blobGet: (r, d) => store.blobGet(r, d),
    blobPut: (r, d, s, b) => store.blobPut(r, d, s, b),
    blobMount: (r, d, f) => store.blobMount(r, d, f),
    tagList: (r) => store.tagList(r),
    referrersList: (r, d, t) => store.referrersList(r, d, t),
    referrerPut: (r, m) => store.referrerPut(r, m)
  }
}

/** Throws unless `digest` and everything it references are readable in `repo`. */
async function expectComplete(store: Store, repo: string, digest: string): Promise<void> {
  const manifest = await store.manifestGet(repo, digest)
  const json = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as {
    manifests?: { digest: string }[]
    config?: { digest: string }
    layers?: { digest: string }[]
  }
  for (const child of json.manifests ?? []) await expectComplete(store, repo, child.digest)
  for (const blob of [json.config, ...(json.layers ?? [])]) {
    if (blob) expect(await store.blobHas(repo, blob.digest)).toBe(true)
  }
}
