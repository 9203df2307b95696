// The cosign signature image stored under `sha256-<hex>.sig`: an OCI manifest whose config is
// go-containerregistry's empty image config extended per layer, and one layer per signature.
// New layers are appended; existing ones (other signers, staging signatures) are kept as they are.
import { sha256Digest } from '../../oci/digest.js'
import { MEDIA_TYPE } from '../../oci/media-types.js'
import type { Descriptor } from '../../oci/store.js'

/** cosign's limit on layers in one signature image (pkg/oci/remote maxLayers). */
export const MAX_SIGNATURE_LAYERS = 1000

export interface SignatureImage {
  manifest: Buffer
  config: Buffer
}

/** The config blob cosign writes: key order as go-containerregistry serialises it. */
export function signatureConfig(layers: readonly Descriptor[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: layers.map(() => ({ created: '0001-01-01T00:00:00Z' })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      config: {}
    })
  )
}

function descriptor(d: Descriptor): Descriptor {
  return {
    mediaType: d.mediaType,
    size: d.size,
    digest: d.digest,
    ...(d.annotations ? { annotations: d.annotations } : {})
  }
}

export function buildSignatureImage(layers: readonly Descriptor[]): SignatureImage {
  const config = signatureConfig(layers)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.ociManifest,
      config: {
        mediaType: MEDIA_TYPE.ociConfig,
        size: config.length,
        digest: sha256Digest(config)
      },
      layers: layers.map(descriptor)
    })
  )
  return { manifest, config }
}
