// Blobs of a layout directory: existence, verified reads, verified atomic writes, and local
// "mounts" (hardlink, else copy) between layout directories.
import { createWriteStream } from 'node:fs'
import { copyFile, link, open, rename, rm, stat } from 'node:fs/promises'
import { Readable, pipeline as pipelineCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { cancelledBy, destroyOnAbort, throwIfCancelled } from '../../cancel.js'
import { PromoterError } from '../../errors.js'
import { DigestMismatchError, createVerifyingStream } from '../digest.js'
import type { BlobReader } from '../store.js'
import { isErrnoCode, temporaryPath } from './atomic-file.js'
import { LayoutError } from './errors.js'
import { initLayout } from './index-file.js'
import type { KeyedLock } from '../../concurrency/index.js'
import { blobPath } from './paths.js'

export async function blobHas(dir: string, digest: string): Promise<boolean> {
  try {
    return (await stat(blobPath(dir, digest))).isFile()
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return false
    throw error
  }
}

/**
 * A stream of the blob that fails at its end when the bytes on disk do not match the digest, and
 * with CancelledError when `signal` aborts.
 */
export async function blobGet(
  dir: string,
  digest: string,
  signal?: AbortSignal
): Promise<BlobReader> {
  const path = blobPath(dir, digest)
  let handle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if (!isErrnoCode(error, 'ENOENT') && !isErrnoCode(error, 'ENOTDIR')) throw error
    throw new LayoutError('NOT_FOUND', `blob ${digest} is not in oci:${dir}`, {
      dir,
      hint: 'promote the image that uses this blob into the layout first'
    })
  }
  const { size } = await handle.stat()
  const verifying = destroyOnAbort(createVerifyingStream(digest, size, `oci:${dir}`), signal)
  // The callback form keeps the pipeline from rejecting unobserved; errors reach `verifying`.
  pipelineCallback(handle.createReadStream(), verifying, () => undefined)
  return { size, stream: verifying }
}

/**
 * Store a blob: streamed to a temporary file while hashed, then renamed into place if it matches.
 * An aborted `signal` stops the stream (and the body it reads) and removes the temporary file.
 */
export async function blobPut(
  locks: KeyedLock,
  dir: string,
  digest: string,
  size: number,
  body: Readable | Uint8Array,
  signal?: AbortSignal
): Promise<void> {
  // Hold errors the body emits before the pipeline below listens (it reports them after).
  // (ArrayBuffer.isView, not instanceof: a Buffer made in another realm is still bytes.)
  const bytes = ArrayBuffer.isView(body) ? body : undefined
  if (bytes === undefined) (body as Readable).on('error', () => undefined)
  const target = blobPath(dir, digest)
  await initLayout(locks, dir)
  const temp = temporaryPath(dir)
  const source = bytes
    ? Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])
    : (body as Readable)
  try {
    throwIfCancelled(signal)
    await pipeline(
      source,
      createVerifyingStream(digest, size, 'the upload'),
      createWriteStream(temp),
      signal ? { signal } : {}
    )
    throwIfCancelled(signal)
    await rename(temp, target)
  } catch (error) {
    await rm(temp, { force: true })
    if (signal?.aborted) throw cancelledBy(signal)
    throw uploadError(dir, digest, error)
  }
}

function uploadError(dir: string, digest: string, error: unknown): unknown {
  const hint =
    'the source served other content than its digest and size name; retry, and check the source if it persists'
  if (error instanceof DigestMismatchError) {
    return new LayoutError('DIGEST_INVALID', `blob upload to oci:${dir}: ${error.message}`, {
      dir,
      hint,
      cause: error
    })
  }
  if (error instanceof PromoterError && error.code === 'SIZE_MISMATCH') {
    return new LayoutError(
      'SIZE_INVALID',
      `blob ${digest} upload to oci:${dir}: ${error.message}`,
      { dir, hint, cause: error }
    )
  }
  return error
}

/**
 * Make `digest` from `fromDir` available in `dir` without reading it: a hardlink, or a copy where
 * links are impossible (another file system). False when `fromDir` does not have the blob.
 */
export async function blobMount(
  locks: KeyedLock,
  dir: string,
  digest: string,
  fromDir: string
): Promise<boolean> {
  const source = blobPath(fromDir, digest)
  if (!(await blobHas(fromDir, digest))) return false
  if (await blobHas(dir, digest)) return true
  await initLayout(locks, dir)
  const temp = temporaryPath(dir)
  try {
    await link(source, temp).catch(() => copyFile(source, temp))
    await rename(temp, blobPath(dir, digest))
    return true
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
