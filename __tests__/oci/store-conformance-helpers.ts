// Small helpers of the Store conformance battery: push a built image or index the way the copy
// engine does (blobs, then children, then the manifest), read a stream, assert an error code.
import { expect } from '@jest/globals'
import type { Readable } from 'node:stream'
import type { Store } from '../../src/oci/store.js'
import type { BuiltImage, BuiltIndex } from '../harness/images.js'

/** Push an image's blobs, then its manifest under `tag` (or its digest); returns the digest. */
export async function pushImage(
  store: Store,
  repo: string,
  image: BuiltImage,
  tag?: string
): Promise<string> {
  for (const blob of [image.config, ...image.layers]) {
    if (!(await store.blobHas(repo, blob.digest))) {
      await store.blobPut(repo, blob.digest, blob.size, blob.bytes)
    }
  }
  return store.manifestPut(repo, tag ?? image.manifest.digest, image.manifest)
}

/** Push an index's children by digest, then the index under `tag` (or its digest). */
export async function pushIndex(
  store: Store,
  repo: string,
  index: BuiltIndex,
  tag?: string
): Promise<string> {
  for (const child of index.children) await pushImage(store, repo, child)
  return store.manifestPut(repo, tag ?? index.manifest.digest, index.manifest)
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks)
}

/** Assert that `promise` rejects with a PromoterError of this code (codes, not messages). */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code })
}
