// The loopback copy limit for a number of bytes: one blob of that size, GET from the source
// registry piped by curl into a monolithic PUT upload on the destination. No promoter can move
// the same bytes between these two registry processes much faster on this machine.
import { headerValue, httpRequest } from '../../__tests__/harness/http.js'
import { blobOf } from '../../__tests__/harness/images.js'
import { seededBytes } from '../../__tests__/harness/prng.js'
import { pushBlob } from '../../__tests__/harness/seed.js'
import { runPeer, type TestRegistry } from '../lib/index.js'

export interface LoopbackLimit {
  bytes: number
  wallMs: number
  bytesPerSecond: number
}

export async function measureLoopbackLimit(
  source: TestRegistry,
  dest: TestRegistry,
  bytes: number
): Promise<LoopbackLimit> {
  const blob = blobOf('application/octet-stream', seededBytes(`loopback-${bytes}`, bytes))
  await pushBlob(source, 'limit/blob', blob)
  const started = await httpRequest(`${dest.url}/v2/limit/blob/blobs/uploads/`, { method: 'POST' })
  const location = new URL(String(headerValue(started, 'location')), dest.url)
  location.searchParams.set('digest', blob.digest)
  const get = `curl -sSf '${source.url}/v2/limit/blob/blobs/${blob.digest}'`
  const put = `curl -sSf -X PUT -T - -H 'Content-Type: application/octet-stream' '${location}'`
  const run = await runPeer('sh', ['-c', `${get} | ${put}`])
  if (run.exitCode !== 0) throw new Error(`curl copy failed: ${run.stderr.slice(-300)}`)
  return { bytes, wallMs: run.wallMs, bytesPerSecond: (bytes * 1000) / run.wallMs }
}
