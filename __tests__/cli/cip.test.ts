// `image-promoter cip` with kpromo-style invocations, against a real registry.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { buildImage, buildIndex } from '../harness/images.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { pushImage, pushIndex, writeThinManifests } from '../harness/seed.js'

let registry: TestRegistry
let dir: string
let app: string
let tool: string

beforeAll(async () => {
  registry = await startRegistry()
  const index = buildIndex(
    ['amd64', 'arm64'].map((architecture, i) =>
      buildImage({ seed: `cip/app/${i}`, platform: { os: 'linux', architecture } })
    )
  )
  const image = buildImage({ seed: 'cip/tool', family: 'docker' })
  app = await pushIndex(registry, 'staging/app', index)
  tool = await pushImage(registry, 'staging/tool', image, ['t1'])
  dir = join(mkdtempSync(join(tmpdir(), 'cip-')), 'k8s.io')
  writeThinManifests(dir, {
    sub: 'staging',
    src: `${registry.host}/staging`,
    dests: [`${registry.host}/prod`],
    imagesYaml: `- name: app\n  dmap:\n    "${app}": ["v1"]\n- name: tool\n  dmap:\n    "${tool}": []\n`
  })
})
afterAll(async () => registry?.stop())

async function cip(args: string[], env: Record<string, string> = {}) {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: dir,
    env,
    isTTY: false
  }
  const code = await main(['cip', ...args], io)
  return { code, stdout: out.join(''), stderr: err.join('') }
}

describe('cip with kpromo flags', () => {
  it('rejects unknown flags and stray arguments with usage errors', async () => {
    expect((await cip(['--threads=10'])).code).toBe(2)
    expect((await cip(['--threads=10'])).stderr).toContain('unknown flag --threads')
    expect((await cip(['run'])).stderr).toContain('cip takes flags only')
    expect((await cip(['--confirm=maybe'])).stderr).toContain('invalid boolean value')
  })

  it('--use-prow-manifest-diff needs prow variables, as in kpromo', async () => {
    const result = await cip([`--thin-manifest-dir=${dir}`, '--use-prow-manifest-diff'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('JOB_TYPE not set')
    expect(
      (
        await cip([`--thin-manifest-dir=${dir}`, '--use-prow-manifest-diff'], {
          JOB_TYPE: 'presubmit'
        })
      ).stderr
    ).toContain('PULL_BASE_SHA not set')
    expect(
      (
        await cip([`--thin-manifest-dir=${dir}`, '--use-prow-manifest-diff'], {
          JOB_TYPE: 'periodic'
        })
      ).stderr
    ).toContain('unknown job type: periodic')
  })

  it('a dry run (no --confirm) plans and writes nothing', async () => {
    const mark = await registry.accessLog.mark()
    const result = await cip(['--thin-manifest-dir', dir])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('dry run')
    const summary = await registry.accessLog.summary(mark)
    expect(summary.byMethod.PUT ?? 0).toBe(0)
    expect(summary.byMethod.POST ?? 0).toBe(0)
  })

  it('--confirm --sign=false promotes; a second run has nothing to do', async () => {
    const first = await cip([`--thin-manifest-dir=${dir}`, '--confirm', '--sign=false'])
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/promoted: 2/)
    const head = await fetch(`${registry.url}/v2/prod/app/manifests/v1`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.oci.image.index.v1+json' }
    })
    expect(head.headers.get('docker-content-digest')).toBe(app)
    const second = await cip([`--thin-manifest-dir=${dir}`, '--confirm', '--sign=false'])
    expect(second.stdout).toMatch(/already done: 2/)
  })

  it('--confirm without a signer is a clear error, not a silent unsigned promotion', async () => {
    const result = await cip([`--thin-manifest-dir=${dir}`, '--confirm'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('signing needs a signer')
  })

  it('--snapshot and --manifest-based-snapshot-of (which honours thin manifests here)', async () => {
    const live = await cip([`--snapshot=${registry.host}/prod`, '--output=csv'])
    expect(live.code).toBe(0)
    expect(live.stdout).toContain(`app@${app},app:v1`)
    const fromManifests = await cip([
      `--manifest-based-snapshot-of=${registry.host}/prod`,
      `--thin-manifest-dir=${dir}`
    ])
    expect(fromManifests.code).toBe(0)
    expect(fromManifests.stdout).toContain(`"${tool}": []`)
  })
})
