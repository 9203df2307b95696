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

/**
 * The contents of blobs by object id, through one `git cat-file --batch` (one process for a whole
 * manifest tree). Ids come from `git ls-tree`, never from input.
 */
export function readBlobs(cwd: string, ids: readonly string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['cat-file', '--batch'],
      { cwd, maxBuffer: MAX_GIT_OUTPUT_BYTES, encoding: 'buffer' },
      (error, stdout, stderr) => {
        if (error) {
          const detail = (stderr.toString() || error.message).trim().split('\n')[0]
          return reject(
            new DiffScopeError('GIT_FAILED', `git cat-file --batch failed in ${cwd}: ${detail}`, {
              cause: error
            })
          )
        }
        const blobs = new Map<string, Buffer>()
        let at = 0
        for (const id of ids) {
          const eol = stdout.indexOf(0x0a, at)
          const header = stdout.subarray(at, eol).toString('latin1').split(' ')
          at = eol + 1
          if (header[1] !== 'blob') continue // "<id> missing"
          const size = Number(header[2])
          blobs.set(id, stdout.subarray(at, at + size))
          at += size + 1
        }
        resolve(blobs)
      }
    )
    child.stdin?.end(ids.map((id) => `${id}\n`).join(''))
  })
}
