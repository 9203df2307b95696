// Which edges a run considers: every edge, or only digests changed in the manifest tree between
// two commits (`changed`), or since a git date (`since`, kpromo's --manifest-diff-since).
// Works on actions/checkout's shallow clones by fetching just the base commit when it is missing.
// Inputs are validated first (git-input.ts); every revision follows `--end-of-options`, a fetch
// names only a full commit id, and `--refmap=` keeps it from moving remote-tracking refs.
// The scope is computed on edges as well as lines (scope-edges.ts): the base revision's manifests
// are loaded too, so a registry added to a manifest selects its edges although no images.yaml
// line changed, and a destination removed is reported.
import { realpath } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { Edge } from './model.js'
import { parseUnifiedDiff } from './diff.js'
import { DiffScopeError } from './diff-errors.js'
import { buildEdges } from './edges.js'
import { gitSucceeds, runGit } from './git.js'
import { isFullCommitId, validateRemote, validateRevision, validateSince } from './git-input.js'
import { loadManifests } from './load.js'
import { diffEdges, type RemovedDestination } from './scope-edges.js'
import { removeTree, writeTreeAt } from './tree-at.js'

export type { RemovedDestination } from './scope-edges.js'

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
      /** `${file}\0${line}` of every added line, file relative to the manifest root. */
      lines: ReadonlySet<string>
      /** Head edges the base manifests did not have (empty when no head edges were given). */
      edges: ReadonlySet<Edge>
      /** Destinations that lost edges in the change (reported; nothing is deleted). */
      removed: RemovedDestination[]
      /** Unique digests selected (for messages). */
      digests: ReadonlySet<string>
    }

export interface ScopeOptions {
  /** The manifest root (thin-manifest dir, or a plain manifest's directory), inside a git clone. */
  manifestRoot: string
  /** Remote to fetch a missing base commit from. Default "origin". */
  remote?: string
  /**
   * The head manifests' edges (before any registry map): the base revision's manifests are
   * loaded and compared on edges. `manifestFile` names a plain manifest inside `manifestRoot`;
   * without it the root is a thin-manifest directory.
   */
  edges?: { head: readonly Edge[]; manifestFile?: string }
}

const key = (file: string, line: number): string => `${file}\0${line}`

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
): Promise<{ lines: Set<string>; digests: Set<string> }> {
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
  const digests = new Set<string>()
  for (const c of parseUnifiedDiff(diff)) {
    const file = prefix === '' ? c.file : c.file.slice(prefix.length + 1)
    lines.add(key(file, c.line))
    if (c.digest) digests.add(c.digest)
  }
  return { lines, digests }
}

/** The edges of the manifests at `revision` (what loads of them; a tree absent there has none). */
async function edgesAt(
  top: string,
  root: string,
  revision: string,
  manifestFile: string | undefined
): Promise<Edge[]> {
  const prefix = relative(top, root).split(sep).join('/')
  const path =
    manifestFile === undefined ? prefix : [prefix, manifestFile].filter(Boolean).join('/')
  const dir = await writeTreeAt(top, revision, path)
  try {
    const set = await loadManifests(
      manifestFile === undefined
        ? { thinManifestDir: dir }
        : { manifest: join(dir, manifestFile.split('/').pop()!) }
    )
    return buildEdges(set.manifests).edges
  } finally {
    await removeTree(dir)
  }
}

/**
 * The checkout's edges added since `base`; with `until` (a date range ending before the
 * checkout), only those already present at `until`, and what `until` removed.
 */
async function addedEdges(
  top: string,
  root: string,
  base: string,
  until: string | undefined,
  edges: NonNullable<ScopeOptions['edges']>
): Promise<{ added: Set<Edge>; removed: RemovedDestination[] }> {
  const baseEdges = await edgesAt(top, root, base, edges.manifestFile)
  const sinceBase = diffEdges(edges.head, baseEdges)
  if (until === undefined) return sinceBase
  const untilEdges = await edgesAt(top, root, until, edges.manifestFile)
  const notYet = diffEdges(edges.head, untilEdges).added
  return {
    added: new Set([...sinceBase.added].filter((e) => !notYet.has(e))),
    removed: diffEdges(untilEdges, baseEdges).removed
  }
}

/** A `changed` selection that selects nothing (no base, or an empty date range). */
function emptyChange(base: string, head: string): ScopeSelection {
  const none = { lines: new Set<string>(), edges: new Set<Edge>(), digests: new Set<string>() }
  return { kind: 'changed', base, head, ...none, removed: [] }
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
  if (base === undefined) return emptyChange(head, head)
  if (scope.kind === 'since' && scope.until !== undefined) {
    // After sinceBase deepened a shallow clone: the newest commit up to `until` ends the range;
    // none, or one older than the range's base, selects nothing.
    const until = (
      await runGit(top, ['rev-list', '-1', `--before=${scope.until}`, '--end-of-options', head])
    ).trim()
    const inRange =
      until !== '' &&
      (await gitSucceeds(top, ['merge-base', '--is-ancestor', '--end-of-options', base, until]))
    if (!inRange) return emptyChange(base, base)
    head = until
  }
  await ensureRevision(top, base, remote)
  const { lines, digests: lineDigests } = await changedLines(top, root, base, head)
  const { added, removed } = options.edges
    ? await addedEdges(
        top,
        root,
        base,
        head !== (scope.head ?? 'HEAD') ? head : undefined,
        options.edges
      )
    : { added: new Set<Edge>(), removed: [] }
  const selection = { kind: 'changed' as const, base, head, lines, edges: added, removed }
  const digests = options.edges
    ? new Set(options.edges.head.filter((e) => edgeInScope(e, selection)).map((e) => e.digest))
    : lineDigests
  return { ...selection, digests }
}

/**
 * True when the scope selects this edge: the head manifests add it (a new digest, tag, image or
 * registry), or its digest is on an added line of its images file.
 */
export function edgeInScope(
  edge: Edge,
  selection: ScopeSelection | Omit<Extract<ScopeSelection, { kind: 'changed' }>, 'digests'>
): boolean {
  return (
    selection.kind === 'all' ||
    selection.edges.has(edge) ||
    selection.lines.has(key(edge.position.file, edge.position.line))
  )
}

/** True when a scope selected nothing: the run ends cleanly with "nothing to promote". */
export function scopeIsEmpty(selection: ScopeSelection, edges?: readonly Edge[]): boolean {
  if (selection.kind === 'all') return false
  if (edges) return !edges.some((e) => edgeInScope(e, selection))
  return selection.lines.size === 0 && selection.edges.size === 0
}
