// The bench toolkit: pure parts, the peer runner, and skopeo pointed at a real test registry.
import { describe, expect, it } from '@jest/globals'
import {
  markdownTable,
  median,
  medianResult,
  runPeer,
  skopeoInspectAll,
  skopeoInspectRaw,
  skopeoSyncYaml
} from '../../bench/lib/index.js'
import { buildImage } from './images.js'
import { startRegistry, type TestRegistry } from './registry.js'
import { pushImage } from './seed.js'
import { parseScopes } from './token-server.js'

describe('bench lib', () => {
  it('takes medians and prints a markdown table', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    const row = { scenario: 's', tool: 't', requests: 10, bytes: 100, wallMs: 12.4, peakRssMb: 30 }
    const result = medianResult([
      row,
      { ...row, requests: 14, wallMs: 20 },
      { ...row, requests: 12 }
    ])
    expect(result).toMatchObject({ requests: 12, wallMs: 12.4, extra: { runs: 3 } })
    expect(markdownTable([result]).split('\n')[2]).toBe('| s | t | 12 | 100 | 12 | 30.0 |')
  })

  it('runs a peer command and reports exit code, output and peak RSS', async () => {
    const ok = await runPeer('sh', ['-c', 'echo "$GREETING"; exit 3'], { GREETING: 'hi' })
    expect(ok).toMatchObject({ exitCode: 3, stdout: 'hi\n' })
    expect(ok.peakRssMb).toBeGreaterThan(0)
  })

  it('writes skopeo sync YAML with tags, or the digest for tag-less images', () => {
    const source = { host: '127.0.0.1:5000', tls: false } as TestRegistry
    const yaml = skopeoSyncYaml(source, [
      {
        repository: 'staging/a',
        name: 'a',
        digest: 'sha256:1',
        tags: ['v1', 'v2'],
        mediaType: 'x'
      },
      { repository: 'staging/a', name: 'a', digest: 'sha256:2', tags: [], mediaType: 'x' }
    ])
    expect(yaml).toBe(
      '127.0.0.1:5000:\n  tls-verify: false\n  images:\n    staging/a:\n      - "v1"\n      - "v2"\n      - "sha256:2"\n'
    )
  })

  it('parses token scopes, several per value', () => {
    expect(
      parseScopes(['repository:a/b:pull,push repository:c:pull', 'registry:catalog:*'])
    ).toEqual([
      { type: 'repository', name: 'a/b', actions: ['pull', 'push'] },
      { type: 'repository', name: 'c', actions: ['pull'] },
      { type: 'registry', name: 'catalog', actions: ['*'] }
    ])
  })

  it('points skopeo at a TLS + htpasswd registry with the right flags', async () => {
    const registry = await startRegistry({ auth: 'htpasswd', tls: true })
    try {
      const image = buildImage({ seed: 'skopeo-inspect' })
      await pushImage(registry, 'peer/app', image, ['v1'])
      const run = await skopeoInspectRaw(registry, 'peer/app', 'v1')
      expect(run.exitCode).toBe(0)
      const seeded = { repository: 'peer/app', name: 'app', mediaType: image.manifest.mediaType }
      const batch = await skopeoInspectAll(registry, [
        { ...seeded, digest: image.manifest.digest, tags: [] },
        { ...seeded, digest: image.manifest.digest, tags: ['v1'] },
        { ...seeded, digest: image.manifest.digest, tags: ['missing'] }
      ])
      expect(batch).toMatchObject({ runs: 3, failures: 1 })
      expect(Buffer.from(run.stdout).equals(Buffer.from(image.manifest.bytes))).toBe(true)
    } finally {
      await registry.stop()
    }
  })
})
