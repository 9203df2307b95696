// Reads one manifest file from disk: size checked before reading, failures as ManifestErrors.
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ManifestError, filePosition, type Findings } from './errors.js'
import { refuseOversized } from './yaml-strict.js'

/** Text of `root/file` (`file` relative, as shown in errors), or undefined when unreadable. */
export async function readManifestText(
  root: string,
  file: string,
  findings: Findings
): Promise<string | undefined> {
  const path = join(root, file)
  try {
    const info = await stat(path)
    if (!info.isFile()) {
      findings.errors.push(
        new ManifestError(
          'FILE_UNREADABLE',
          `expected a regular file, got a directory or special file`,
          filePosition(file)
        )
      )
      return undefined
    }
    if (refuseOversized(file, info.size, findings)) return undefined
    return await readFile(path, 'utf8')
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
