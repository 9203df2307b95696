// Reads a whole stream into memory (small test bodies only).
import type { Readable } from 'node:stream'

export async function readAllBytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}
