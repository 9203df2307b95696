// Runs git with execFile (no shell) in a directory the caller names. The domain passes cwd and
// revisions explicitly; nothing here reads the environment of the process.
import { execFile } from 'node:child_process'
import { DiffScopeError } from './diff-errors.js'

/** Largest git output accepted (a full-tree diff of registry.k8s.io is a few MB). */
export const MAX_GIT_OUTPUT_BYTES = 256 * 1024 * 1024

/** Run `git <args>` in `cwd`; resolves stdout, rejects with DiffScopeError GIT_FAILED and stderr. */
export function runGit(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotePath=false', ...args],
      { cwd, maxBuffer: MAX_GIT_OUTPUT_BYTES, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout)
        const detail = (stderr || error.message).trim().split('\n')[0]
        reject(
          new DiffScopeError('GIT_FAILED', `git ${args.join(' ')} failed in ${cwd}: ${detail}`, {
            cause: error
          })
        )
      }
    )
  })
}

/** True when git exits 0 (for probes such as `cat-file -e`). */
export async function gitSucceeds(cwd: string, args: readonly string[]): Promise<boolean> {
  try {
    await runGit(cwd, args)
    return true
  } catch {
    return false
  }
}
