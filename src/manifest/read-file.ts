// Reads one manifest file from disk: confined to the manifest root (symbolic links included), size
// checked before reading, failures as ManifestErrors.
import { constants } from 'node:fs'
import { open, realpath, stat } from 'node:fs/promises'
import { join, relative, isAbsolute, sep } from 'node:path'
import { ManifestError, filePosition, type Findings } from './errors.js'
import { refuseOversized } from './yaml-strict.js'

/** True when `path` is `root` or below it (both real, absolute paths). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`))
}

/**
 * The error for a path under the manifest root that resolves outside it. Manifests come from pull
 * requests: a link to /proc/self/environ or ~/.docker/config.json must not be read, and its
 * target's content must not reach an error message. The message names the link only.
 */
export function linkOutsideRoot(file: string): ManifestError {
  return new ManifestError(
    'LINK_OUTSIDE_ROOT',
    `"${file}" is, or is under, a symbolic link that leads outside the manifest directory; not read`,
    filePosition(file),
    { hint: 'manifest files must be inside the manifest directory: replace the link with the file' }
  )
}

// O_NONBLOCK: a FIFO swapped in after the check must not block the open.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK

/**
 * Text of `root/file` (`file` relative, as shown in errors), or undefined when unreadable or when
 * its real path leaves the real `root`.
 */
export async function readManifestText(
  root: string,
  file: string,
  findings: Findings
): Promise<string | undefined> {
  const path = join(root, file)
  try {
    const real = await realpath(path)
    if (!isInside(await realpath(root), real)) {
      findings.errors.push(linkOutsideRoot(file))
      return undefined
    }
    if (!(await stat(real)).isFile()) {
      findings.errors.push(notAFile(file))
      return undefined
    }
    // Read the real path through one handle, its size taken from that handle.
    const handle = await open(real, OPEN_FLAGS)
    try {
      const info = await handle.stat()
      if (!info.isFile()) {
        findings.errors.push(notAFile(file))
        return undefined
      }
      if (refuseOversized(file, info.size, findings)) return undefined
      return await handle.readFile('utf8')
    } finally {
      await handle.close()
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    findings.errors.push(
      new ManifestError('FILE_UNREADABLE', `cannot read file (${code})`, filePosition(file), {
        hint: code === 'ENOENT' ? 'check the path' : 'check the file permissions',
        cause: error
      })
    )
    return undefined
  }
}

function notAFile(file: string): ManifestError {
  return new ManifestError(
    'FILE_UNREADABLE',
    `expected a regular file, got a directory or special file`,
    filePosition(file)
  )
}
