// Flags of `image-promoter plan`, parsed into typed options (usage errors as strings).
import { parseArgs } from 'node:util'
import type { DiffScope } from '../../manifest/index.js'
import { errorMessage } from '../../errors.js'
import type { RegistryClientOptions } from '../../oci/registry/index.js'
import { parseRegistryMap, type EdgeState, type RegistryMapping } from '../../plan/index.js'
import type { CliIo } from '../io.js'
import { REGISTRY_FLAGS, REGISTRY_FLAGS_HELP, registryOptionsFromFlags } from '../registry-flags.js'

export const PLAN_USAGE = `usage: image-promoter plan (--manifest FILE | --thin-manifest-dir DIR) [flags]

Decides what a promotion run would do with every edge, reading registries but never writing.
  --manifest FILE            a plain manifest
  --thin-manifest-dir DIR    a thin-manifest directory
  --scope all|changed|since  edges to consider (default all; changed needs --base, since --since)
  --base REV                 changed: the base revision (e.g. the pull request's base SHA)
  --head REV                 changed/since: the head revision (default HEAD)
  --since DATE               since: a git date such as "14 days" (kpromo --manifest-diff-since)
  --cache-dir DIR            inventory cache directory (read, then updated)
  --cache-max-age SECONDS    cache entries older than this are ignored (default 21600)
  --registry-map FROM=TO     rewrite a registry-name prefix (repeatable)
  --allow STATE              do not fail the run for lost, conflict or error edges (repeatable)
  --check-lost-destinations  read destinations of lost edges too (already promoted -> done)
  --json                     print the plan as JSON (schema version 1)
${REGISTRY_FLAGS_HELP}

Exit status: 0 when every edge is done or to promote, 1 when some are lost, conflict or error.`

export interface PlanArgs {
  manifest?: string
  thinManifestDir?: string
  scope: DiffScope
  cacheDir?: string
  cacheMaxAgeMs?: number
  registryMap: RegistryMapping[]
  allow: EdgeState[]
  checkLostDestinations: boolean
  json: boolean
  registry: Omit<RegistryClientOptions, 'readOnly'>
}

const ALLOWABLE = ['lost', 'conflict', 'error']

function scopeOf(kind: string, base?: string, head?: string, since?: string): DiffScope | string {
  if (kind === 'all') return { kind: 'all' }
  if (kind === 'changed') return base ? { kind, base, head } : '--scope changed needs --base REV'
  if (kind === 'since') return since ? { kind, since, head } : '--scope since needs --since DATE'
  return `expected --scope all, changed or since, got "${kind}"`
}

export function parsePlanArgs(args: string[], io: CliIo): PlanArgs | string {
  let values
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        manifest: { type: 'string' },
        'thin-manifest-dir': { type: 'string' },
        scope: { type: 'string' },
        base: { type: 'string' },
        head: { type: 'string' },
        since: { type: 'string' },
        'cache-dir': { type: 'string' },
        'cache-max-age': { type: 'string' },
        'registry-map': { type: 'string', multiple: true, default: [] },
        allow: { type: 'string', multiple: true, default: [] },
        'check-lost-destinations': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        ...REGISTRY_FLAGS
      }
    }).values
  } catch (error) {
    return (error as Error).message
  }
  if ((values.manifest === undefined) === (values['thin-manifest-dir'] === undefined))
    return 'give exactly one of --manifest FILE and --thin-manifest-dir DIR'
  const kind = values.scope ?? (values.since ? 'since' : values.base ? 'changed' : 'all')
  const scope = scopeOf(kind, values.base, values.head, values.since)
  if (typeof scope === 'string') return scope
  const bad = values.allow.find((s) => !ALLOWABLE.includes(s))
  if (bad !== undefined) return `expected --allow lost, conflict or error, got "${bad}"`
  const maxAge = values['cache-max-age']
  if (maxAge !== undefined && !/^\d+$/.test(maxAge))
    return `expected --cache-max-age SECONDS, got "${maxAge}"`
  let registryMap: RegistryMapping[]
  let registry: PlanArgs['registry']
  try {
    registryMap = parseRegistryMap(values['registry-map'])
    registry = registryOptionsFromFlags(io, values)
  } catch (error) {
    return errorMessage(error)
  }
  return {
    manifest: values.manifest,
    thinManifestDir: values['thin-manifest-dir'],
    scope,
    cacheDir: values['cache-dir'],
    cacheMaxAgeMs: maxAge === undefined ? undefined : Number(maxAge) * 1000,
    registryMap,
    allow: values.allow as EdgeState[],
    checkLostDestinations: values['check-lost-destinations'],
    json: values.json,
    registry
  }
}
