// A manifest's `provenance:` block in a whole run on a real registry with the sigstore mocks:
// `mode: require` in one manifest blocks its image without provenance, while the run-wide mode
// (warn, or off) still applies to the manifest without a block.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runPromotion } from '../../src/pipeline/run.js'
import type { RunOptions } from '../../src/pipeline/options.js'
import type { ProvenanceMode } from '../../src/trust/phases/provenance-policy.js'
import { attachProvenance } from '../trust/provenance-helpers.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from '../trust/trust-env.js'

let env: TrustEnv
let dir: string
const digests: Record<string, string> = {}

function write(path: string, lines: string[]): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true })
  writeFileSync(join(dir, path), `${lines.join('\n')}\n`)
}

const image = (name: string) => [`- name: ${name}`, '  dmap:', `    "${digests[name]}": ["v1"]`]

beforeAll(async () => {
  env = await startTrustEnv()
  dir = mkdtempSync(join(tmpdir(), 'manifest-provenance-'))
  for (const name of ['strict-none', 'strict-signed'])
    digests[name] = await env.pushTestImage(`staging/${name}`, `mprov/${name}`)
  // Another source registry: manifests sharing one must declare the same policy (kpromo).
  digests['open-none'] = await env.pushTestImage('other/open-none', 'mprov/open-none')
  const signed = env.resolveStore(`${env.registry.host}/staging/strict-signed`)
  await attachProvenance(signed, digests['strict-signed']!, {
    format: 'att',
    signer: env.keylessSigner()
  })
  const registries = (src: string) => [
    'registries:',
    `  - name: ${env.registry.host}/${src}`,
    '    src: true',
    `  - name: ${env.registry.host}/prod`
  ]
  write('manifests/strict/promoter-manifest.yaml', [
    ...registries('staging'),
    'provenance:',
    '  mode: require',
    `  signers: ["sigstore::${SIGNER_ISSUER}::${SIGNER_ID}"]`,
    '  builders: [{id: "https://github.com/actions/runner/github-hosted", level: 1}]',
    '  sources: [github.com/example/app]'
  ])
  write('images/strict/images.yaml', [...image('strict-none'), ...image('strict-signed')])
  write('manifests/open/promoter-manifest.yaml', registries('other'))
  write('images/open/images.yaml', image('open-none'))
})
afterAll(() => env?.stop())

function options(mode: ProvenanceMode, confirm: boolean): RunOptions {
  return {
    thinManifestDir: dir,
    confirm,
    trust: {
      provenance: { mode },
      identity: { identity: SIGNER_ID, issuer: SIGNER_ISSUER },
      trustRoot: { trustedRootPath: env.mocks.trustedRootPath },
      validateSignatures: false,
      sign: false
    }
  }
}

const MISSING = {
  severity: 'error',
  kind: 'provenance',
  position: { file: 'images/strict/images.yaml', line: 3, column: 5 }
}

describe("a manifest's provenance block in a run", () => {
  it('require in the block applies even when the run-wide mode is off', async () => {
    const { report } = await runPromotion(options('off', false), dir)
    expect(report.problems).toEqual([
      expect.objectContaining({ ...MISSING, digest: digests['strict-none'] })
    ])
    const states = Object.fromEntries(report.promotions.map((p) => [p.image, p.state]))
    expect(states).toEqual({
      'strict-none': 'blocked',
      'strict-signed': 'promote',
      'open-none': 'promote'
    })
  })

  it('with run-wide warn, blocks only the unattested image of the require manifest', async () => {
    const { report } = await runPromotion(options('warn', true), dir)
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        ...MISSING,
        message: expect.stringMatching(/has no verified provenance/)
      })
    )
    // The manifest without a block gets the run-wide warn: reported, not blocking.
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        kind: 'provenance',
        position: { file: 'images/open/images.yaml', line: 3, column: 5 }
      })
    )
    expect(report.problems.filter((p) => p.severity === 'error')).toHaveLength(1)
    const head = async (path: string) =>
      (
        await fetch(`${env.registry.url}/v2/prod/${path}/manifests/v1`, {
          method: 'HEAD',
          headers: { accept: 'application/vnd.oci.image.manifest.v1+json' }
        })
      ).status
    expect(await head('strict-none')).toBe(404)
    expect(await head('strict-signed')).toBe(200)
    expect(await head('open-none')).toBe(200)
    expect(report.counts.promoted).toBe(2)
  })
})
