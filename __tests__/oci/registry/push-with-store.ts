// Test helpers: push built images through a RegistryStore (the code under test), children
// before indexes, and read blob streams to the end.
import type { Readable } from 'node:stream'
import type { Store } from '../../../src/oci/store.js'
import { blobsOf, type BuiltImage, type BuiltIndex } from '../../harness/images.js'

export async function pushWithStore(
  store: Store,
  repo: string,
  item: BuiltImage | BuiltIndex,
  tags: string[] = []
): Promise<void> {
  await Promise.all(
    blobsOf(item).map((blob) => store.blobPut(repo, blob.digest, blob.size, blob.bytes))
  )
  if (item.kind === 'index')
    for (const child of item.children)
      await store.manifestPut(repo, child.manifest.digest, child.manifest)
  await store.manifestPut(repo, item.manifest.digest, item.manifest)
  for (const tag of tags) await store.manifestPut(repo, tag, item.manifest)
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks)
}
