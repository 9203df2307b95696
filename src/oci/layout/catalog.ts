// Repository listing for layouts: every directory below the base that holds an `oci-layout`.
import { readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { isErrnoCode } from './atomic-file.js'
import { BLOBS_DIR, OCI_LAYOUT_FILE } from './paths.js'

async function entriesOf(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true })
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return []
    throw error
  }
}

/**
 * Layout directories under `baseDir/prefix` (default: all of `baseDir`), as `/`-separated paths
 * relative to `baseDir`, sorted. Layouts may nest (`foo` and `foo/bar`); a layout's `blobs`,
 * hidden directories and symbolic links are not walked.
 */
export async function catalog(baseDir: string, prefix = ''): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await entriesOf(dir)
    const isLayout = entries.some((e) => e.isFile() && e.name === OCI_LAYOUT_FILE)
    if (isLayout) found.push(relative(baseDir, dir).split(sep).join('/') || '.')
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue
      if (isLayout && entry.name === BLOBS_DIR) continue
      await walk(join(dir, entry.name))
    }
  }
  await walk(join(baseDir, prefix))
  return found.sort()
}
