// Unique (repository, digest) subjects, merging the manifest positions that name each.
import type { DigestSubject } from './types.js'

export function uniqueSubjects<T extends DigestSubject>(subjects: readonly T[]): T[] {
  const byKey = new Map<string, T>()
  for (const s of subjects) {
    const key = `${s.repository}@${s.digest}`
    const seen = byKey.get(key)
    if (seen) seen.positions.push(...s.positions)
    else byKey.set(key, { ...s, positions: [...s.positions] })
  }
  return [...byKey.values()]
}
