// The one "not found" of every Store: a manifest, blob or repository that is not there throws an
// error with code NOT_FOUND, from a registry (a 404, or the spec codes MANIFEST_UNKNOWN,
// BLOB_UNKNOWN, NAME_UNKNOWN) and from a layout directory alike.

export const NOT_FOUND = 'NOT_FOUND'

/** True for a Store's "not found" (by code, so any Store implementation qualifies). */
export function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === NOT_FOUND
}
