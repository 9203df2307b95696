// Reading response bodies with a byte limit, so an oversized manifest is refused without
// reading it all.
import type { Readable } from 'node:stream'

export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly declared?: number
  ) {
    super(
      `body exceeds ${limit} bytes${declared === undefined ? '' : ` (Content-Length ${declared})`}`
    )
  }
}

/**
 * Collect a stream into one Buffer. Over `limit`: throw BodyTooLargeError (and stop reading),
 * or with `truncate`, return the first `limit` bytes.
 */
export async function readLimited(
  stream: Readable,
  limit: number,
  truncate = false
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > limit) {
      stream.destroy()
      if (!truncate) throw new BodyTooLargeError(limit)
      chunks.push(chunk.subarray(0, chunk.length - (total - limit)))
      return Buffer.concat(chunks)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
