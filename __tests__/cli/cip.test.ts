// `image-promoter cip` with kpromo-style invocations, against a real registry.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CIP_FLAGS, runArgs } from '../../src/cli/commands/cip.js'
import { parseGoFlags } from '../../src/cli/go-flags.js'
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

describe('cip as a kpromo v4.6 drop-in', () => {
  let scanDir: string
  let fresh: string
  let gone: string
  beforeAll(async () => {
    fresh = await pushImage(registry, 'staging/fresh', buildImage({ seed: 'cip/fresh' }), ['f1'])
    // Promoted earlier, then deleted from staging: only production holds it.
    gone = await pushImage(registry, 'prod/gone', buildImage({ seed: 'cip/gone' }), ['g1'])
    scanDir = join(mkdtempSync(join(tmpdir(), 'cip-v46-')), 'k8s.io')
    writeThinManifests(scanDir, {
      sub: 'staging',
      src: `${registry.host}/staging`,
      dests: [`${registry.host}/prod`],
      imagesYaml:
        `- name: fresh\n  dmap:\n    "${fresh}": ["f1"]\n` +
        `- name: gone\n  dmap:\n    "${gone}": ["g1"]\n` +
        `- name: lost\n  dmap:\n    "sha256:${'e'.repeat(64)}": ["l1"]\n`
    })
  })

  const argsOf = (flags: string[]) => runArgs(parseGoFlags(flags, CIP_FLAGS), { env: {} } as CliIo)

  it('--vuln-severity-threshold N (N >= 0) only scans: --confirm writes nothing, and says so', async () => {
    const mark = await registry.accessLog.mark()
    const result = await cip([
      `--thin-manifest-dir=${scanDir}`,
      '--confirm',
      '--sign=false',
      '--vuln-severity-threshold=0'
    ])
    expect(result.stderr).toContain('--vuln-severity-threshold 0 only scans (as kpromo)')
    const summary = await registry.accessLog.summary(mark)
    expect(summary.byMethod.PUT ?? 0).toBe(0)
    expect(summary.byMethod.POST ?? 0).toBe(0)
    expect(argsOf(['--confirm', '--vuln-severity-threshold=3'])).not.toContain('--confirm')
    // A negative threshold is kpromo's "off": a normal promotion, no gate.
    const off = argsOf(['--confirm', '--vuln-severity-threshold=-1'])
    expect(off).toContain('--confirm')
    expect(off).not.toContain('--vuln-severity-threshold')
  })

  it('lost sources are logged and exit 0; a digest production already holds is done', async () => {
    const result = await cip([`--thin-manifest-dir=${scanDir}`, '--confirm', '--sign=false'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/promoted: 1/)
    expect(result.stdout).toMatch(/already done: 1/)
    expect(result.stdout + result.stderr).toMatch(/lost/)
  })

  it("signs kpromo's way by default (canonical registry, registry.k8s.io/<image>); both overridable", () => {
    const args = argsOf(['--confirm'])
    expect(args.join(' ')).toContain(
      '--signing-registry us-central1-docker.pkg.dev/k8s-artifacts-prod/images --signing-identity-rewrite k8s-artifacts-prod/images=registry.k8s.io'
    )
    expect(args.join(' ')).toContain('--sign-tagless false')
    const own = argsOf([
      '--signing-registry=ghcr.io/org',
      '--signing-identity-rewrite=ghcr.io/org=example.com'
    ])
    expect(own.join(' ')).toContain(
      '--signing-registry ghcr.io/org --signing-identity-rewrite ghcr.io/org=example.com'
    )
  })

  it("accepts v4.6's --verification-summaries and --summary-signer-account, saying what differs", async () => {
    const result = await cip([
      `--thin-manifest-dir=${scanDir}`,
      '--verification-summaries',
      '--summary-signer-account=vsa@k8s-releng-prod.iam.gserviceaccount.com'
    ])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('--summary-signer-account is ignored')
    expect(argsOf(['--verification-summaries'])).toContain('--verification-summaries')
  })
})
