// Cancellation in the transport stack (issue #14): the client's signal reaches every wrapper.
// An aborted run does not wait out a retry backoff, does not send a request still queued for a
// host slot, and carries the signal into token requests. The base Send is a fake that hangs
// until the request's own signal aborts, so a wrapper that drops the signal hangs too.
import { describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import { CancelledError } from '../../../src/cancel.js'
import { RegistryClient } from '../../../src/oci/registry/index.js'
import { TransportError } from '../../../src/oci/registry/transport/base.js'
import type { Send, SendRequest } from '../../../src/oci/registry/transport/types.js'

const HOST = 'registry.example'

/** Answers per `answer`; 'hang' waits for the request's signal (and rejects with its reason). */
function fakeBase(answer: (request: SendRequest, n: number) => 'hang' | 'reset' | number): {
  send: Send
  requests: SendRequest[]
} {
  const requests: SendRequest[] = []
  const send: Send = (request) => {
    requests.push(request)
    const what = answer(request, requests.length)
    if (what === 'reset') return Promise.reject(new TransportError('reset', 'connection reset'))
    if (what === 'hang') {
      return new Promise((_, reject) => {
        request.signal?.addEventListener('abort', () =>
          reject(new CancelledError('the run was aborted'))
        )
      })
    }
    const headers: Record<string, string> =
      what === 401
        ? { 'www-authenticate': 'Bearer realm="https://auth.example/token",service="reg"' }
        : {}
    return Promise.resolve({
      status: what,
      headers,
      url: request.url,
      body: Readable.from([]),
      bytes: Buffer.alloc(0)
    })
  }
  return { send, requests }
}

/** What `promise` settled with, and how long after `abort()`; 'pending' after 3 s. */
async function afterAbort(
  promise: Promise<unknown>,
  controller: AbortController,
  delayMs = 100
): Promise<{ error: unknown; ms: number }> {
  promise.catch(() => undefined)
  await new Promise((resolve) => setTimeout(resolve, delayMs))
  const at = performance.now()
  controller.abort()
  let timer: NodeJS.Timeout | undefined
  const late = new Promise((resolve) => (timer = setTimeout(resolve, 3000, 'pending')))
  const error = await Promise.race([
    promise.then(
      () => 'resolved',
      (e: unknown) => e
    ),
    late
  ])
  clearTimeout(timer)
  return { error, ms: performance.now() - at }
}

describe('cancellation in the registry transport', () => {
  it('does not wait out a retry backoff, and does not retry', async () => {
    const base = fakeBase(() => 'reset')
    const controller = new AbortController()
    const client = new RegistryClient({
      baseSend: base.send,
      signal: controller.signal,
      defaults: { backoffBaseMs: 10_000, backoffMaxMs: 10_000, maxAttempts: 5 }
    })
    const { error, ms } = await afterAbort(client.store(HOST).tagList('a/b'), controller)
    expect(error).toMatchObject({ code: 'CANCELLED' })
    expect(ms).toBeLessThan(500)
    expect(base.requests).toHaveLength(1)
  })

  it('a request queued for a host slot is never sent', async () => {
    const base = fakeBase(() => 'hang')
    const controller = new AbortController()
    const client = new RegistryClient({
      baseSend: base.send,
      signal: controller.signal,
      defaults: { concurrency: 1 }
    })
    const store = client.store(HOST)
    const first = store.tagList('a/one')
    const queued = store.tagList('a/two')
    const [a, b] = await Promise.all([
      afterAbort(first, controller),
      afterAbort(queued, controller)
    ])
    expect(a.error).toMatchObject({ code: 'CANCELLED' })
    expect(b.error).toMatchObject({ code: 'CANCELLED' })
    expect(Math.max(a.ms, b.ms)).toBeLessThan(500)
    expect(base.requests.map((r) => new URL(r.url).pathname)).toEqual(['/v2/a/one/tags/list'])
  })

  it('token requests carry the signal', async () => {
    const base = fakeBase((request) =>
      request.url.startsWith('https://auth.example') ? 'hang' : 401
    )
    const controller = new AbortController()
    const client = new RegistryClient({ baseSend: base.send, signal: controller.signal })
    const { error, ms } = await afterAbort(client.store(HOST).tagList('a/b'), controller)
    expect(error).toMatchObject({ code: 'CANCELLED' })
    expect(ms).toBeLessThan(500)
    const token = base.requests.find((r) => r.url.startsWith('https://auth.example'))
    expect(token?.signal?.aborted).toBe(true)
  })

  it('an already aborted client sends nothing', async () => {
    const base = fakeBase(() => 200)
    const controller = new AbortController()
    controller.abort()
    const client = new RegistryClient({ baseSend: base.send, signal: controller.signal })
    await expect(client.store(HOST).manifestHead('a/b', 'v1')).rejects.toMatchObject({
      code: 'CANCELLED'
    })
    expect(base.requests).toHaveLength(0)
  })
})
