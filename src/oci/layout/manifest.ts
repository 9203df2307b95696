// Manifests of a layout directory: stored as blobs, tags and top-level digests listed in
// index.json. Bytes are written and returned exactly as given, so digests never change.
import { readFile } from 'node:fs/promises'
import { isDigest, sha256Digest, verifyBytes } from '../digest.js'
import { isTag } from '../ref.js'
import type { Descriptor, FetchedManifest, RawManifest } from '../store.js'
import { isErrnoCode, writeFileAtomic } from './atomic-file.js'
import { blobHas } from './blob.js'
import { LayoutError } from './errors.js'
import {
  REF_NAME_ANNOTATION,
  entryTag,
  hasLayout,
  initLayout,
  readIndex,
  updateIndex
} from './index-file.js'
import type { KeyedLock } from '../../concurrency/index.js'
import {
  MAX_MANIFEST_BYTES,
  parseJsonObject,
  readManifestContent,
  type ManifestContent
} from './manifest-content.js'
import { blobPath } from './paths.js'
import { guessManifestMediaType, manifestFormatProblem } from '../manifest-format.js'
import { withEntry } from './index-entries.js'

async function readBlobOptional(dir: string, digest: string): Promise<Buffer | undefined> {
  try {
    return await readFile(blobPath(dir, digest))
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return undefined
    throw error
  }
}

function requireTag(dir: string, tag: string): void {
  if (isTag(tag)) return
  throw new LayoutError('TAG_INVALID', `expected a tag or sha256 digest, got "${tag}"`, {
    dir,
    hint: 'tags are up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"'
  })
}

/** The index.json entry for a tag (the last one wins, as in other layout readers). */
async function findTag(dir: string, tag: string): Promise<Descriptor | undefined> {
  requireTag(dir, tag)
  if (!(await hasLayout(dir))) return undefined
  const entries = (await readIndex(dir)).manifests
  return entries.findLast((entry) => entryTag(entry) === tag)
}

/** Manifest bytes by digest with their media type; undefined when absent or not a manifest. */
async function readByDigest(dir: string, digest: string): Promise<FetchedManifest | undefined> {
  const bytes = await readBlobOptional(dir, digest)
  // Blobs and manifests share one namespace in a layout: a layer is not a manifest.
  if (bytes === undefined || bytes.length > MAX_MANIFEST_BYTES) return undefined
  const json = parseJsonObject(bytes)
  const mediaType = json && guessManifestMediaType(json)
  if (mediaType === undefined) return undefined
  verifyBytes(bytes, digest, `oci:${dir}`)
  return { mediaType, digest, bytes }
}

async function readByTag(dir: string, tag: string): Promise<FetchedManifest | undefined> {
  const entry = await findTag(dir, tag)
  if (entry === undefined) return undefined
  const bytes = await readBlobOptional(dir, entry.digest)
  if (bytes === undefined) {
    throw new LayoutError(
      'LAYOUT_INVALID',
      `index.json tags ${tag} as ${entry.digest}, but that blob is missing`,
      {
        dir,
        hint: 'the layout was damaged; promote the image into it again after removing the entry'
      }
    )
  }
  verifyBytes(bytes, entry.digest, `oci:${dir}`)
  const problem = manifestFormatProblem(bytes, entry.mediaType)
  if (problem !== undefined) {
    throw new LayoutError(
      'LAYOUT_INVALID',
      `index.json tags ${tag} as ${entry.digest}, which ${problem}`,
      {
        dir,
        hint: 'the tag names a manifest under the wrong media type; remove the entry and promote the image again'
      }
    )
  }
  return { mediaType: entry.mediaType, digest: entry.digest, bytes }
}

/** Read a manifest by tag or digest, verified; undefined when it does not exist. */
export function manifestRead(dir: string, reference: string): Promise<FetchedManifest | undefined> {
  return isDigest(reference) ? readByDigest(dir, reference) : readByTag(dir, reference)
}

export async function manifestHead(
  dir: string,
  reference: string
): Promise<Descriptor | undefined> {
  const found = await manifestRead(dir, reference)
  return found && { mediaType: found.mediaType, digest: found.digest, size: found.bytes.length }
}

export async function manifestGet(dir: string, reference: string): Promise<FetchedManifest> {
  const found = await manifestRead(dir, reference)
  if (found !== undefined) return found
  throw new LayoutError('NOT_FOUND', `manifest ${reference} is not in oci:${dir}`, {
    dir,
    hint: 'check the tag or digest, or promote the image into the layout first'
  })
}

async function requireReferenced(dir: string, content: ManifestContent): Promise<void> {
  for (const [what, list] of [
    ['blob', content.blobs],
    ['child manifest', content.children]
  ] as const) {
    for (const descriptor of list) {
      if (!(await blobHas(dir, descriptor.digest))) {
        throw new LayoutError(
          'MANIFEST_BLOB_UNKNOWN',
          `manifest names ${what} ${descriptor.digest}, which oci:${dir} does not have`,
          {
            dir,
            hint: 'write blobs and child manifests before the manifest that names them'
          }
        )
      }
    }
  }
}

export interface ManifestPutResult {
  digest: string
  content: ManifestContent
}

/**
 * Store manifest bytes (checked like a registry: supported type, JSON, referenced blobs present)
 * and list them in index.json: under `reference` when it is a tag, untagged when it is a digest.
 */
export async function manifestPut(
  locks: KeyedLock,
  dir: string,
  reference: string,
  manifest: RawManifest
): Promise<ManifestPutResult> {
  const digest = sha256Digest(manifest.bytes)
  const tag = isDigest(reference) ? undefined : reference
  if (tag === undefined && reference !== digest) {
    throw new LayoutError(
      'DIGEST_INVALID',
      `manifest bytes have digest ${digest}, expected ${reference}`,
      {
        dir,
        hint: 'push manifest bytes exactly as fetched; re-serialising JSON changes the digest'
      }
    )
  }
  if (tag !== undefined) requireTag(dir, tag)
  const content = readManifestContent(dir, manifest.bytes, manifest.mediaType)
  await requireReferenced(dir, content)
  await initLayout(locks, dir)
  await writeFileAtomic(blobPath(dir, digest), manifest.bytes, dir)
  const entry: Descriptor = { mediaType: manifest.mediaType, digest, size: manifest.bytes.length }
  if (tag !== undefined) entry.annotations = { [REF_NAME_ANNOTATION]: tag }
  const children = new Set(content.children.map((child) => child.digest))
  await updateIndex(locks, dir, (entries) => withEntry(entries, entry, children))
  return { digest, content }
}
