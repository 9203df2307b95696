// Which edges a run considers: every edge, or only digests changed in the manifest tree between
// two commits (`changed`), or since a git date (`since`, kpromo's --manifest-diff-since).
// Works on actions/checkout's shallow clones by fetching just the base commit when it is missing.
// Inputs are validated first (git-input.ts); every revision follows `--end-of-options`, a fetch
// names only a full commit id, and `--refmap=` keeps it from moving remote-tracking refs.
import { realpath } from 'node:fs/promises'
import { relative, sep } from 'node:path'
import type { Edge } from './model.js'
import { parseUnifiedDiff } from './diff.js'
import { DiffScopeError } from './diff-errors.js'
import { gitSucceeds, runGit } from './git.js'
import { isFullCommitId, validateRemote, validateRevision, validateSince } from './git-input.js'

export type DiffScope =
  | { kind: 'all' }
  /** Digests added or changed between `base` and `head` (default HEAD). */
  | { kind: 'changed'; base: string; head?: string }
  /**
   * Digests changed by commits since a git date such as "14 days" (committer dates); with
   * `until`, only by commits up to that date (sigcheck --to-days).
   */
  | { kind: 'since'; since: string; head?: string; until?: string }

export type ScopeSelection =
  | { kind: 'all' }
  | {
      kind: 'changed'
      base: string
      head: string
      /** `${file}\0${line}\0${digest}`, file relative to the manifest root. */
      lines: ReadonlySet<string>
      /** Unique digests selected (for messages and for loadManifests' digest filter). */
      digests: ReadonlySet<string>
    }

export interface ScopeOptions {
  /** The manifest root (thin-manifest dir, or a plain manifest's directory), inside a git clone. */
  manifestRoot: string
  /** Remote to fetch a missing base commit from. Default "origin". */
  remote?: string
}

const key = (file: string, line: number, digest: string): string => `${file}\0${line}\0${digest}`

/** Fetch options that write no ref: no tags, no remote-tracking update, no FETCH_HEAD. */
const FETCH = ['fetch', '--no-tags', '--refmap=', '--no-write-fetch-head']

const hasCommit = (top: string, revision: string): Promise<boolean> =>
  gitSucceeds(top, ['cat-file', '-e', '--end-of-options', `${revision}^{commit}`])

/**
 * Make sure a revision is in the clone, fetching it alone (depth 1) when it is not. Only a full
 * commit id is fetched: a name would be read by the remote (and a `+A:B` refspec creates refs).
 */
async function ensureRevision(top: string, revision: string, remote: string): Promise<void> {
  if (await hasCommit(top, revision)) return
  if (
    isFullCommitId(revision) &&
    (await gitSucceeds(top, [...FETCH, '--depth=1', '--end-of-options', remote, revision]))
  ) {
    if (await hasCommit(top, revision)) return
  }
  throw new DiffScopeError(
    'REVISION_MISSING',
    `git revision ${revision} is not in the clone at ${top} and could not be fetched from ${remote}`,
    {
      hint: 'check the base revision; with actions/checkout set fetch-depth: 0 (or fetch-depth: 2 for a push diffed against HEAD^)'
    }
  )
}

