// A registry cannot hang a run, nor make it write a tag on incomplete content. End to end, one
// promotion per case: a source that drips its headers, drips a manifest body, or never answers
// fails only its own edges, by a named deadline, while an honest source's edge is promoted and
// the run ends within its deadlines; a source that serves an image manifest (no `mediaType`
// field) as an index writes nothing and tags nothing, in a registry or a layout, and a re-run
// is not "done". Figures: cases, hangs, corrupt writes (tags on incomplete or mistyped content).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ServerResponse } from 'node:http'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { MEDIA_TYPE } from '../../src/oci/media-types.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import type { Store } from '../../src/oci/store.js'
import { runPromotion } from '../../src/pipeline/run.js'
import { buildImage, manifestOf, type BuiltImage } from '../harness/images.js'
import { writeThinManifests } from '../harness/seed.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { CREDENTIALS, startHostileServer, type HostileServer } from './hostile-server.js'
import { serveImage } from './hostile-routes.js'
import { recordResult, since } from './results.js'

const DEADLINE_MS = 1_000
/** A run that takes longer than this is counted as a hang (deadlines x cut-off, plus slack). */
const HANG_MS = 20_000

const honest = buildImage({ seed: 'deadlines-honest', layers: [4096] })
const victim = buildImage({ seed: 'deadlines-victim', layers: [4096] })
const { mediaType: _dropped, ...withoutMediaType } = JSON.parse(
  Buffer.from(victim.manifest.bytes).toString()
) as Record<string, unknown>
/** The victim image, its manifest without `mediaType`, served as an OCI index. */
const lying: BuiltImage = { ...victim, manifest: manifestOf(MEDIA_TYPE.ociIndex, withoutMediaType) }

let hostile: HostileServer
let healthy: HostileServer
let registry: TestRegistry
const figures: Record<string, unknown> = {}
const totals = { cases: 0, hangs: 0, corruptWrites: 0 }

beforeAll(async () => {
  hostile = await startHostileServer()
  healthy = await startHostileServer()
  healthy.route(serveImage(honest))
  registry = await startRegistry()
})
afterAll(async () => {
  recordResult('hostile-deadlines', { ...totals, runs: figures })
  await hostile?.stop()
  await healthy?.stop()
  await registry?.stop()
})

/** One byte every `everyMs` on the raw socket, for ever: an idle timeout never fires. */
function drip(res: ServerResponse, head: string, everyMs: number): void {
  const socket = res.socket!
  socket.write(head)
  const timer = setInterval(
    () => (socket.destroyed ? clearInterval(timer) : socket.write('x')),
    everyMs
  )
  socket.on('close', () => clearInterval(timer))
}

const HUNG: Record<string, Parameters<HostileServer['route']>[0]> = {
  'dripping headers': (_req, res) => drip(res, 'HTTP/1.1 200 OK\r\nx-drip: ', 200),
  'dripping manifest body': (req, res) =>
    req.method === 'HEAD'
      ? res
          .writeHead(200, {
            'content-type': victim.manifest.mediaType,
            'content-length': victim.manifest.size
          })
          .end()
      : drip(
          res,
          `HTTP/1.1 200 OK\r\ncontent-type: ${victim.manifest.mediaType}\r\n` +
            `content-length: ${victim.manifest.size}\r\n\r\n{`,
          200
        ),
  'silent host': () => undefined
}
const NAMED: Record<string, RegExp> = {
  'dripping headers': /header deadline \(1000 ms\)/,
  'dripping manifest body': /body deadline \(1000 ms\)/,
  'silent host': /header deadline \(1000 ms\)/
}

