// Content digests: parsing, computing and streaming verification. Only sha256 is accepted,
// as in kpromo manifests and every registry we target.
import { createHash } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import { PromoterError } from '../errors.js'

export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/

export function isDigest(value: string): boolean {
  return DIGEST_PATTERN.test(value)
}

export function sha256Digest(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

/** The hex part of a sha256 digest, e.g. for the `sha256-<hex>` referrers fallback tag. */
export function digestHex(digest: string): string {
  return digest.slice('sha256:'.length)
}

export class DigestMismatchError extends PromoterError<'DIGEST_MISMATCH'> {
  constructor(expected: string, actual: string, where: string) {
    super('DIGEST_MISMATCH', `content from ${where} has digest ${actual}, expected ${expected}`, {
      hint: 'the registry returned different bytes than the digest names; retry, and report the registry if it persists'
    })
  }
}

/** Throws DigestMismatchError when bytes do not hash to the expected digest. */
export function verifyBytes(bytes: Uint8Array, expected: string, where: string): void {
  const actual = sha256Digest(bytes)
  if (actual !== expected) throw new DigestMismatchError(expected, actual, where)
}

/**
 * A pass-through stream that hashes what flows through it and fails at the end when the
 * digest or the size differs from what was expected. Nothing is buffered.
 */
export function createVerifyingStream(
  expected: string,
  size: number | undefined,
  where: string
): Transform {
  const hash = createHash('sha256')
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk)
      seen += chunk.length
      callback(null, chunk)
    },
    flush(callback: TransformCallback) {
      const actual = `sha256:${hash.digest('hex')}`
      if (size !== undefined && seen !== size) {
        callback(
          new PromoterError(
            'SIZE_MISMATCH',
            `content from ${where} is ${seen} bytes, expected ${size}`,
            {
              hint: 'the transfer was cut short or the registry is serving different content; retry'
            }
          )
        )
        return
      }
      callback(actual === expected ? null : new DigestMismatchError(expected, actual, where))
    }
  })
}

const verifiedStreams = new WeakMap<object, string>()

/** Remember that `stream` already checks `digest` as it is read (so a consumer need not hash it again). */
export function markVerified<T extends object>(stream: T, digest: string): T {
  verifiedStreams.set(stream, digest)
  return stream
}

export function isVerifiedStream(stream: object, digest: string): boolean {
  return verifiedStreams.get(stream) === digest
}
