// The child manifests of an image index (cosign signs recursively: the index and every child).
import type { StoreRepo } from '../../oci/store.js'
import { isIndexMediaType } from '../../oci/media-types.js'
import { readManifest } from '../oci/store-io.js'

export async function indexChildren(at: StoreRepo, digest: string): Promise<string[]> {
  const manifest = await readManifest(at.store, at.repo, digest)
  if (!manifest || !isIndexMediaType(manifest.mediaType)) return []
  const parsed = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as {
    manifests?: { digest: string }[]
  }
  return (parsed.manifests ?? []).map((m) => m.digest)
}
