// Digests changed in a git diff (kpromo §6.1): a diff line counts when it holds exactly one quoted
// "sha256:<64 hex>". Unlike kpromo, lines keep their file and head-side line number, so a change
// selects the digest of that image only, not the same digest everywhere.

const QUOTED_DIGEST = /"(sha256:[0-9a-f]{64})"/g

/** The digest of a line with exactly one quoted sha256 digest; undefined for 0 or 2+ matches. */
export function lineDigest(line: string): string | undefined {
  const matches = [...line.matchAll(QUOTED_DIGEST)]
  return matches.length === 1 ? matches[0]![1] : undefined
}

/** A digest written on an added or changed line of the head revision. */
export interface ChangedDigest {
  /** Path as git prints it, relative to the repository top level. */
  file: string
  /** 1-based line in the head revision. */
  line: number
  digest: string
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/

/**
 * Parse `git diff --unified=0` output into the digests on added lines. Removed lines are
 * ignored: a removed digest matches nothing in the head manifests anyway.
 */
export function parseUnifiedDiff(text: string): ChangedDigest[] {
  const found: ChangedDigest[] = []
  let file: string | undefined
  let line = 0
  for (const raw of text.split('\n')) {
    if (raw.startsWith('+++ ')) {
      file = raw === '+++ /dev/null' ? undefined : raw.slice(4).replace(/^b\//, '')
      continue
    }
    const hunk = HUNK.exec(raw)
    if (hunk) {
      line = Number(hunk[1])
      continue
    }
    if (!raw.startsWith('+') || file === undefined) continue
    const digest = lineDigest(raw)
    if (digest) found.push({ file, line, digest })
    line++
  }
  return found
}
