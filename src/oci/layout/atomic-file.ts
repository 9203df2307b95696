// Atomic file writes: content goes to a temporary file in the same directory tree and is renamed
// into place, so readers see either nothing or the whole file, never a partial one.
import { randomBytes } from 'node:crypto'
import { readdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/**
 * A fresh temporary path inside `dir`. Temporary names start with `.tmp-` so they never look like
 * a blob (`blobs/sha256/<hex>`) or a layout file; one a killed process leaves behind is removed
 * by the next writer (sweepTemporaryFiles).
 */
export function temporaryPath(dir: string): string {
  return join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`)
}

const TEMPORARY_NAME = /^\.tmp-(\d+)-[0-9a-f]+$/

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return !isErrnoCode(error, 'ESRCH') // EPERM: alive, someone else's
  }
}

const swept = new Set<string>()

/**
 * Remove the temporary files a killed writer left in `dir` (once per directory and process):
 * those whose writer's pid is no longer running. A live writer's files are never touched.
 */
export async function sweepTemporaryFiles(dir: string): Promise<void> {
  if (swept.has(dir)) return
  swept.add(dir)
  const names = await readdir(dir).catch(() => [] as string[])
  for (const name of names) {
    const match = TEMPORARY_NAME.exec(name)
    if (match && !isAlive(Number(match[1]))) await rm(join(dir, name), { force: true })
  }
}

/**
 * Write `bytes` to `path` atomically: a temporary file in `tempDir` (default: the target's own
 * directory; it must be on the same file system), then a rename.
 */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array | string,
  tempDir = dirname(path)
): Promise<void> {
  const temp = temporaryPath(tempDir)
  try {
    await writeFile(temp, bytes)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

/** True when `error` is a Node.js file-system error with this code (ENOENT, EEXIST...). */
export function isErrnoCode(error: unknown, code: string): boolean {
  // Not `instanceof Error`: errors from another realm (a vm context, as under jest) fail it.
  return (
    typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code
  )
}
