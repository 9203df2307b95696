// Lines added in a git diff (kpromo §6.1 selects the digests on them). Unlike kpromo, lines keep
// their file and head-side line number, so a change selects the digest of that image only, not the
// same digest everywhere; and every added line counts, so a malformed digest a change writes is in
// scope and refused exactly as in scope `all`.

const QUOTED_DIGEST = /"(sha256:[0-9a-f]{64})"/g

/** The digest of a line with exactly one quoted sha256 digest; undefined for 0 or 2+ matches. */
export function lineDigest(line: string): string | undefined {
  const matches = [...line.matchAll(QUOTED_DIGEST)]
  return matches.length === 1 ? matches[0]![1] : undefined
}

/** An added or changed line of the head revision. */
export interface ChangedLine {
  /** Path as git prints it, relative to the repository top level. */
  file: string
  /** 1-based line in the head revision. */
  line: number
  /** The one well-formed quoted digest on the line, if any. */
  digest?: string
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/

/**
 * Parse `git diff --unified=0` output into the added lines. Removed lines are ignored: a removed
 * digest matches nothing in the head manifests anyway (removed edges are found on edges).
 */
export function parseUnifiedDiff(text: string): ChangedLine[] {
  const found: ChangedLine[] = []
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
    found.push({ file, line, digest: lineDigest(raw) })
    line++
  }
  return found
}
