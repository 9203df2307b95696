// seedWorkload(): R repositories x N images pushed concurrently, deterministic for a seed: a mix
// of single images and multi-arch indexes, OCI and Docker media types, tagged and tag-less
// digests; returns what was pushed and the kpromo images.yaml that lists it.
import { mapBounded } from '../../src/concurrency/index.js'
import { buildImage, buildIndex, type BuiltImage, type ImageFamily } from './images.js'
import { imagesYaml as toImagesYaml } from './kpromo-yaml.js'
import { pushImage, pushIndex } from './push.js'
import type { RegistryTarget } from './seed-client.js'

export interface SeedWorkloadOptions {
  /** Repository path prefix, e.g. 'staging' gives `staging/img-000`. '' for none. */
  prefix: string
  repositories: number
  imagesPerRepository: number
  /** Every K-th image (by repo+image position) is an index with 2-3 children; 0 = none. Default 3. */
  indexEvery?: number
  /** 'mixed' alternates OCI and Docker media types by position. Default 'mixed'. */
  family?: 'oci' | 'docker' | 'mixed'
  /** Content bytes per layer. Default 1024. Single images have 1-3 layers, index children 1-2. */
  layerSize?: number
  /** Default 'harness'. Same seed + options = same digests. */
  seed?: string
  /**
   * Tags per image: `v1.J.0`, then `v1.J.0-1`, `v1.J.0-2`...; 0 leaves every digest tag-less.
   * Default: kpromo-like: `v1.J.0` always, `v1.J` for even J, `latest` on the last image, and
   * every 4th digest (not the last) tag-less.
   */
  tagsPerImage?: number
  /** Images pushed at once. Default 8. */
  concurrency?: number
}

export interface SeededImage {
  /** Full repository path, e.g. `staging/img-000`. */
  repository: string
  /** Name relative to the prefix, as in images.yaml, e.g. `img-000`. */
  name: string
  digest: string
  tags: string[]
  mediaType: string
  /** Child manifest digests, for an index. */
  children?: string[]
}

export interface SeededWorkload {
  images: SeededImage[]
  imagesYaml: string
}

const PLATFORMS = ['amd64', 'arm64', 's390x']

function tagsFor(j: number, n: number, tagsPerImage: number | undefined): string[] {
  if (tagsPerImage !== undefined) {
    return Array.from({ length: tagsPerImage }, (_, k) =>
      k === 0 ? `v1.${j}.0` : `v1.${j}.0-${k}`
    )
  }
  if (j % 4 === 3 && j !== n - 1) return []
  const tags = [`v1.${j}.0`]
  if (j % 2 === 0) tags.push(`v1.${j}`)
  if (j === n - 1) tags.push('latest')
  return tags
}

export async function seedWorkload(
  target: RegistryTarget,
  options: SeedWorkloadOptions
): Promise<SeededWorkload> {
  const seed = options.seed ?? 'harness'
  const indexEvery = options.indexEvery ?? 3
  const size = options.layerSize ?? 1024
  const n = options.imagesPerRepository
  const positions = Array.from({ length: options.repositories * n }, (_, k) => ({
    i: Math.floor(k / n),
    j: k % n
  }))
  const images = await mapBounded(positions, options.concurrency ?? 8, async ({ i, j }) => {
    const name = `img-${String(i).padStart(3, '0')}`
    const repository = options.prefix ? `${options.prefix}/${name}` : name
    const family: ImageFamily =
      options.family === 'oci' || options.family === 'docker'
        ? options.family
        : (i + j) % 2 === 0
          ? 'oci'
          : 'docker'
    const s = `${seed}-r${i}-i${j}`
    const tags = tagsFor(j, n, options.tagsPerImage)
    const single = (seedText: string, layers: number, architecture: string): BuiltImage =>
      buildImage({
        seed: seedText,
        family,
        layers: Array.from({ length: layers }, () => size),
        platform: { os: 'linux', architecture }
      })
    if (indexEvery > 0 && (i + j) % indexEvery === 0) {
      const children = Array.from({ length: 2 + ((i + j) % 2) }, (_, c) =>
        single(`${s}-c${c}`, 1 + ((i + j + c) % 2), PLATFORMS[c])
      )
      const index = buildIndex(children, family)
      const digest = await pushIndex(target, repository, index, tags)
      const childDigests = children.map((c) => c.manifest.digest)
      return {
        repository,
        name,
        digest,
        tags,
        mediaType: index.manifest.mediaType,
        children: childDigests
      }
    }
    const image = single(s, 1 + ((i * 7 + j * 3) % 3), 'amd64')
    const digest = await pushImage(target, repository, image, tags)
    return { repository, name, digest, tags, mediaType: image.manifest.mediaType }
  })
  return { images, imagesYaml: toImagesYaml(images) }
}
