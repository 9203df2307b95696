// Token scopes (`repository:<name>:<actions>`, distribution token spec): building and merging,
// so one token carries every scope a request needs (a mount needs pull on the source too).

export function repositoryScope(repo: string, actions: 'pull' | 'pull,push'): string {
  return `repository:${repo}:${actions}`
}

export const CATALOG_SCOPE = 'registry:catalog:*'

/** Split `a b` lists, merge actions per resource, and sort: a stable cache key. */
export function mergeScopes(...lists: readonly (readonly string[] | undefined)[]): string[] {
  const resources = new Map<string, Set<string>>()
  for (const list of lists) {
    for (const item of list ?? []) {
      for (const scope of item.split(/\s+/).filter(Boolean)) {
        const last = scope.lastIndexOf(':')
        if (last <= 0) continue
        const resource = scope.slice(0, last)
        const actions = resources.get(resource) ?? new Set<string>()
        for (const action of scope
          .slice(last + 1)
          .split(',')
          .filter(Boolean))
          actions.add(action)
        resources.set(resource, actions)
      }
    }
  }
  return [...resources]
    .map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`)
    .sort()
}

/** Whether `granted` scopes include every action of every `needed` scope. */
export function coversScopes(granted: readonly string[], needed: readonly string[]): boolean {
  const have = new Set(mergeScopes(granted).flatMap(expand))
  return mergeScopes(needed)
    .flatMap(expand)
    .every((item) => have.has(item) || have.has(wildcard(item)))
}

function expand(scope: string): string[] {
  const last = scope.lastIndexOf(':')
  return scope
    .slice(last + 1)
    .split(',')
    .map((action) => `${scope.slice(0, last)}:${action}`)
}

function wildcard(item: string): string {
  return `${item.slice(0, item.lastIndexOf(':'))}:*`
}