async function sinceBase(
  top: string,
  since: string,
  head: string,
  remote: string
): Promise<string | undefined> {
  if ((await runGit(top, ['rev-parse', '--is-shallow-repository'])).trim() === 'true') {
    // Deepen along the commit already checked out (its full id, never a name from input).
    const id = (
      await runGit(top, ['rev-parse', '--verify', '--end-of-options', `${head}^{commit}`])
    ).trim()
    await gitSucceeds(top, [...FETCH, `--shallow-since=${since}`, '--end-of-options', remote, id])
    await gitSucceeds(top, [...FETCH, '--deepen=1', '--end-of-options', remote, id])
  }
  const commits = (
    await runGit(top, ['log', `--since=${since}`, '--format=%H', '--end-of-options', head])
  )
    .split('\n')
    .filter(Boolean)
  const oldest = commits.at(-1)
  if (oldest === undefined) return undefined
  if (
    await gitSucceeds(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${oldest}~1`])
  )
    return `${oldest}~1`
  const shallow = (await runGit(top, ['rev-parse', '--is-shallow-repository'])).trim() === 'true'
  if (shallow) {
    throw new DiffScopeError(
      'SHALLOW_HISTORY',
      `the clone at ${top} does not hold the history of the last ${since}`,
      {
        hint: 'with actions/checkout set fetch-depth: 0'
      }
    )
  }
  return oldest // the root commit: its own changes are not included (as in kpromo)
}

async function changedLines(
  top: string,
  root: string,
  base: string,
  head: string
): Promise<Set<string>> {
  const prefix = relative(top, root).split(sep).join('/')
  const diff = await runGit(top, [
    'diff',
    '--unified=0',
    '--no-color',
    '--no-ext-diff',
    '--no-renames',
    '--end-of-options',
    base,
    head,
    '--',
    prefix || '.'
  ])
  const lines = new Set<string>()
  for (const c of parseUnifiedDiff(diff)) {
    const file = prefix === '' ? c.file : c.file.slice(prefix.length + 1)
    lines.add(key(file, c.line, c.digest))
  }
  return lines
}

/** Resolve a scope to the manifest lines it selects. Runs git in the manifest root's clone. */
export async function resolveScope(
  scope: DiffScope,
  options: ScopeOptions
): Promise<ScopeSelection> {
  if (scope.kind === 'all') return { kind: 'all' }
  // Checked before any git call: a bad value is an error, never an option, refspec or empty scope.
  const remote = validateRemote(options.remote ?? 'origin')
  if (scope.kind === 'changed') validateRevision('base', scope.base)
  else {
    validateSince(scope.since)
    if (scope.until !== undefined) validateSince(scope.until)
  }
  if (scope.head !== undefined) validateRevision('head', scope.head)
  const root = await realpath(options.manifestRoot)
  const top = await runGit(root, ['rev-parse', '--show-toplevel']).then(
    (s) => realpath(s.trim()),
    (error: unknown) => {
      throw new DiffScopeError(
        'NOT_A_GIT_REPOSITORY',
        `the manifest root ${root} is not inside a git clone`,
        {
          hint: 'a diff scope needs the manifests in a git checkout; use --scope all otherwise',
          cause: error
        }
      )
    }
  )
  let head = scope.head ?? 'HEAD'
  await ensureRevision(top, head, remote)
  const base =
    scope.kind === 'changed' ? scope.base : await sinceBase(top, scope.since, head, remote)
  if (base === undefined)
    return { kind: 'changed', base: head, head, lines: new Set(), digests: new Set() }
  if (scope.kind === 'since' && scope.until !== undefined) {
    // After sinceBase deepened a shallow clone: the newest commit up to `until` ends the range;
    // none, or one older than the range's base, selects nothing.
    const until = (
      await runGit(top, ['rev-list', '-1', `--before=${scope.until}`, '--end-of-options', head])
    ).trim()
    const inRange =
      until !== '' &&
      (await gitSucceeds(top, ['merge-base', '--is-ancestor', '--end-of-options', base, until]))
    if (!inRange) return { kind: 'changed', base, head: base, lines: new Set(), digests: new Set() }
    head = until
  }
  await ensureRevision(top, base, remote)
  const lines = await changedLines(top, root, base, head)
  const digests = new Set([...lines].map((l) => l.slice(l.lastIndexOf('\0') + 1)))
  return { kind: 'changed', base, head, lines, digests }
}

/** True when the scope selects this edge: its digest is on a changed line of its images file. */
export function edgeInScope(edge: Edge, selection: ScopeSelection): boolean {
  return (
    selection.kind === 'all' ||
    selection.lines.has(key(edge.position.file, edge.position.line, edge.digest))
  )
}

/** True when a scope selected nothing: the run ends cleanly with "nothing to promote". */
export function scopeIsEmpty(selection: ScopeSelection): boolean {
  return selection.kind === 'changed' && selection.lines.size === 0
}