async function promoteOnce(dir: string, dests: string[], source: BuiltImage, withHealthy: boolean) {
  writeThinManifests(join(dir, 'repo'), {
    sub: 'hostile',
    src: `${hostile.host}/src`,
    dests,
    imagesYaml: `- name: victim\n  dmap:\n    "${source.manifest.digest}": ["v1"]\n`
  })
  if (withHealthy)
    writeThinManifests(join(dir, 'repo'), {
      sub: 'healthy',
      src: `${healthy.host}/src`,
      dests,
      imagesYaml: `- name: honest\n  dmap:\n    "${honest.manifest.digest}": ["v1"]\n`
    })
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const run = runPromotion(
    {
      thinManifestDir: join(dir, 'repo'),
      confirm: true,
      registry: {
        credentials: { [hostile.host]: CREDENTIALS, [healthy.host]: CREDENTIALS },
        defaults: { headerTimeoutMs: DEADLINE_MS, bodyTimeoutMs: DEADLINE_MS, backoffBaseMs: 5 }
      },
      trust: { provenance: { mode: 'off' }, sign: false },
      log: () => undefined
    },
    dir
  )
  const outcome = await Promise.race([
    run,
    new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)))
  ])
  clearTimeout(timer)
  const ms = since(started)
  if (outcome === 'hang') {
    totals.hangs++
    throw new Error(`the run was still going after ${HANG_MS} ms`)
  }
  const errors = outcome.report.problems.filter((p) => p.severity === 'error')
  return { report: outcome.report, errors: errors.map((p) => p.message).join('\n'), ms }
}

/** A tag on content that is not whole (a missing blob) or mistyped counts as a corrupt write. */
async function corruptTag(store: Store, repo: string, image: BuiltImage): Promise<boolean> {
  const found = await store.manifestHead(repo, 'v1').catch(() => undefined)
  if (found === undefined) return false
  if (found.digest !== image.manifest.digest) return true
  for (const blob of [image.config, ...image.layers])
    if (!(await store.blobHas(repo, blob.digest))) return true
  return false
}

describe('a source that hangs', () => {
  it.each(Object.keys(HUNG))('%s: only its edge fails, by a named deadline', async (name) => {
    totals.cases++
    hostile.route(HUNG[name]!)
    const dir = mkdtempSync(join(tmpdir(), 'hostile-deadlines-'))
    const prefix = `prod-${name.replace(/ /g, '-')}`
    const { report, errors, ms } = await promoteOnce(
      dir,
      [`${registry.host}/${prefix}`],
      victim,
      true
    )
    const client = new RegistryClient()
    try {
      const store = client.store(registry.host)
      const victimTag = await store.manifestHead(`${prefix}/victim`, 'v1')
      const honestTag = await store.manifestHead(`${prefix}/honest`, 'v1')
      if (await corruptTag(store, `${prefix}/honest`, honest)) totals.corruptWrites++
      figures[name] = { ms, outcome: report.outcome, promoted: report.counts.promoted }
      expect(report.outcome).toBe('failure')
      expect(errors).toMatch(NAMED[name]!)
      expect(victimTag).toBeUndefined()
      expect(honestTag?.digest).toBe(honest.manifest.digest)
      expect(ms).toBeLessThan(HANG_MS)
    } finally {
      client.close()
    }
  })
})

describe('an image manifest served as an index', () => {
  it.each([
    ['into a registry', 'registry'],
    ['into a layout', 'layout']
  ])('%s: nothing is tagged, and a re-run is not done', async (_name, kind) => {
    totals.cases++
    hostile.route(serveImage(lying))
    const dir = mkdtempSync(join(tmpdir(), 'hostile-lie-'))
    const dest = kind === 'layout' ? `oci:${join(dir, 'prod')}` : `${registry.host}/lie-${kind}`
    const runs = []
    for (let run = 0; run < 2; run++) runs.push(await promoteOnce(dir, [dest], lying, false))
    const client = new RegistryClient()
    try {
      const [store, repo] =
        kind === 'layout'
          ? [new LayoutStore({ baseDir: dir }) as Store, join(dir, 'prod', 'victim')]
          : [client.store(registry.host) as Store, `lie-${kind}/victim`]
      if (await corruptTag(store, repo, lying)) totals.corruptWrites++
      figures[`lie ${kind}`] = runs.map((r) => ({ ms: r.ms, outcome: r.report.outcome }))
      for (const { report, errors } of runs) {
        expect(report.outcome).toBe('failure')
        expect(errors).toMatch(/has no "manifests" list/)
      }
      expect(await store.manifestHead(repo, 'v1').catch(() => undefined)).toBeUndefined()
    } finally {
      client.close()
    }
  })
})

describe('totals', () => {
  it('no hangs, no corrupt writes', () => {
    expect(totals).toMatchObject({ hangs: 0, corruptWrites: 0 })
  })
})
