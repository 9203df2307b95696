// The git half of `pr`: checks first (a clone, a valid new branch name, the images file as
// committed), then a branch from HEAD with one commit of the images file, then (optionally) a
// push of that branch alone. git runs through execFile (manifest/git.ts), names follow
// `--end-of-options` or an option that takes them as its value, and a push names one
// `refs/heads/B:refs/heads/B` refspec (never `+`, so nothing is forced).
import { constants } from 'node:fs'
import { lstat, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { errorMessage } from '../errors.js'
import { gitSucceeds, runGit, validateRemote } from '../manifest/index.js'
import { PrError } from './errors.js'

/** A branch name: no leading `-`, `+` or `.`, no `:`, `..`, `//`, `@{`, spaces or `.lock`. */
const BRANCH = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/

export function validateBranch(branch: string): string {
  if (
    branch.length > 200 ||
    !BRANCH.test(branch) ||
    /\.\.|\/\/|\/\.|\.lock(?:\/|$)|[/.]$/.test(branch)
  )
    throw new PrError(
      'INVALID_BRANCH',
      `branch "${branch}" is not a branch name this tool accepts`,
      {
        hint: 'use letters, digits, `_`, `.`, `-` and `/` (e.g. foo-v1.2.3-image-promotion)'
      }
    )
  return branch
}

/** kpromo's branch name: `<image>-<first tag>-image-promotion` (or the digest's first 12 hex). */
export function defaultBranch(image: string, tags: readonly string[], digest?: string): string {
  const what = tags[0] ?? digest?.replace(/^sha256:/, '').slice(0, 12) ?? 'all'
  return `${image.replace(/\//g, '-')}-${what}-image-promotion`.replace(/[^A-Za-z0-9_.-]/g, '-')
}

/** Commits made where no identity is configured (a fresh CI runner). */
const FALLBACK_IDENTITY = [
  '-c',
  'user.name=github-actions[bot]',
  '-c',
  'user.email=41898282+github-actions[bot]@users.noreply.github.com'
]

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    return await runGit(cwd, args)
  } catch (error) {
    throw new PrError('GIT_FAILED', errorMessage(error), {
      hint: 'see the git message; nothing after this step was done',
      cause: error
    })
  }
}

export interface Clone {
  /** Top of the work tree. */
  top: string
  /** The commit the branch starts from (full id). */
  base: string
  /** The branch checked out before (the pull request's base), if not detached. */
  baseBranch?: string
}

/** Checks that change nothing: a clone, the branch is new, the images file is as committed. */
export async function checkClone(root: string, imagesFile: string, branch: string): Promise<Clone> {
  let top: string
  try {
    top = (await runGit(root, ['rev-parse', '--show-toplevel'])).trim()
  } catch {
    throw new PrError('NOT_A_GIT_CLONE', `${root} is not inside a git work tree`, {
      hint: 'run pr in a clone of the manifest repository'
    })
  }
  if (await gitSucceeds(top, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]))
    throw new PrError('BRANCH_EXISTS', `branch ${branch} already exists`, {
      hint: 'name another branch with --branch, or delete the old one'
    })
  const path = relative(top, join(root, imagesFile))
  const status = await git(top, ['status', '--porcelain', '--untracked-files=all', '--', path])
  if (status.trim() !== '')
    throw new PrError(
      'IMAGES_FILE_CHANGED',
      `${path} has uncommitted changes (or is not committed)`,
      {
        hint: 'commit or discard them first: pr commits only its own change'
      }
    )
  // A link committed at the name would be written through (or fail after the branch exists).
  if (!(await lstat(join(top, path))).isFile())
    throw new PrError('IMAGES_FILE_CHANGED', `${path} is not a regular file (a symbolic link?)`, {
      hint: 'replace the link with the file itself: pr writes only regular files'
    })
  const base = (await git(top, ['rev-parse', '--verify', 'HEAD^{commit}'])).trim()
  const baseBranch = (await gitSucceeds(top, ['symbolic-ref', '--quiet', 'HEAD']))
    ? (await git(top, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim()
    : undefined
  return { top, base, baseBranch }
}

/**
 * Switch to a new branch from HEAD, write the images file, commit only that file. When the write
 * or the commit fails, the file, the checkout and the branch list are put back as they were.
 */
export async function commitOnBranch(
  clone: Clone,
  options: { root: string; imagesFile: string; text: string; branch: string; message: string }
): Promise<string> {
  const { top } = clone
  const branch = validateBranch(options.branch)
  const path = relative(top, join(options.root, options.imagesFile))
  await git(top, ['switch', '-q', '-c', branch])
  try {
    // O_NOFOLLOW: a link planted at the file's name is not written through.
    await writeFile(join(top, path), options.text, {
      flag: constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW
    })
    const identity = (await gitSucceeds(top, ['config', 'user.email'])) ? [] : FALLBACK_IDENTITY
    await git(top, [...identity, 'commit', '-q', '-m', options.message, '--', path])
  } catch (error) {
    await gitSucceeds(top, ['checkout', '-q', 'HEAD', '--', path])
    await gitSucceeds(
      top,
      clone.baseBranch
        ? ['switch', '-q', clone.baseBranch]
        : ['switch', '-q', '--detach', clone.base]
    )
    await gitSucceeds(top, ['branch', '-q', '-D', branch])
    throw error
  }
  return (await git(top, ['rev-parse', '--verify', 'HEAD^{commit}'])).trim()
}

/** Refuses before any write when `remote` already has the branch (a promotion PR still open?). */
export async function checkRemoteBranch(
  top: string,
  remote: string,
  branch: string
): Promise<void> {
  const ref = `refs/heads/${validateBranch(branch)}`
  const heads = await git(top, ['ls-remote', '--heads', validateRemote(remote), ref])
  if (heads.trim() !== '')
    throw new PrError('BRANCH_EXISTS', `branch ${branch} already exists on ${remote}`, {
      hint: 'a pull request for it may be open already; name another branch with --branch, or delete the remote branch'
    })
}

/** Push the branch alone to `remote` (no force). */
export async function pushBranch(top: string, remote: string, branch: string): Promise<void> {
  const ref = `refs/heads/${validateBranch(branch)}`
  await git(top, ['push', '-q', '--end-of-options', validateRemote(remote), `${ref}:${ref}`])
}

/** OWNER/NAME of a GitHub remote URL (https, ssh or scp-like), else undefined. */
export async function githubRepositoryOf(top: string, remote: string): Promise<string | undefined> {
  const name = validateRemote(remote)
  let url: string
  try {
    url = (await runGit(top, ['remote', 'get-url', name])).trim()
  } catch {
    return undefined
  }
  const m = /github\.com[:/]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url)
  return m ? `${m[1]}/${m[2]}` : undefined
}
