// Revisions, dates and remote names from inputs and flags, checked before git sees them. Git reads
// a leading `-` as an option (`--upload-pack=CMD` runs CMD) and `+A:B` as a refspec that creates
// refs, and it reads any text as a date ("banana" is now), so only plain shapes pass.
import { DiffScopeError } from './diff-errors.js'

/** A full commit id (SHA-1 or SHA-256): the only revision a fetch is ever asked for. */
const FULL_COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

/**
 * A commit-ish git can resolve locally: a hex id, a branch or tag name, or one followed by `~N`,
 * `^N` or `^{...}` (`HEAD^`, `origin/main~2`, `v1.0^{commit}`). No `:` (refspecs, `rev:path`),
 * no `+`, no `..` ranges, no whitespace, and never a leading `-`.
 */
const REVISION = /^[A-Za-z0-9_][A-Za-z0-9_./@-]*(?:[~^][0-9]*|\^\{[a-z]*\})*$/

/** "14 days", "2 weeks ago", "3.months" (kpromo's --manifest-diff-since), or "yesterday". */
const RELATIVE_DATE =
  /^(?:[0-9]{1,6}[ .](?:second|minute|hour|day|week|month|year)s?(?: ago)?|yesterday)$/
/** 2026-01-31, 2026-01-31T12:00, 2026-01-31 12:00:00Z, 2026-01-31T12:00:00+02:00 */
const ISO_DATE =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$/

const REMOTE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

export const isFullCommitId = (revision: string): boolean => FULL_COMMIT.test(revision)

/** Throws INVALID_REVISION unless `revision` is a plain commit-ish (see REVISION). */
export function validateRevision(what: string, revision: string): string {
  if (
    revision.length > 255 ||
    !REVISION.test(revision) ||
    /\.\.|\/\/|\.lock(?:$|[~^])/.test(revision)
  ) {
    throw new DiffScopeError(
      'INVALID_REVISION',
      `${what} "${revision}" is not a git revision this tool accepts`,
      {
        hint: 'give a commit id, a branch or tag name, or one with ~N / ^N (no options, refspecs, ranges or spaces)'
      }
    )
  }
  return revision
}

/** Throws INVALID_SINCE unless `since` is a relative age or an ISO 8601 date git reads exactly. */
export function validateSince(since: string): string {
  const iso = ISO_DATE.test(since)
  if (
    (!iso && !RELATIVE_DATE.test(since)) ||
    (iso && Number.isNaN(Date.parse(since.replace(' ', 'T'))))
  ) {
    throw new DiffScopeError('INVALID_SINCE', `since "${since}" is not a date this tool accepts`, {
      hint: 'write an age such as "14 days" or "2 weeks ago", or a date such as 2026-01-31 (git would read other text as "now" and select nothing)'
    })
  }
  return since
}

/** Throws INVALID_REVISION unless `remote` is a plain remote name (such as origin). */
export function validateRemote(remote: string): string {
  if (remote.length > 255 || !REMOTE.test(remote) || /\.\.|\.lock$/.test(remote)) {
    throw new DiffScopeError('INVALID_REVISION', `git remote "${remote}" is not a remote name`, {
      hint: 'name a configured remote such as origin'
    })
  }
  return remote
}
