// Byte-exact layer archives without tar or gzip binaries: a one-file ustar archive, and a gzip
// stream of stored deflate blocks. Stored blocks make the digest independent of the zlib build
// (Node's zlib output differs between versions and CPUs), and cost nothing to produce.
import { crc32 } from 'node:zlib'

const BLOCK = 512

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0'
}

/** A POSIX ustar archive holding one regular file, mtime 0, owned by root. */
export function tarSingleFile(name: string, content: Uint8Array): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name over 100 bytes: ${name}`)
  const header = Buffer.alloc(BLOCK)
  header.write(name, 0)
  header.write(octal(0o644, 8), 100)
  header.write(octal(0, 8), 108)
  header.write(octal(0, 8), 116)
  header.write(octal(content.length, 12), 124)
  header.write(octal(0, 12), 136)
  header.write(' '.repeat(8), 148)
  header.write('0', 156)
  header.write('ustar\0' + '00', 257)
  header.write('root', 265)
  header.write('root', 297)
  let sum = 0
  for (const byte of header) sum += byte
  header.write(octal(sum, 7) + ' ', 148)
  const padding = (BLOCK - (content.length % BLOCK)) % BLOCK
  return Buffer.concat([header, content, Buffer.alloc(padding + 2 * BLOCK)])
}

const MAX_STORED = 65535

/** A gzip member whose deflate stream is stored (uncompressed) blocks. */
export function gzipStored(data: Uint8Array): Buffer {
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])
  const parts: Buffer[] = [header]
  let offset = 0
  do {
    const length = Math.min(MAX_STORED, data.length - offset)
    const final = offset + length >= data.length
    const block = Buffer.alloc(5)
    block[0] = final ? 1 : 0
    block.writeUInt16LE(length, 1)
    block.writeUInt16LE(~length & 0xffff, 3)
    parts.push(block, Buffer.from(data.buffer, data.byteOffset + offset, length))
    offset += length
  } while (offset < data.length)
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(crc32(data) >>> 0, 0)
  trailer.writeUInt32LE(data.length % 2 ** 32, 4)
  parts.push(trailer)
  return Buffer.concat(parts)
}
