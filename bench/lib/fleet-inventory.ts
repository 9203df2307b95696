// The fleet's contents, built from a tree's edges: every source repository holds every digest the
// tree names (with its tags); destinations hold every digest and tag in the steady state, and in
// the `new-region` state one destination host (a region just added) holds nothing.
import type { Edge } from '../../src/manifest/model.js'
import { parseRepository } from '../../src/oci/ref.js'
import type { FleetInventory, FleetRepository } from './fleet-sim.js'

export type FleetState = 'steady' | 'new-region'

export interface BuiltFleet {
  inventory: FleetInventory
  /** Every host the edges name, sorted. */
  hosts: string[]
  /** The empty destination host of the `new-region` state. */
  emptyHost?: string
  /** Repositories on the empty host that edges write to (the plan's floor there: one list each). */
  emptyRepositories: number
}

function split(name: string): { host: string; path: string } {
  const r = parseRepository(name)
  if (r.kind !== 'registry') throw new Error(`plan-fleet: not a registry name: ${name}`)
  return { host: r.host, path: r.path }
}

function put(inv: FleetInventory, host: string, path: string, digest: string, tag: string): void {
  let repos = inv.get(host)
  if (!repos) inv.set(host, (repos = new Map()))
  let repo: FleetRepository | undefined = repos.get(path)
  if (!repo) repos.set(path, (repo = { tags: new Map(), digests: new Map() }))
  let tags = repo.digests.get(digest)
  if (!tags) repo.digests.set(digest, (tags = []))
  if (tag !== '' && !repo.tags.has(tag)) {
    repo.tags.set(tag, digest)
    tags.push(tag)
  }
}

export function buildFleet(edges: readonly Edge[], state: FleetState): BuiltFleet {
  const names = new Map<string, { host: string; path: string }>()
  const of = (name: string) => {
    let s = names.get(name)
    if (!s) names.set(name, (s = split(name)))
    return s
  }
  const destinationHosts = new Set<string>()
  const hosts = new Set<string>()
  for (const e of edges) {
    hosts.add(of(e.srcRegistry).host).add(of(e.dstRegistry).host)
    destinationHosts.add(of(e.dstRegistry).host)
  }
  const emptyHost = state === 'new-region' ? [...destinationHosts].sort().at(-1) : undefined
  const inventory: FleetInventory = new Map()
  const emptyRepos = new Set<string>()
  for (const e of edges) {
    const src = of(e.srcRegistry)
    put(inventory, src.host, `${src.path}/${e.image}`, e.digest, e.tag)
    const dst = of(e.dstRegistry)
    if (dst.host === emptyHost) emptyRepos.add(`${dst.path}/${e.image}`)
    else put(inventory, dst.host, `${dst.path}/${e.image}`, e.digest, e.tag)
  }
  return {
    inventory,
    hosts: [...hosts].sort(),
    emptyHost,
    emptyRepositories: emptyRepos.size
  }
}
