// Deterministic test images without Docker: the same seed and options always give the same
// bytes and digests. Layers are real gzip'd tars of seeded random content; configs carry
// diff_ids and history; indexes list their children with platforms.
import { MEDIA_TYPE } from '../../src/oci/media-types.js'
import { sha256Digest } from '../../src/oci/digest.js'
import type { Descriptor, Platform } from '../../src/oci/store.js'
import { seededBytes } from './prng.js'
import { gzipStored, tarSingleFile } from './tar-gzip.js'

export type ImageFamily = 'oci' | 'docker'

/** A blob with its bytes: a layer or a config. */
export interface BuiltBlob {
  mediaType: string
  digest: string
  size: number
  bytes: Uint8Array
}
export type { BuiltBlob as Blob }

export interface BuiltManifest {
  mediaType: string
  bytes: Uint8Array
  digest: string
  size: number
}

export interface BuiltImage {
  kind: 'image'
  manifest: BuiltManifest
  config: BuiltBlob
  layers: BuiltBlob[]
  platform: Platform
}

export interface BuiltIndex {
  kind: 'index'
  manifest: BuiltManifest
  children: BuiltImage[]
}

export interface BuildImageOptions {
  /** Everything derives from this. */
  seed: string
  /** Default 'oci'. */
  family?: ImageFamily
  /** Content size in bytes of each layer (the gzip'd tar is ~1.5 KiB larger). Default [1024]. */
  layers?: number[]
  /** Default linux/amd64. */
  platform?: Platform
}

/** Manifest, index, config and layer media types of each family. */
export const MEDIA_TYPES_OF = {
  oci: {
    manifest: MEDIA_TYPE.ociManifest,
    index: MEDIA_TYPE.ociIndex,
    config: MEDIA_TYPE.ociConfig,
    layer: MEDIA_TYPE.ociLayerGzip
  },
  docker: {
    manifest: MEDIA_TYPE.dockerManifest,
    index: MEDIA_TYPE.dockerManifestList,
    config: MEDIA_TYPE.dockerConfig,
    layer: MEDIA_TYPE.dockerLayerGzip
  }
} as const

export function blobOf(mediaType: string, bytes: Uint8Array): BuiltBlob {
  return { mediaType, digest: sha256Digest(bytes), size: bytes.length, bytes }
}

export function manifestOf(mediaType: string, document: object): BuiltManifest {
  const bytes = Buffer.from(JSON.stringify(document))
  return { mediaType, bytes, digest: sha256Digest(bytes), size: bytes.length }
}

/** The descriptor of a blob or manifest (bytes left out). */
export function descriptorOf(item: BuiltBlob | BuiltManifest, platform?: Platform): Descriptor {
  const descriptor: Descriptor = { mediaType: item.mediaType, digest: item.digest, size: item.size }
  if (platform) descriptor.platform = platform
  return descriptor
}

function buildLayer(
  seed: string,
  size: number,
  mediaType: string
): { blob: BuiltBlob; diffId: string } {
  const tar = tarSingleFile(`data/${sha256Digest(seed).slice(7, 23)}.bin`, seededBytes(seed, size))
  return { blob: blobOf(mediaType, gzipStored(tar)), diffId: sha256Digest(tar) }
}

export function buildImage(options: BuildImageOptions): BuiltImage {
  const types = MEDIA_TYPES_OF[options.family ?? 'oci']
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' }
  const built = (options.layers ?? [1024]).map((size, i) =>
    buildLayer(`${options.seed}/layer-${i}`, size, types.layer)
  )
  const layers = built.map((l) => l.blob)
  const configDocument = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    created: '1970-01-01T00:00:00Z',
    config: { Env: [`HARNESS_SEED=${options.seed}`] },
    rootfs: { type: 'layers', diff_ids: built.map((l) => l.diffId) },
    history: built.map((_, i) => ({
      created: '1970-01-01T00:00:00Z',
      created_by: `harness layer ${i}`
    }))
  }
  const config = blobOf(types.config, Buffer.from(JSON.stringify(configDocument)))
  const manifest = manifestOf(types.manifest, {
    schemaVersion: 2,
    mediaType: types.manifest,
    config: descriptorOf(config),
    layers: layers.map((l) => descriptorOf(l))
  })
  return { kind: 'image', manifest, config, layers, platform }
}

/** A multi-platform index (OCI image index or Docker manifest list) over `children`. */
export function buildIndex(children: BuiltImage[], family: ImageFamily = 'oci'): BuiltIndex {
  const mediaType = MEDIA_TYPES_OF[family].index
  const manifest = manifestOf(mediaType, {
    schemaVersion: 2,
    mediaType,
    manifests: children.map((c) => descriptorOf(c.manifest, c.platform))
  })
  return { kind: 'index', manifest, children }
}

export interface BuildArtifactOptions {
  seed: string
  /** The manifest the artifact refers to (its `subject`). */
  subject: Descriptor
  /** Default 'application/vnd.example.harness+json'. */
  artifactType?: string
  annotations?: Record<string, string>
}

/** An OCI 1.1 artifact (empty config, one JSON layer) whose `subject` is another manifest. */
export function buildArtifact(options: BuildArtifactOptions): BuiltImage {
  const artifactType = options.artifactType ?? 'application/vnd.example.harness+json'
  const config = blobOf(MEDIA_TYPE.ociEmpty, Buffer.from('{}'))
  const layer = blobOf(artifactType, Buffer.from(JSON.stringify({ seed: options.seed })))
  const manifest = manifestOf(MEDIA_TYPE.ociManifest, {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.ociManifest,
    artifactType,
    config: descriptorOf(config),
    layers: [descriptorOf(layer)],
    subject: {
      mediaType: options.subject.mediaType,
      digest: options.subject.digest,
      size: options.subject.size
    },
    ...(options.annotations ? { annotations: options.annotations } : {})
  })
  return {
    kind: 'image',
    manifest,
    config,
    layers: [layer],
    platform: { os: 'unknown', architecture: 'unknown' }
  }
}

/** Every blob of an image or index, children included, each digest once. */
export function blobsOf(item: BuiltImage | BuiltIndex): BuiltBlob[] {
  const images = item.kind === 'image' ? [item] : item.children
  const unique = new Map<string, BuiltBlob>()
  for (const image of images)
    for (const blob of [...image.layers, image.config]) unique.set(blob.digest, blob)
  return [...unique.values()]
}
