// `cip` signs as kpromo does, end to end on a real registry: the staging `.sig` is copied to the
// signing registry first and our signature, appended after it, carries kpromo's version
// annotation with our version. Staging trust is a key here (cip's default is kpromo's keyless
// identity); everything else is cip's own mapping of kpromo's flags.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CIP_FLAGS, KPROMO_VERSION_ANNOTATION, runArgs } from '../../src/cli/commands/cip.js'
import { parseGoFlags } from '../../src/cli/go-flags.js'
import { runCli, writeKeyPair } from '../harness/cli-in-process.js'
import type { CliIo } from '../../src/cli/io.js'
import { cliVersion } from '../../src/cli/version.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { signatureTag } from '../../src/trust/cosign/constants.js'
import { parseManifestJson, readBlob } from '../../src/trust/oci/store-io.js'
import { buildImage } from '../harness/images.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { pushImage, writeThinManifests } from '../harness/seed.js'

let registry: TestRegistry
let root: string
const client = new RegistryClient()

const keyFiles = (name: string) => writeKeyPair(root, name)

beforeAll(async () => {
  registry = await startRegistry()
  root = mkdtempSync(join(tmpdir(), 'cip-signing-'))
})
afterAll(async () => {
  await client.close()
  await registry?.stop()
})

const cli = (args: string[]) => runCli(args, root)

async function sigLayers(repo: string, digest: string) {
  const store = client.store(registry.host)
  const manifest = await store.manifestGet(repo, signatureTag(digest))
  const layers = parseManifestJson(manifest).layers
  return Promise.all(
    layers.map(async (l) => ({
      digest: l.digest,
      payload: JSON.parse((await readBlob(store, repo, l)).toString('utf8')) as {
        optional: unknown
      }
    }))
  )
}

/** cip's `run` arguments, with staging trust swapped from kpromo's keyless identity to a key. */
function cipRunArgs(flags: string[], trustedKey: string, signingKey: string): string[] {
  const args = runArgs(parseGoFlags(flags, CIP_FLAGS), { env: {} } as CliIo)
  for (const flag of ['--certificate-identity', '--certificate-oidc-issuer'])
    args.splice(args.indexOf(flag), 2)
  return ['run', ...args, '--trusted-key', trustedKey, '--signing-key', signingKey]
}

describe('cip signing fidelity (kpromo)', () => {
  it('maps to the version annotation and the staging .sig pre-copy', () => {
    const args = runArgs(parseGoFlags(['--confirm'], CIP_FLAGS), { env: {} } as CliIo).join(' ')
    expect(args).toContain(
      `--signature-annotation ${KPROMO_VERSION_ANNOTATION}=image-promoter-v${cliVersion()}`
    )
    expect(args).toContain('--copy-staging-signatures')
    expect(KPROMO_VERSION_ANNOTATION).toBe('org.kubernetes.kpromo.version')
  })

  it('copies the staging .sig first, then appends our annotated signature', async () => {
    const staging = keyFiles('staging')
    const ours = keyFiles('ours')
    const digest = await pushImage(registry, 'staging/app', buildImage({ seed: 'cip-sign' }), [
      'v1'
    ])
    // The staging signature (the image builder's), made with the staging key.
    const signed = await cli([
      'sigcheck',
      `${registry.host}/staging/app@${digest}`,
      '--signing-key',
      staging.priv,
      '--confirm'
    ])
    expect(signed.code).toBe(0)
    const [stagingSig] = await sigLayers('staging/app', digest)
    const dir = join(root, 'k8s.io')
    writeThinManifests(dir, {
      sub: 'staging',
      src: `${registry.host}/staging`,
      dests: [`${registry.host}/prod`],
      imagesYaml: `- name: app\n  dmap:\n    "${digest}": ["v1"]\n`
    })
    const result = await cli(
      cipRunArgs([`--thin-manifest-dir=${dir}`, '--confirm'], staging.pub, ours.priv)
    )
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('validate: 1 signed and verified')
    const layers = await sigLayers('prod/app', digest)
    expect(layers.map((l) => l.digest)).toEqual([stagingSig!.digest, expect.any(String)])
    expect(layers[1]!.payload.optional).toEqual({
      [KPROMO_VERSION_ANNOTATION]: `image-promoter-v${cliVersion()}`
    })
    // Ours verifies with our key on the promoted name; the copied one with the staging key.
    for (const key of [ours.pub, staging.pub]) {
      const verified = await cli(['verify', `${registry.host}/prod/app@${digest}`, '--key', key])
      expect(verified.code).toBe(0)
    }
  })
})
