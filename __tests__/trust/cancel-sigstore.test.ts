// Cancellation of sigstore calls (issue #14): sigstore-js takes no abort signal, so a stopped
// run stops awaiting Fulcio, Rekor and the TUF mirror: the caller gets CANCELLED within 1 s even
// when the service never answers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createKeylessSigner } from '../../src/trust/signing/keyless-signer.js'
import { abortableSigner } from '../../src/trust/signing/abortable-signer.js'
import { signMessage } from '../../src/trust/signing/sign-payloads.js'
import { createTrustRootProvider } from '../../src/trust/trust-root.js'
import { startSigstoreMocks, type SigstoreMocks } from '../harness/sigstore-mock.js'

let mocks: SigstoreMocks
/** Accepts every request and never answers. */
let silent: Server
let silentURL: string
let received = 0
const held: ServerResponse[] = []

beforeAll(async () => {
  mocks = await startSigstoreMocks()
  silent = createServer((_req, res) => {
    received++
    held.push(res)
  })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  silentURL = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
})
afterAll(async () => {
  // The abandoned requests get a final answer and settle inside this test file.
  for (const res of held) res.writeHead(404).end()
  await new Promise((resolve) => setTimeout(resolve, 500))
  silent.closeAllConnections()
  await new Promise((resolve) => silent.close(resolve))
  await mocks.stop()
})

/** How long `promise` took to settle after `abort()`, and what it rejected with. */
async function settleAfterAbort(
  promise: Promise<unknown>,
  controller: AbortController
): Promise<{ ms: number; error: unknown }> {
  promise.catch(() => undefined)
  const started = Date.now()
  while (received === 0 && Date.now() - started < 10_000) {
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const abortedAt = performance.now()
  controller.abort()
  let timer: NodeJS.Timeout | undefined
  const late = new Promise((resolve) => (timer = setTimeout(resolve, 3000, 'still waiting')))
  const error = await Promise.race([
    promise.then(
      () => 'resolved',
      (e: unknown) => e
    ),
    late
  ])
  clearTimeout(timer)
  return { ms: performance.now() - abortedAt, error }
}

describe('cancelling sigstore calls', () => {
  it('a TUF mirror that never answers: the trusted root wait ends within 1 s of the abort', async () => {
    received = 0
    const controller = new AbortController()
    const provider = createTrustRootProvider(
      {
        tufMirrorURL: silentURL,
        tufRootPath: mocks.tufRootPath,
        tufCachePath: mkdtempSync(join(tmpdir(), 'tuf-cancel-')),
        tufRetries: 0
      },
      controller.signal
    )
    const { ms, error } = await settleAfterAbort(provider.get(), controller)
    expect(error).toMatchObject({ code: 'CANCELLED' })
    expect(ms).toBeLessThan(1000)
  })

  it('a Fulcio that never answers: signing ends within 1 s of the abort, CANCELLED', async () => {
    received = 0
    const controller = new AbortController()
    const signer = abortableSigner(
      createKeylessSigner({
        fulcioURL: silentURL,
        rekorURL: mocks.rekorURL,
        getIdentityToken: async () => mocks.token('cancel@example.com', 'https://issuer.example')
      }),
      controller.signal
    )
    const { ms, error } = await settleAfterAbort(
      signMessage(signer, Buffer.from('payload')),
      controller
    )
    expect(error).toMatchObject({ code: 'CANCELLED' })
    expect(ms).toBeLessThan(1000)
  })
})
