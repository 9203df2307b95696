// Manifest and artifact media types the promoter reads and writes.

export const MEDIA_TYPE = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws'
} as const

export const INDEX_MEDIA_TYPES: readonly string[] = [
  MEDIA_TYPE.ociIndex,
  MEDIA_TYPE.dockerManifestList
]
export const IMAGE_MEDIA_TYPES: readonly string[] = [
  MEDIA_TYPE.ociManifest,
  MEDIA_TYPE.dockerManifest
]
export const SCHEMA1_MEDIA_TYPES: readonly string[] = [
  MEDIA_TYPE.dockerSchema1,
  MEDIA_TYPE.dockerSchema1Signed
]

/** Every manifest media type we accept, as sent in `Accept`. */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [...IMAGE_MEDIA_TYPES, ...INDEX_MEDIA_TYPES]

export function isIndexMediaType(mediaType: string): boolean {
  return INDEX_MEDIA_TYPES.includes(mediaType)
}
