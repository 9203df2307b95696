// The JSON form of a Plan (`plan --json`) and its JSON Schema (draft 2020-12). The schema is the
// documented contract: bump PLAN_SCHEMA_VERSION and the schema's `$id` on any breaking change.
import type { SourcePosition } from '../errors.js'
import {
  EDGE_STATES,
  PLAN_SCHEMA_VERSION,
  type EdgeState,
  type Plan,
  type PlanCounts,
  type PlanRequests
} from './schema.js'

export interface PlanEdgeJson {
  state: EdgeState
  source: string
  destination: string
  image: string
  digest: string
  /** '' for a tagless (digest-only) promotion. */
  tag: string
  reason: string
  position: SourcePosition
  destinationDigest?: string
  fromCache?: boolean
}

export interface PlanJson {
  schemaVersion: typeof PLAN_SCHEMA_VERSION
  counts: PlanCounts
  requests: PlanRequests
  durationMs: number
  edges: PlanEdgeJson[]
}

function edgeToJson(e: Plan['edges'][number]): PlanEdgeJson {
  return {
    state: e.state,
    source: e.source,
    destination: e.destination,
    image: e.edge.image,
    digest: e.edge.digest,
    tag: e.edge.tag,
    reason: e.reason,
    position: e.position,
    ...(e.destinationDigest ? { destinationDigest: e.destinationDigest } : {}),
    ...(e.fromCache ? { fromCache: true } : {})
  }
}

export function planToJson(plan: Plan): PlanJson {
  return {
    schemaVersion: plan.version,
    counts: plan.counts,
    requests: plan.requests,
    durationMs: plan.durationMs,
    edges: plan.edges.map(edgeToJson)
  }
}

/** JSON.stringify(value, null, 2) as it reads nested `depth` levels deep. */
function nested(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${'  '.repeat(depth)}`)
}

/**
 * JSON.stringify of strings, remembered: the ~720,000 edges of a k8s.io plan share a few tens of
 * thousands of repository names, images, digests, tags, reasons and file names.
 */
function quoter(): (value: string) => string {
  const quoted = new Map<string, string>()
  return (value) => {
    let text = quoted.get(value)
    if (text === undefined) quoted.set(value, (text = JSON.stringify(value)))
    return text
  }
}

/** One edge as `nested(edgeToJson(e), 2)` writes it, without the intermediate object. */
function edgeText(e: Plan['edges'][number], q: (value: string) => string): string {
  let text =
    `    {\n      "state": ${q(e.state)},\n      "source": ${q(e.source)},\n` +
    `      "destination": ${q(e.destination)},\n      "image": ${q(e.edge.image)},\n` +
    `      "digest": ${q(e.edge.digest)},\n      "tag": ${q(e.edge.tag)},\n` +
    `      "reason": ${q(e.reason)},\n      "position": {\n        "file": ${q(e.position.file)},\n` +
    `        "line": ${JSON.stringify(e.position.line)},\n        "column": ${JSON.stringify(e.position.column)}\n      }`
  if (e.destinationDigest) text += `,\n      "destinationDigest": ${q(e.destinationDigest)}`
  if (e.fromCache) text += ',\n      "fromCache": true'
  return `${text}\n    }`
}

/**
 * `JSON.stringify(planToJson(plan), null, 2)` in pieces of `edgesPerChunk` edges: a k8s.io plan's
 * JSON is ~500 MB of text, which built whole (objects, then one string) doubled the peak memory.
 * Pieces stay under V8's large-object size (~56 KB for 100 edges), so they die young: pieces of
 * 1,000 edges went to the large-object space and piled up until a full collection (+80 MB RSS).
 */
export function* planJsonChunks(plan: Plan, edgesPerChunk = 100): Generator<string> {
  const head: Omit<PlanJson, 'edges'> = {
    schemaVersion: plan.version,
    counts: plan.counts,
    requests: plan.requests,
    durationMs: plan.durationMs
  }
  let text = '{\n'
  for (const [key, value] of Object.entries(head))
    text += `  ${JSON.stringify(key)}: ${nested(value, 1)},\n`
  const { edges } = plan
  if (edges.length === 0) {
    yield `${text}  "edges": []\n}`
    return
  }
  text += '  "edges": [\n'
  const q = quoter()
  for (let i = 0; i < edges.length; i += edgesPerChunk) {
    const end = Math.min(i + edgesPerChunk, edges.length)
    for (let j = i; j < end; j++) text += `${j === 0 ? '' : ',\n'}${edgeText(edges[j]!, q)}`
    yield text
    text = ''
  }
  yield '\n  ]\n}'
}

const count = { type: 'integer', minimum: 0 } as const
const digest = { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' } as const

/** JSON Schema of PlanJson. */
export const PLAN_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `https://github.com/image-promoter/image-promoter/schemas/plan-v${PLAN_SCHEMA_VERSION}.json`,
  title: 'image-promoter plan',
  description:
    'What a promotion run will do with every edge (manifest digest x destination x tag).',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'counts', 'requests', 'durationMs', 'edges'],
  properties: {
    schemaVersion: { const: PLAN_SCHEMA_VERSION },
    counts: {
      type: 'object',
      additionalProperties: false,
      required: ['total', ...EDGE_STATES],
      properties: Object.fromEntries(['total', ...EDGE_STATES].map((k) => [k, count]))
    },
    requests: {
      description:
        'Store calls made by the plan; http is the HTTP total when the caller measured it.',
      type: 'object',
      additionalProperties: false,
      required: ['sourceHeads', 'destinationHeads', 'tagLists', 'total'],
      properties: {
        sourceHeads: count,
        destinationHeads: count,
        tagLists: count,
        total: count,
        http: count
      }
    },
    durationMs: count,
    edges: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'state',
          'source',
          'destination',
          'image',
          'digest',
          'tag',
          'reason',
          'position'
        ],
        properties: {
          state: { enum: [...EDGE_STATES] },
          source: { type: 'string', description: 'source repository (registry/image)' },
          destination: { type: 'string', description: 'destination repository (registry/image)' },
          image: { type: 'string' },
          digest,
          tag: { type: 'string', description: 'empty for a tagless promotion' },
          reason: { type: 'string' },
          position: {
            type: 'object',
            additionalProperties: false,
            required: ['file', 'line', 'column'],
            properties: { file: { type: 'string' }, line: count, column: count }
          },
          destinationDigest: {
            ...digest,
            description: 'conflicts: where the destination tag points now'
          },
          fromCache: { type: 'boolean', description: 'decided from inventory-cache data' }
        }
      }
    }
  }
} as const
