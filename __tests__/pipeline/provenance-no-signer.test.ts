// Fail closed before any read (issue #13): `provenance: require` (a manifest's block, or the
// run-wide option) with nobody trusted to sign provenance is a manifest error at the block's line,
// and the run stops before its first registry request (counted in the registry's access log).
// A kpromo block always lists signers; only our key signer can still trust nobody (its key is
// not among the trusted keys).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runPromotion } from '../../src/pipeline/run.js'
import type { RunOptions } from '../../src/pipeline/options.js'
import type { TrustOptions } from '../../src/pipeline/trust-options.js'
import { generateKeyPairSync } from 'node:crypto'
import { keyHint } from '../../src/trust/signing/keyed-signer.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })

let registry: TestRegistry
let dir: string
const DIGEST = `sha256:${'a'.repeat(64)}`

function write(path: string, lines: string[]): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true })
  writeFileSync(join(dir, path), `${lines.join('\n')}\n`)
}

beforeAll(async () => {
  registry = await startRegistry()
  dir = mkdtempSync(join(tmpdir(), 'provenance-no-signer-'))
  const registries = (src: string) => [
    'registries:',
    `  - name: ${registry.host}/${src}`,
    '    src: true',
    `  - name: ${registry.host}/prod`
  ]
  write('manifests/strict/promoter-manifest.yaml', [
    ...registries('staging'),
    'provenance:',
    '  mode: require',
    `  signers: [{key: ${keyHint(keys.publicKey)}}]`,
    '  builders: [{id: https://builder.example, level: 1}]',
    '  sources: [github.com/org/repo]'
  ])
  write('images/strict/images.yaml', ['- name: app', '  dmap:', `    "${DIGEST}": ["v1"]`])
  write('manifests/open/promoter-manifest.yaml', registries('other'))
  write('images/open/images.yaml', ['- name: lib', '  dmap:', `    "${DIGEST}": ["v1"]`])
})
afterAll(() => registry?.stop())

async function run(trust: TrustOptions) {
  const mark = await registry.accessLog.mark()
  const options: RunOptions = {
    thinManifestDir: dir,
    trust: { validateSignatures: false, sign: false, ...trust }
  }
  const { report } = await runPromotion(options, dir)
  return { report, requests: (await registry.accessLog.entries(mark)).length }
}

describe('provenance require without a trusted signer', () => {
  it("a manifest block's require: error at the block, before any registry request", async () => {
    const { report, requests } = await run({ provenance: { mode: 'warn' } })
    expect(requests).toBe(0)
    expect(report.outcome).toBe('failure')
    expect(report.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        kind: 'manifest',
        position: { file: 'manifests/strict/promoter-manifest.yaml', line: 5, column: 1 },
        message: expect.stringMatching(
          /provenance: no listed signer can be trusted.*requires verified provenance/
        )
      })
    ])
  })

  it('half a keyless identity is not a signer either (the run refuses it before reading)', async () => {
    await expect(
      run({ provenance: { mode: 'warn' }, identity: { identity: 'me@example.com' } })
    ).rejects.toThrow(/certificate-oidc-issuer \(or -regexp\) is missing/)
  })

  it('the run-wide require: one error naming the manifests that inherit it', async () => {
    const { report, requests } = await run({ provenance: { mode: 'require' } })
    expect(requests).toBe(0)
    const messages = report.problems.map((p) => p.message)
    expect(messages).toEqual([
      expect.stringMatching(/requires verified provenance/),
      expect.stringMatching(
        /run-wide provenance mode require applies to 1 manifest \(manifests\/open\/promoter-manifest.yaml\)/
      )
    ])
  })

  it('with a trusted identity the run goes on and reads the registry', async () => {
    const { report, requests } = await run({
      provenance: { mode: 'require' },
      identity: { identity: 'me@example.com', issuer: 'https://accounts.google.com' },
      trustedKeys: [keys.publicKey]
    })
    expect(requests).toBeGreaterThan(0)
    expect(report.problems.some((p) => p.kind === 'manifest')).toBe(false)
  })
})
