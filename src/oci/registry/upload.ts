// Blob upload: POST a session, then one monolithic PUT (the common case), or PATCH chunks and a
// closing PUT when the host sets `chunkSize` (for registries that refuse large single PUTs).
// `Location` may be relative or absolute and keeps its own query (`_state`).
import { Readable } from 'node:stream'
import { createVerifyingStream, isVerifiedStream } from '../digest.js'
import type { RegistryApi } from './api.js'
import { repositoryScope } from './auth/scopes.js'
import { blobHas } from './blob.js'
import { readLimited } from './body.js'
import { RegistryError } from './errors.js'
import { headerValue, type SendResponse } from './transport/types.js'

/** Streamed blobs up to this size are read into memory first, so their upload can be retried. */
export const REPLAYABLE_UPLOAD_MAX_BYTES = 1024 * 1024

/** Resolve an upload `Location` against the URL that returned it. */
export function uploadLocation(response: SendResponse, api: RegistryApi): string {
  const location = headerValue(response, 'location')
  if (!location)
    throw new RegistryError('INVALID_RESPONSE', 'upload answer has no Location header', {
      registry: api.host,
      method: 'POST',
      url: response.url,
      status: response.status
    })
  return new URL(location, response.url).toString()
}

function withDigest(location: string, digest: string): string {
  const url = new URL(location)
  url.searchParams.set('digest', digest)
  return url.toString()
}

/**
 * The body checked against its digest on the way out; a source error reaches the upload (a plain
 * pipe() would leave the PUT waiting for its idle timeout). A stream that already verifies this
 * digest as it is read (a blobGet body) is not hashed twice.
 */
function verifying(source: Readable, digest: string, size: number, where: string): Readable {
  if (isVerifiedStream(source, digest)) return source
  const check = createVerifyingStream(digest, size, where)
  source.on('error', (error) => check.destroy(error))
  return source.pipe(check)
}

export async function startUpload(api: RegistryApi, repo: string): Promise<string> {
  const response = await api.expect(
    {
      method: 'POST',
      path: `/v2/${repo}/blobs/uploads/`,
      scopes: [repositoryScope(repo, 'pull,push')],
      buffer: true,
      maxBytes: 64 * 1024
    },
    [202]
  )
  return uploadLocation(response, api)
}

export async function blobPut(
  api: RegistryApi,
  repo: string,
  digest: string,
  size: number,
  body: Readable | Uint8Array
): Promise<void> {
  const where = `upload of ${digest} to ${api.host}/${repo}`
  const location = await startUpload(api, repo)
  const scopes = [repositoryScope(repo, 'pull,push')]
  const chunkSize = api.config.chunkSize
  if (chunkSize > 0 && size > chunkSize) {
    const source = body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : body
    const last = await patchChunks(
      api,
      location,
      verifying(source, digest, size, where),
      chunkSize,
      scopes
    )
    await completeUpload(api, repo, digest, () =>
      api.expect(
        {
          method: 'PUT',
          path: withDigest(last, digest),
          scopes,
          buffer: true,
          maxBytes: 64 * 1024
        },
        [201, 204]
      )
    )
    return
  }
  let payload = body instanceof Uint8Array ? body : verifying(body, digest, size, where)
  // Small streamed blobs (configs, small layers) are collected so the PUT can be retried.
  if (!(payload instanceof Uint8Array) && size <= REPLAYABLE_UPLOAD_MAX_BYTES)
    payload = await readLimited(payload, size)
  await completeUpload(api, repo, digest, () =>
    api.expect(
      {
        method: 'PUT',
        path: withDigest(location, digest),
        body: payload,
        scopes,
        buffer: true,
        maxBytes: 64 * 1024,
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) }
      },
      [201, 204]
    )
  )
}

/**
 * A closing PUT whose answer was lost (reset after the registry committed) is retried onto a
 * finished session and gets 404 BLOB_UPLOAD_UNKNOWN: the blob is there, so that is success.
 */
async function completeUpload(
  api: RegistryApi,
  repo: string,
  digest: string,
  put: () => Promise<unknown>
): Promise<void> {
  try {
    await put()
  } catch (error) {
    if (
      error instanceof RegistryError &&
      error.status === 404 &&
      (await blobHas(api, repo, digest))
    )
      return
    throw error
  }
}

/** PATCH fixed-size chunks (each replayable, so each can be retried); returns the last Location. */
async function patchChunks(
  api: RegistryApi,
  location: string,
  source: Readable,
  chunkSize: number,
  scopes: string[]
): Promise<string> {
  let offset = 0
  let pending: Buffer[] = []
  let pendingBytes = 0
  const flush = async () => {
    const chunk = Buffer.concat(pending)
    pending = []
    pendingBytes = 0
    const response = await api.expect(
      {
        method: 'PATCH',
        path: location,
        body: chunk,
        scopes,
        buffer: true,
        maxBytes: 64 * 1024,
        headers: {
          'content-type': 'application/octet-stream',
          'content-range': `${offset}-${offset + chunk.length - 1}`
        }
      },
      [202]
    )
    offset += chunk.length
    location = uploadLocation(response, api)
  }
  for await (const data of source as AsyncIterable<Buffer>) {
    let rest = data
    while (rest.length > 0) {
      const take = Math.min(rest.length, chunkSize - pendingBytes)
      pending.push(rest.subarray(0, take))
      pendingBytes += take
      rest = rest.subarray(take)
      if (pendingBytes === chunkSize) await flush()
    }
  }
  if (pendingBytes > 0) await flush()
  return location
}

/** Abandon an upload session (after a mount answered 202); failures only cost server storage. */
export async function cancelUpload(
  api: RegistryApi,
  location: string,
  repo: string
): Promise<void> {
  try {
    const response = await api.send({
      method: 'DELETE',
      path: location,
      scopes: [repositoryScope(repo, 'pull,push')],
      buffer: true,
      maxBytes: 64 * 1024
    })
    void response
  } catch {
    // best effort: an abandoned session is purged by the registry
  }
}
