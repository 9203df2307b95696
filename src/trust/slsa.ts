// Reading the builder id and source repository out of SLSA provenance predicates (v1 and v0.2),
// for the provenance policy's allowed-builders and allowed-sources lists.

type Json = Record<string, unknown> | undefined

const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    value
  )

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined

export function slsaBuilderId(predicate: Json): string | undefined {
  return text(at(predicate, 'runDetails', 'builder', 'id')) ?? text(at(predicate, 'builder', 'id'))
}

/** The source repository: GitHub workflow parameters, the first resolved dependency, or v0.2's configSource. */
export function slsaSourceRepository(predicate: Json): string | undefined {
  const workflow = at(predicate, 'buildDefinition', 'externalParameters', 'workflow', 'repository')
  const firstDependency = (
    at(predicate, 'buildDefinition', 'resolvedDependencies') as unknown[] | undefined
  )?.[0]
  const uri =
    text(workflow) ??
    text(at(firstDependency, 'uri')) ??
    text(at(predicate, 'invocation', 'configSource', 'uri'))
  return uri?.replace(/^git\+/, '').replace(/@.*$/, '')
}
