// Pushes built images to a registry (a TestRegistry or anything with url + credentials, e.g. a
// FaultProxy), with the seeder's own client: blobs (POST + PUT), then manifests, then tags.
import {
  blobsOf,
  type BuiltBlob,
  type BuiltImage,
  type BuiltIndex,
  type BuiltManifest
} from './images.js'
import { SeedClient, type RegistryTarget } from './seed-client.js'

const clients = new WeakMap<RegistryTarget, SeedClient>()

/** The seeder's client for `target` (one per target, so tokens are reused). */
export function seedClient(target: RegistryTarget): SeedClient {
  let client = clients.get(target)
  if (!client) {
    client = new SeedClient(target)
    clients.set(target, client)
  }
  return client
}

/** Upload one blob with POST + PUT (distribution 2.8 ignores a single-POST monolithic upload). */
export async function pushBlob(
  target: RegistryTarget,
  repo: string,
  blob: BuiltBlob
): Promise<void> {
  const client = seedClient(target)
  const started = SeedClient.expect(
    await client.request('POST', `/v2/${repo}/blobs/uploads/`, { repo }),
    202,
    `start upload of ${blob.digest} to ${repo}`
  )
  const location = new URL(String(started.headers.location), target.url)
  location.searchParams.set('digest', blob.digest)
  SeedClient.expect(
    await client.request('PUT', location.toString(), {
      repo,
      body: blob.bytes,
      headers: { 'Content-Type': 'application/octet-stream' }
    }),
    201,
    `finish upload of ${blob.digest} to ${repo}`
  )
}

/** PUT manifest bytes under `reference` (a digest or a tag). */
export async function pushManifest(
  target: RegistryTarget,
  repo: string,
  reference: string,
  manifest: BuiltManifest
): Promise<void> {
  SeedClient.expect(
    await seedClient(target).request('PUT', `/v2/${repo}/manifests/${reference}`, {
      repo,
      body: manifest.bytes,
      headers: { 'Content-Type': manifest.mediaType }
    }),
    201,
    `push manifest ${repo}:${reference}`
  )
}

async function pushTags(
  target: RegistryTarget,
  repo: string,
  manifest: BuiltManifest,
  tags: string[]
) {
  await pushManifest(target, repo, manifest.digest, manifest)
  for (const tag of tags) await pushManifest(target, repo, tag, manifest)
}

/** Push an image (blobs, manifest by digest, then each tag); returns its digest. */
export async function pushImage(
  target: RegistryTarget,
  repoPath: string,
  image: BuiltImage,
  tags: string[] = []
): Promise<string> {
  await Promise.all(blobsOf(image).map((blob) => pushBlob(target, repoPath, blob)))
  await pushTags(target, repoPath, image.manifest, tags)
  return image.manifest.digest
}

/** Push an index: every child (untagged, by digest) first, then the index and its tags. */
export async function pushIndex(
  target: RegistryTarget,
  repoPath: string,
  index: BuiltIndex,
  tags: string[] = []
): Promise<string> {
  await Promise.all(blobsOf(index).map((blob) => pushBlob(target, repoPath, blob)))
  await Promise.all(
    index.children.map((c) => pushManifest(target, repoPath, c.manifest.digest, c.manifest))
  )
  await pushTags(target, repoPath, index.manifest, tags)
  return index.manifest.digest
}
