// Scale-out across a job matrix: destination registry hosts are dealt to N shards in sorted order,
// so each shard stays within its own hosts' quotas and the assignment is the same in every job.
import type { Edge } from '../manifest/index.js'
import { parseRepository } from '../oci/ref.js'
import type { ShardOption } from './options.js'
import { OptionsError } from './resolve-options.js'

/** The host (or `oci:` for layout directories) a registry name lives on. */
export function registryHost(registryName: string): string {
  const name = parseRepository(registryName)
  return name.kind === 'layout' ? `oci:${name.dir}` : name.host
}

/** Host -> 1-based shard, from every destination of the manifests (not just the scoped ones). */
export function assignShards(allEdges: readonly Edge[], count: number): Map<string, number> {
  const hosts = [...new Set(allEdges.map((e) => registryHost(e.dstRegistry)))].sort()
  return new Map(hosts.map((host, i) => [host, (i % count) + 1]))
}

export function parseShard(text: string): ShardOption {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) {
    throw new OptionsError(
      `expected shard K/N with 1 <= K <= N, got "${text}"`,
      'for a matrix of 4 jobs use shard: ${{ matrix.shard }}/4'
    )
  }
  return { index, count }
}

export function inShard(edge: Edge, assignment: Map<string, number>, shard: ShardOption): boolean {
  return assignment.get(registryHost(edge.dstRegistry)) === shard.index
}
