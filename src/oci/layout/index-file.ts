// Reading and atomically rewriting a layout's `index.json` and `oci-layout` files. Every rewrite
// happens under the per-directory lock, so concurrent writers in this process never lose entries.
import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { MEDIA_TYPE } from '../media-types.js'
import type { Descriptor } from '../store.js'
import { isErrnoCode, sweepTemporaryFiles, writeFileAtomic } from './atomic-file.js'
import { LayoutError } from './errors.js'
import type { KeyedLock } from '../../concurrency/index.js'
import { IMAGE_LAYOUT_VERSION, INDEX_FILE, OCI_LAYOUT_FILE, blobDir } from './paths.js'

/** The annotation that names a tag on an index.json entry (image-spec annotations.md). */
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name'

/** index.json as read; unknown top-level fields are kept on rewrite. */
export interface LayoutIndex {
  schemaVersion: 2
  mediaType?: string
  manifests: Descriptor[]
  [field: string]: unknown
}

function emptyIndex(): LayoutIndex {
  return { schemaVersion: 2, mediaType: MEDIA_TYPE.ociIndex, manifests: [] }
}

/** The tag of an index.json entry, if it has one. */
export function entryTag(entry: Descriptor): string | undefined {
  return entry.annotations?.[REF_NAME_ANNOTATION]
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return undefined
    throw error
  }
}

/** True when `dir` holds an `oci-layout` file (the marker of an image layout). */
export async function hasLayout(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, OCI_LAYOUT_FILE))).isFile()
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return false
    throw error
  }
}

/** Read index.json; an absent file is an empty index. Throws LAYOUT_INVALID when malformed. */
export async function readIndex(dir: string): Promise<LayoutIndex> {
  const text = await readOptional(join(dir, INDEX_FILE))
  if (text === undefined) return emptyIndex()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (cause) {
    throw invalidIndex(dir, 'is not valid JSON', cause)
  }
  const index = parsed as Partial<LayoutIndex> | null
  if (index?.schemaVersion !== 2 || !Array.isArray(index.manifests)) {
    throw invalidIndex(dir, 'expected {"schemaVersion": 2, "manifests": [...]}')
  }
  return index as LayoutIndex
}

function invalidIndex(dir: string, what: string, cause?: unknown): LayoutError {
  return new LayoutError('LAYOUT_INVALID', `${join(dir, INDEX_FILE)} ${what}`, {
    dir,
    cause,
    hint: 'repair or remove the file; it must be an OCI image index'
  })
}

/** Create the layout skeleton (oci-layout, blobs/sha256, index.json) where missing. */
async function ensureLayout(dir: string): Promise<void> {
  await mkdir(blobDir(dir), { recursive: true })
  const marker = await readOptional(join(dir, OCI_LAYOUT_FILE))
  if (marker === undefined) {
    const content = JSON.stringify({ imageLayoutVersion: IMAGE_LAYOUT_VERSION })
    await writeFileAtomic(join(dir, OCI_LAYOUT_FILE), content)
  } else if (layoutVersion(marker) !== IMAGE_LAYOUT_VERSION) {
    throw new LayoutError(
      'LAYOUT_INVALID',
      `expected imageLayoutVersion ${IMAGE_LAYOUT_VERSION} in ${join(dir, OCI_LAYOUT_FILE)}, got ${marker.trim()}`,
      {
        dir,
        hint: 'write to a directory holding an OCI image layout 1.0.0, or to a new directory'
      }
    )
  }
  if ((await readOptional(join(dir, INDEX_FILE))) === undefined) {
    await writeFileAtomic(join(dir, INDEX_FILE), `${JSON.stringify(emptyIndex())}\n`)
  }
}

function layoutVersion(marker: string): unknown {
  try {
    return (JSON.parse(marker) as { imageLayoutVersion?: unknown } | null)?.imageLayoutVersion
  } catch {
    return undefined
  }
}

/** Create the layout skeleton under the directory lock (so it never races an index rewrite). */
export async function initLayout(locks: KeyedLock, dir: string): Promise<void> {
  await locks.run(dir, async () => {
    await ensureLayout(dir)
    await sweepTemporaryFiles(dir)
  })
}

/**
 * Apply `change` to index.json under the directory lock and write it back atomically. `change`
 * returns the new entry list, or undefined to leave the file untouched.
 */
export async function updateIndex(
  locks: KeyedLock,
  dir: string,
  change: (entries: readonly Descriptor[]) => Descriptor[] | undefined
): Promise<void> {
  await locks.run(dir, async () => {
    await ensureLayout(dir)
    const index = await readIndex(dir)
    const manifests = change(index.manifests)
    if (manifests === undefined) return
    const text = JSON.stringify({ ...index, manifests }, null, 2)
    await writeFileAtomic(join(dir, INDEX_FILE), `${text}\n`)
  })
}
