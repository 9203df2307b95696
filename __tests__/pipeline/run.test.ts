// The whole pipeline against a real distribution registry: dry run, read-only check, promotion
// with failure isolation, keyed signing and attestations, idempotent re-run, manifest errors.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { runPromotion } from '../../src/pipeline/run.js'
import type { RunOptions } from '../../src/pipeline/options.js'
import { buildScene, type Scene } from './fixture.js'

let registry: TestRegistry
let scene: Scene
const writes = (summary: { byMethod: Record<string, number> }): number =>
  ['PUT', 'POST', 'PATCH', 'DELETE'].reduce((n, m) => n + (summary.byMethod[m] ?? 0), 0)

beforeAll(async () => {
  registry = await startRegistry()
  scene = await buildScene(registry, [`${registry.host}/prod-1`, `${registry.host}/prod-2`])
})
afterAll(async () => registry?.stop())

function options(over: Partial<RunOptions> = {}): RunOptions {
  return {
    thinManifestDir: scene.manifestDir,
    trust: {
      provenance: { mode: 'off' },
      signer: { kind: 'keyed', privateKeyPEM: readFileSync(scene.keyPath, 'utf8') }
    },
    ...over
  }
}

describe('runPromotion on a real registry', () => {
  it('a read-only check plans everything and writes nothing', async () => {
    const mark = await registry.accessLog.mark()
    const { report, plan } = await runPromotion(
      options({ readOnly: true, confirm: true }),
      scene.dir
    )
    expect(report.mode).toBe('check')
    expect(report.stopReason).toMatch(/read-only/)
    expect(plan!.counts).toMatchObject({ promote: 7, lost: 2, conflict: 1 })
    expect(writes(await registry.accessLog.summary(mark))).toBe(0)
    expect(report.requests.writes).toBe(0)
  })

  it('a dry run stops before promote and writes nothing', async () => {
    const mark = await registry.accessLog.mark()
    const { report } = await runPromotion(options(), scene.dir)
    expect(report.mode).toBe('dry-run')
    expect(report.phases.map((p) => `${p.name}:${p.status}`)).toEqual([
      'setup:ok',
      'plan:ok',
      'provenance:ok',
      'validate:stopped',
      'promote:skipped',
      'sign:skipped',
      'attest:skipped'
    ])
    expect(writes(await registry.accessLog.summary(mark))).toBe(0)
  })

  it('promotes everything else, reports lost and conflict at their lines, signs and attests', async () => {
    const { report } = await runPromotion(options({ confirm: true }), scene.dir)
    expect(report.outcome).toBe('failure')
    expect(report.counts).toMatchObject({ planned: 7, promoted: 7, lost: 2, conflicts: 1 })
    const lost = report.problems.find((p) => p.kind === 'lost')!
    expect(lost.position).toEqual({ file: 'images/scene/images.yaml', line: 7, column: 5 })
    const conflict = report.problems.find((p) => p.kind === 'conflict')!
    expect(conflict.position?.line).toBe(6)
    expect(conflict.message).toContain('prod-1/base:v1')
    // the conflicting tag is untouched; the other destination got base:v1
    const head = async (path: string) =>
      (
        await fetch(`${registry.url}/v2/${path}`, {
          method: 'HEAD',
          headers: { accept: 'application/vnd.oci.image.manifest.v1+json' }
        })
      ).headers.get('docker-content-digest')
    expect(await head('prod-1/base/manifests/v1')).toBe(scene.digests.other)
    expect(await head('prod-2/base/manifests/v1')).toBe(scene.digests.base)
    expect(await head(`prod-2/tool/manifests/${scene.digests.tool}`)).toBe(scene.digests.tool)
    // signatures on the signing registry (the first destination): the index, its 2 children, tool
    const sigTag = (d: string) => d.replace('sha256:', 'sha256-') + '.sig'
    expect(await head(`prod-1/app/manifests/${sigTag(scene.digests.app)}`)).toMatch(/^sha256:/)
    expect(await head(`prod-1/tool/manifests/${sigTag(scene.digests.tool)}`)).toMatch(/^sha256:/)
    expect(report.counts.signed).toBe(4)
    expect(report.counts.attested).toBe(2)
  })

  it('a re-run copies, signs and attests nothing more', async () => {
    const mark = await registry.accessLog.mark()
    const { report } = await runPromotion(
      options({ confirm: true, tolerate: ['lost', 'conflict'] }),
      scene.dir
    )
    expect(report.outcome).toBe('success')
    expect(report.counts).toMatchObject({
      planned: 0,
      promoted: 0,
      skipped: 7,
      signed: 0,
      attested: 0
    })
    expect(writes(await registry.accessLog.summary(mark))).toBe(0)
  })

  it('a malformed tag in a thin manifest is an error of its own edges and is never written', async () => {
    const file = join(scene.manifestDir, 'images/scene/images.yaml')
    const good = readFileSync(file, 'utf8')
    writeFileSync(file, good.replace('["v1"]', '["-bad tag"]'))
    try {
      const mark = await registry.accessLog.mark()
      const { report } = await runPromotion(
        options({ confirm: true, tolerate: ['lost', 'conflict'] }),
        scene.dir
      )
      expect(report.outcome).toBe('failure')
      expect(report.problems).toContainEqual(
        expect.objectContaining({
          severity: 'error',
          kind: 'manifest',
          position: expect.objectContaining({ line: 6 })
        })
      )
      const paths = (await registry.accessLog.entries(mark)).map((e) => e.path)
      expect(paths.filter((p) => p.includes('-bad') || p.includes('bad%20tag'))).toEqual([])
    } finally {
      writeFileSync(file, good)
    }
  })

  it('manifest errors stop the run before any registry request', async () => {
    const file = join(scene.manifestDir, 'images/scene/images.yaml')
    const good = readFileSync(file, 'utf8')
    writeFileSync(file, good.replace('- name: tool', '- name: tool\n  bogus: 1'))
    try {
      const mark = await registry.accessLog.mark()
      const { report } = await runPromotion(options({ confirm: true }), scene.dir)
      expect(report.outcome).toBe('failure')
      expect(report.problems[0]).toMatchObject({
        kind: 'manifest',
        position: { file: 'images/scene/images.yaml', line: 9 }
      })
      const entries = await registry.accessLog.entries(mark)
      expect(entries.map((e) => `${e.method} ${e.path}`)).toEqual([])
    } finally {
      writeFileSync(file, good)
    }
  })
})
