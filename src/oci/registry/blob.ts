// Blob existence and download. Downloads stream through a digest-and-size check; a body cut
// short by a reset is resumed with a Range request (within the host's retry attempts).
import { PassThrough, type Readable } from 'node:stream'
import { createVerifyingStream, markVerified } from '../digest.js'
import type { BlobReader } from '../store.js'
import type { RegistryApi } from './api.js'
import { repositoryScope } from './auth/scopes.js'
import { RegistryError } from './errors.js'
import { headerValue } from './transport/types.js'

const blobPath = (repo: string, digest: string) => `/v2/${repo}/blobs/${digest}`

export async function blobHas(api: RegistryApi, repo: string, digest: string): Promise<boolean> {
  const request = {
    method: 'HEAD',
    path: blobPath(repo, digest),
    scopes: [repositoryScope(repo, 'pull')]
  }
  const response = await api.send(request)
  if (response.status === 200) return true
  if (response.status === 404) return false
  throw await api.errorFrom(request, response)
}

async function openBody(
  api: RegistryApi,
  repo: string,
  digest: string,
  offset: number
): Promise<{ size: number; body: Readable; partial: boolean }> {
  const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {}
  const request = {
    method: 'GET',
    path: blobPath(repo, digest),
    headers,
    scopes: [repositoryScope(repo, 'pull')]
  }
  const response = await api.send(request)
  if (response.status === 404)
    throw new RegistryError('NOT_FOUND', `blob ${digest} not found in ${repo}`, {
      registry: api.host,
      method: 'GET',
      url: response.url,
      status: 404,
      image: `${api.host}/${repo}`,
      temporary: false
    })
  if (response.status !== 200 && response.status !== 206)
    throw await api.errorFrom(request, response)
  const length = Number(headerValue(response, 'content-length'))
  return { size: length, body: response.body, partial: response.status === 206 }
}

export async function blobGet(api: RegistryApi, repo: string, digest: string): Promise<BlobReader> {
  const first = await openBody(api, repo, digest, 0)
  if (!Number.isFinite(first.size))
    throw new RegistryError('INVALID_RESPONSE', `blob ${digest} download has no Content-Length`, {
      registry: api.host
    })
  const where = `${api.host}/${repo}@${digest}`
  const output = new PassThrough()
  const verified = output.pipe(createVerifyingStream(digest, first.size, where))
  output.on('error', (error) => verified.destroy(error))
  // A consumer that stops early (destroys the stream) stops the download too.
  verified.on('close', () => {
    if (!output.writableFinished) output.destroy()
  })
  void pump(api, repo, digest, first.size, first.body, output)
  return { size: first.size, stream: markVerified(verified, digest) }
}

/** Copy bodies into `output`, reopening from the received offset when one is cut short. */
async function pump(
  api: RegistryApi,
  repo: string,
  digest: string,
  size: number,
  body: Readable,
  output: PassThrough
): Promise<void> {
  let received = 0
  let current = body
  let skip = 0
  const watchdog = startWatchdog(
    api,
    digest,
    () => current,
    () => received
  )
  output.once('close', watchdog.stop)
  for (let attempt = 1; ; attempt++) {
    try {
      for await (const chunk of current as AsyncIterable<Buffer>) {
        if (output.destroyed) {
          current.destroy()
          return
        }
        const data = skip > 0 ? chunk.subarray(Math.min(skip, chunk.length)) : chunk
        skip = Math.max(0, skip - chunk.length)
        received += data.length
        if (data.length > 0 && !output.write(data)) await watchdog.paused(drained(output))
      }
      if (received >= size || attempt >= api.config.maxAttempts) {
        watchdog.stop()
        output.end()
        return
      }
    } catch (error) {
      if (attempt >= api.config.maxAttempts || output.destroyed) {
        watchdog.stop()
        output.destroy(watchdog.explain(error))
        return
      }
    }
    try {
      const next = await openBody(api, repo, digest, received)
      current = next.body
      skip = next.partial ? 0 : received // a 200 restarts from byte 0: drop what we have
    } catch (error) {
      watchdog.stop()
      output.destroy(error as Error)
      return
    }
  }
}

/** Bodies slower than this, over a whole idle-timeout window, are abandoned (a slow loris). */
export const MIN_BLOB_BYTES_PER_SECOND = 1024

/**
 * Checks once per idle-timeout window that the body keeps moving at MIN_BLOB_BYTES_PER_SECOND;
 * time spent waiting on our own consumer (backpressure) does not count. A stalled or trickling
 * body is destroyed with a TIMEOUT RegistryError, which the pump retries like a cut body.
 */
function startWatchdog(
  api: RegistryApi,
  digest: string,
  body: () => Readable,
  received: () => number
) {
  const windowMs = api.config.timeoutMs
  const minBytes = (MIN_BLOB_BYTES_PER_SECOND * windowMs) / 1000
  let mark = received()
  let waiting = 0
  let slow: RegistryError | undefined
  const timer = setInterval(() => {
    const moved = received() - mark
    mark = received()
    if (waiting > 0 || moved >= minBytes) return
    slow = new RegistryError(
      'TIMEOUT',
      `blob ${digest} from ${api.host}: received only ${moved} bytes within ${windowMs} ms`,
      {
        registry: api.host,
        hint: 'the registry (or the network) stalled; retry later, or raise the registry timeout',
        temporary: true
      }
    )
    body().destroy(slow)
  }, windowMs)
  timer.unref()
  return {
    stop: () => clearInterval(timer),
    async paused<T>(wait: Promise<T>): Promise<T> {
      waiting++
      try {
        return await wait
      } finally {
        waiting--
        mark = received()
      }
    },
    /** The watchdog's own verdict when it cut the body, else the error as it came. */
    explain: (error: unknown): Error => slow ?? (error as Error)
  }
}

function drained(output: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      output.off('drain', done)
      output.off('close', done)
      resolve()
    }
    output.once('drain', done)
    output.once('close', done)
  })
}
