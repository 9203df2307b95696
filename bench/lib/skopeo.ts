// skopeo (Debian's 1.9.3) as the peer baseline: sync YAML for seeded images, the TLS and
// credential flags a TestRegistry needs, and a cold blob-info cache for fair runs.
import { rmSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SeededImage } from '../../__tests__/harness/workload.js'
import type { TestRegistry } from '../../__tests__/harness/registry.js'
import { mapBounded } from '../../src/concurrency/index.js'
import { runPeer, type PeerRun } from './peer.js'

/** skopeo keeps a persistent blob-info cache that makes later runs mount; delete it for cold runs. */
export const SKOPEO_BLOB_CACHE = '/var/lib/containers/cache/blob-info-cache-v1.boltdb'

export function clearSkopeoCache(): void {
  rmSync(SKOPEO_BLOB_CACHE, { force: true })
}

/** `--src-*` or `--dest-*` flags for a registry: TLS (plain http needs tls-verify=false) and creds. */
export function skopeoRegistryArgs(registry: TestRegistry, side: 'src' | 'dest'): string[] {
  const args = registry.tls
    ? [`--${side}-cert-dir=${registry.certDir}`]
    : [`--${side}-tls-verify=false`]
  if (registry.username !== undefined)
    args.push(`--${side}-creds=${registry.username}:${registry.password}`)
  return args
}

/** A `skopeo sync --src yaml` file listing every tag and every tag-less digest of `images`. */
export function skopeoSyncYaml(source: TestRegistry, images: SeededImage[]): string {
  const lines = [`${source.host}:`]
  if (source.tls) lines.push(`  cert-dir: ${source.certDir}`)
  else lines.push('  tls-verify: false')
  if (source.username !== undefined) {
    lines.push(
      '  credentials:',
      `    username: ${source.username}`,
      `    password: ${source.password}`
    )
  }
  lines.push('  images:')
  const byRepo = new Map<string, string[]>()
  for (const image of images) {
    const refs = image.tags.length > 0 ? image.tags : [image.digest]
    byRepo.set(image.repository, [...(byRepo.get(image.repository) ?? []), ...refs])
  }
  for (const [repo, refs] of byRepo)
    lines.push(`    ${repo}:`, ...refs.map((r) => `      - "${r}"`))
  return `${lines.join('\n')}\n`
}

/** `skopeo sync --all --preserve-digests` of `images` to `dest.host/destPrefix/<last element>`. */
export async function skopeoSync(
  source: TestRegistry,
  images: SeededImage[],
  dest: TestRegistry,
  destPrefix: string
): Promise<PeerRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-skopeo-'))
  try {
    const file = join(dir, 'sync.yaml')
    writeFileSync(file, skopeoSyncYaml(source, images))
    return await runPeer('skopeo', [
      'sync',
      '--all',
      '--preserve-digests',
      '--src',
      'yaml',
      '--dest',
      'docker',
      ...skopeoRegistryArgs(dest, 'dest'),
      file,
      `${dest.host}/${destPrefix}`
    ])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `skopeo inspect --raw docker://host/repo@ref` (a resolve baseline). */
export function skopeoInspectRaw(
  registry: TestRegistry,
  repository: string,
  reference: string
): Promise<PeerRun> {
  const separator = reference.startsWith('sha256:') ? '@' : ':'
  const tls = registry.tls ? [`--cert-dir=${registry.certDir}`] : ['--tls-verify=false']
  const creds =
    registry.username !== undefined ? [`--creds=${registry.username}:${registry.password}`] : []
  return runPeer('skopeo', [
    'inspect',
    '--raw',
    ...tls,
    ...creds,
    `docker://${registry.host}/${repository}${separator}${reference}`
  ])
}

export interface PeerBatch {
  runs: number
  failures: number
  wallMs: number
  /** Largest peak RSS of any one process. */
  peakRssMb: number
}

/**
 * The resolve baseline: `skopeo inspect --raw` of every seeded image (its first tag, or its
 * digest), `concurrency` processes at a time.
 */
export async function skopeoInspectAll(
  registry: TestRegistry,
  images: SeededImage[],
  concurrency = 4
): Promise<PeerBatch> {
  const started = performance.now()
  const runs = await mapBounded(images, concurrency, (image) =>
    skopeoInspectRaw(registry, image.repository, image.tags[0] ?? image.digest)
  )
  return {
    runs: runs.length,
    failures: runs.filter((r) => r.exitCode !== 0).length,
    wallMs: performance.now() - started,
    peakRssMb: Math.max(0, ...runs.map((r) => r.peakRssMb))
  }
}
