// A small promotion scene on a real registry: staging images (an index, a Docker image, a plain
// OCI image), a lost digest, and a destination tag that already points elsewhere.
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage, buildIndex } from '../harness/images.js'
import { pushImage, pushIndex, writeThinManifests } from '../harness/seed.js'
import type { TestRegistry } from '../harness/registry.js'

export interface Scene {
  dir: string
  manifestDir: string
  keyPath: string
  digests: { app: string; tool: string; base: string; lost: string; other: string }
}

export async function buildScene(
  registry: TestRegistry,
  dests: string[],
  seed = 'scene'
): Promise<Scene> {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-'))
  const app = buildIndex(
    ['amd64', 'arm64'].map((architecture, i) =>
      buildImage({ seed: `${seed}/app/${i}`, platform: { os: 'linux', architecture } })
    )
  )
  const tool = buildImage({ seed: `${seed}/tool`, family: 'docker', layers: [2048, 512] })
  const base = buildImage({ seed: `${seed}/base` })
  const other = buildImage({ seed: `${seed}/other` })
  const lost = buildImage({ seed: `${seed}/never-pushed` })
  await pushIndex(registry, 'staging/app', app)
  await pushImage(registry, 'staging/tool', tool)
  await pushImage(registry, 'staging/base', base)
  // The first destination already has base:v1 on another digest: a conflict, never overwritten.
  await pushImage(registry, `${dests[0]!.slice(registry.host.length + 1)}/base`, other, ['v1'])
  const imagesYaml = [
    '- name: app',
    '  dmap:',
    `    "${app.manifest.digest}": ["1.0", "latest"]`,
    '- name: base',
    '  dmap:',
    `    "${base.manifest.digest}": ["v1"]`,
    `    "${lost.manifest.digest}": ["v0"]`,
    '- name: tool',
    '  dmap:',
    `    "${tool.manifest.digest}": []`,
    ''
  ].join('\n')
  const manifestDir = join(dir, 'manifests-repo')
  writeThinManifests(manifestDir, {
    sub: 'scene',
    src: `${registry.host}/staging`,
    dests,
    imagesYaml
  })
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const keyPath = join(dir, 'key.pem')
  writeFileSync(keyPath, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())
  return {
    dir,
    manifestDir,
    keyPath,
    digests: {
      app: app.manifest.digest,
      tool: tool.manifest.digest,
      base: base.manifest.digest,
      lost: lost.manifest.digest,
      other: other.manifest.digest
    }
  }
}
