// Hostile registry, end to end: a promotion whose source sends wrong bytes for a digest (manifest
// or blob) or an oversized manifest fails that edge with a clear problem, and the real destination
// registry ends with nothing written: no manifest, no tag, no blob of the lying image.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runPromotion } from '../../src/pipeline/run.js'
import { MAX_MANIFEST_BYTES, RegistryClient } from '../../src/oci/registry/index.js'
import { buildImage } from '../harness/images.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { writeThinManifests } from '../harness/seed.js'
import { CREDENTIALS, PASSWORD, startHostileServer, type HostileServer } from './hostile-server.js'
import { serveImage } from './hostile-routes.js'
import { recordResult } from './results.js'
import { expectNoSecrets, secretsOf } from './secrets.js'

const image = buildImage({ seed: 'hostile-pipeline', layers: [4096] })
const other = buildImage({ seed: 'hostile-pipeline-other', layers: [4096] })
let server: HostileServer
let registry: TestRegistry
const figures: Record<string, unknown> = {}

beforeAll(async () => {
  server = await startHostileServer()
  registry = await startRegistry()
})
afterAll(async () => {
  recordResult('hostile-registry-pipeline', figures)
  await server?.stop()
  await registry?.stop()
})

const LIES: Record<string, Parameters<typeof serveImage>[1]> = {
  'wrong manifest bytes': (req, res) => {
    if (req.method !== 'GET' || !req.url!.includes('/manifests/')) return false
    res.writeHead(200, {
      'content-type': image.manifest.mediaType,
      'docker-content-digest': image.manifest.digest
    })
    res.end(Buffer.from(other.manifest.bytes))
    return true
  },
  'wrong blob bytes': (req, res) => {
    if (req.method !== 'GET' || !req.url!.includes(`/blobs/${image.layers[0]!.digest}`))
      return false
    res.writeHead(200, { 'content-length': image.layers[0]!.size })
    res.end(Buffer.from(other.layers[0]!.bytes).subarray(0, image.layers[0]!.size))
    return true
  },
  'oversized manifest': (req, res) => {
    if (!req.url!.includes('/manifests/')) return false
    res.writeHead(200, {
      'content-type': image.manifest.mediaType,
      'content-length': MAX_MANIFEST_BYTES + 1,
      'docker-content-digest': image.manifest.digest
    })
    res.end(req.method === 'HEAD' ? undefined : Buffer.alloc(MAX_MANIFEST_BYTES + 1, 0x20))
    return true
  }
}

const EXPECTED: Record<string, RegExp> = {
  'wrong manifest bytes': /has digest sha256:[0-9a-f]{64}, expected sha256/,
  'wrong blob bytes': /has digest sha256:[0-9a-f]{64}, expected sha256/,
  'oversized manifest': /exceeds 4194304 bytes/
}

describe('a promotion from a hostile source', () => {
  it.each(Object.keys(LIES))('%s: the edge fails clearly and nothing is written', async (lie) => {
    server.route(serveImage(image, LIES[lie]))
    const dir = mkdtempSync(join(tmpdir(), 'hostile-pipeline-'))
    const prefix = `prod-${lie.replace(/ /g, '-')}`
    writeThinManifests(join(dir, 'repo'), {
      sub: 'hostile',
      src: `${server.host}/src`,
      dests: [`${registry.host}/${prefix}`],
      imagesYaml: `- name: app\n  dmap:\n    "${image.manifest.digest}": ["v1"]\n`
    })
    const logs: string[] = []
    const { report } = await runPromotion(
      {
        thinManifestDir: join(dir, 'repo'),
        confirm: true,
        registry: {
          credentials: { [server.host]: CREDENTIALS },
          defaults: { maxAttempts: 2, backoffBaseMs: 5, backoffMaxMs: 20 },
          log: (line) => void logs.push(line)
        },
        trust: { provenance: { mode: 'off' }, sign: false },
        log: (line) => void logs.push(line)
      },
      dir
    )
    const errors = report.problems.filter((p) => p.severity === 'error')
    figures[lie] = {
      outcome: report.outcome,
      problems: errors.map((p) => `${p.kind}: ${p.message}`)
    }
    expect(report.outcome).toBe('failure')
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.map((p) => p.message).join('\n')).toMatch(EXPECTED[lie]!)
    expectNoSecrets(
      `${JSON.stringify(report)}\n${logs.join('\n')}`,
      secretsOf({ ...CREDENTIALS, password: PASSWORD })
    )
    const client = new RegistryClient()
    try {
      const store = client.store(registry.host)
      expect(await store.manifestHead(`${prefix}/app`, 'v1')).toBeUndefined()
      expect(await store.manifestHead(`${prefix}/app`, image.manifest.digest)).toBeUndefined()
      expect(await store.blobHas(`${prefix}/app`, image.layers[0]!.digest)).toBe(false)
    } finally {
      await client.close()
    }
  })
})
