// Interruption: a child process promoting between two real registries is SIGKILLed mid-copy.
// A proxy in front of production stops answering after the KILL_AFTER_UPLOADS-th committed blob
// upload, so the kill always lands with an image's blobs stored and its manifest not pushed.
// No destination tag may point at incomplete content, and a re-run finishes every edge without
// re-uploading a blob the killed run had already committed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Store } from '../../src/oci/store.js'
import { promote } from '../../src/promote/index.js'
import type { AccessLogEntry } from '../harness/access-log.js'
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js'
import type { TestRegistry } from '../harness/registry.js'
import type { SeededWorkload } from '../harness/seed.js'
import type { ChildJob } from './promote-child.js'
import { expectPromoted, twoRegistries } from './registry-fixtures.js'
import { newClient, requestsFor } from './registry-requests.js'

const KILL_AFTER_UPLOADS = 8
// One node process (no tsx launcher in between), so SIGKILL hits the process doing the copy.
const CHILD_SCRIPT = join(process.cwd(), '__tests__', 'promote', 'promote-child.ts')
const scratch = mkdtempSync(join(tmpdir(), 'promote-kill-'))
let staging: TestRegistry
let production: TestRegistry
let workload: SeededWorkload
let freezer: FaultProxy
const scene = twoRegistries({
  repositories: 2,
  imagesPerRepository: 4,
  layerSize: 400_000,
  seed: 'promote-interrupted'
})
beforeAll(async () => {
  ;({ staging, production, workload } = scene)
  freezer = await startFaultProxy({
    target: production.url,
    freezeAfterUploads: KILL_AFTER_UPLOADS
  })
})
afterAll(async () => {
  await freezer.stop()
  rmSync(scratch, { recursive: true, force: true })
})

/** `repo digest` of every committed upload (PUT ...?digest= answered 201). */
function committedUploads(entries: AccessLogEntry[]): Set<string> {
  const committed = new Set<string>()
  for (const e of entries) {
    const match = /^\/v2\/(.+)\/blobs\/uploads\/[^?]*\?.*digest=(sha256(?::|%3A)[0-9a-f]{64})/.exec(
      e.path
    )
    if (e.method === 'PUT' && e.status === 201 && match) {
      committed.add(`${match[1]} ${decodeURIComponent(match[2]!)}`)
    }
  }
  return committed
}

/** Throws unless `digest` and everything it references are readable in `repo`. */
async function expectComplete(store: Store, repo: string, digest: string): Promise<void> {
  const manifest = await store.manifestGet(repo, digest)
  const json = JSON.parse(Buffer.from(manifest.bytes).toString('utf8'))
  for (const child of json.manifests ?? []) await expectComplete(store, repo, child.digest)
  for (const blob of [json.config, ...(json.layers ?? [])].filter(Boolean)) {
    expect(await store.blobHas(repo, blob.digest)).toBe(true)
  }
}

async function runChildUntilKilled(jobFile: string): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, jobFile], {
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal))
  )
  let done = false
  void exited.then(() => (done = true))
  while (!done) {
    if (freezer.frozen) {
      child.kill('SIGKILL')
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return exited
}

describe('an interrupted promotion', () => {
  it('leaves no tag on incomplete content, and a re-run completes without re-uploading', async () => {
    const job: ChildJob = {
      sourceHost: staging.host,
      destinationHost: freezer.host,
      requests: workload.images.map((i) => ({
        id: i.digest,
        sourceRepo: i.repository,
        digest: i.digest,
        destinationRepo: `prod/${i.name}`,
        tags: i.tags
      }))
    }
    const jobFile = join(scratch, 'job.json')
    writeFileSync(jobFile, JSON.stringify(job))
    expect(await runChildUntilKilled(jobFile)).toBe('SIGKILL')

    const client = newClient()
    const [src, dst] = [client.store(staging.host), client.store(production.host)]
    const firstRun = await production.accessLog.entries()
    const committed = committedUploads(firstRun)
    expect(committed.size).toBeGreaterThanOrEqual(KILL_AFTER_UPLOADS)
    let tagged = 0
    for (const image of workload.images) {
      const repo = `prod/${image.name}`
      for (const tag of (await dst.tagList(repo)).tags) {
        const found = await dst.manifestHead(repo, tag)
        await expectComplete(dst, repo, found!.digest)
        tagged++
      }
    }
    const allTags = workload.images.reduce((n, i) => n + i.tags.length, 0)
    expect(tagged).toBeLessThan(allTags)

    const mark = await production.accessLog.mark()
    const result = await promote(requestsFor(workload.images, src, dst, 'prod'))
    expect(result.results.filter((r) => r.state === 'failed')).toEqual([])
    const reuploaded = committedUploads(await production.accessLog.entries(mark))
    expect([...reuploaded].filter((u) => committed.has(u))).toEqual([])
    expect(result.totals.blobsSkipped).toBeGreaterThan(0)
    await expectPromoted(workload.images, src, dst, 'prod')
    await client.close()
  })
})
