// Writes a report file without following a symlink a checkout may have planted: at the file's
// name (opened with O_NOFOLLOW) or, for a path relative to the working directory, at any
// directory between the two. A pull request's `report.json -> ~/.bashrc` stays unwritten.
import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  lstatSync,
  openSync,
  writeSync
} from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { PromoterError } from '../errors.js'

export class UnsafePathError extends PromoterError<'UNSAFE_PATH'> {
  constructor(path: string, why: string) {
    super('UNSAFE_PATH', `not writing ${path}: ${why}`, {
      hint: 'remove the symlink or special file, or give a path to a plain file in a plain directory'
    })
  }
}

const isSymlink = (path: string): boolean => {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}

/**
 * Write `text` (or its chunks, for reports too large to hold as one string) to `path` (resolved
 * against `base`); returns the absolute path written.
 */
export function writeReportFile(
  base: string,
  path: string,
  text: string | Iterable<string>
): string {
  const full = resolve(base, path)
  const below = relative(resolve(base), dirname(full))
  if (!isAbsolute(path) && below !== '' && !below.startsWith('..') && !isAbsolute(below)) {
    let dir = resolve(base)
    for (const part of below.split(sep)) {
      dir = join(dir, part)
      if (isSymlink(dir)) throw new UnsafePathError(full, `${dir} is a symlink`)
    }
  }
  let fd: number
  try {
    fd = openSync(
      full,
      constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK,
      0o644
    )
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP') throw new UnsafePathError(full, 'it is a symlink')
    if (code === 'ENXIO') throw new UnsafePathError(full, 'it is a named pipe')
    throw error
  }
  try {
    if (!fstatSync(fd).isFile()) throw new UnsafePathError(full, 'it is not a regular file')
    // Truncate only once the file is known to be a plain file of our own choosing.
    ftruncateSync(fd, 0)
    for (const chunk of typeof text === 'string' ? [text] : text) {
      const buffer = Buffer.from(chunk)
      let offset = 0
      while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset)
    }
  } finally {
    closeSync(fd)
  }
  return full
}
