// Restores and saves the run's caches (registry inventory, sigstore TUF metadata) with
// @actions/cache. The cache is advisory: every problem becomes a warning, never a failure.
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { relative, sep } from 'node:path'
import { redactOutput, redactText } from '../oci/registry/index.js'
import { oneLine } from '../report/escape.js'

/** A cache service's error text as one redacted line (it may echo URLs with signed tokens). */
const why = (error: unknown): string => oneLine(redactOutput(redactText((error as Error).message)))

/**
 * 2: the cache moved out of the workspace; entries saved from a workspace are never restored.
 * 3: inventory files in format v2 (compact); a v1 directory is not restored to be carried on.
 */
export const CACHE_SCHEMA = 3

export interface CacheKeys {
  primary: string
  restoreKeys: string[]
}

/**
 * Keys are immutable, so each run saves under a unique key (run id and attempt) and restores the
 * newest entry of the same scope by prefix. The scope hashes the manifest location so two
 * promotion jobs in one repository do not share an inventory.
 */
export function cacheKeys(scope: string, runId: string, runAttempt: string): CacheKeys {
  const hash = createHash('sha256').update(scope).digest('hex').slice(0, 12)
  const prefix = `image-promoter-v${CACHE_SCHEMA}-${hash}-`
  return {
    primary: `${prefix}${runId}-${runAttempt}`,
    restoreKeys: [prefix, `image-promoter-v${CACHE_SCHEMA}-`]
  }
}

/**
 * The scope of the keys: the manifest path relative to the checkout (`/`-separated), so a runner
 * with another workspace path (self-hosted, a renamed repository) restores the same entries.
 */
export function cacheScope(workspace: string, manifestPath: string): string {
  return relative(workspace, manifestPath).split(sep).join('/') || '.'
}

/** Restore into `paths` (created if missing); returns the matched key, or undefined. */
export async function restoreCaches(paths: string[], keys: CacheKeys): Promise<string | undefined> {
  for (const path of paths) mkdirSync(path, { recursive: true })
  try {
    if (!cache.isFeatureAvailable()) {
      core.info('cache service not available: planning from the registries alone')
      return undefined
    }
    const matched = await cache.restoreCache(paths, keys.primary, keys.restoreKeys)
    core.info(
      matched ? `restored cache ${matched}` : 'no cache to restore: first run reads the registries'
    )
    return matched
  } catch (error) {
    core.warning(`cache restore failed (continuing without it): ${why(error)}`)
    return undefined
  }
}

/** Save `paths` under the primary key; returns true when saved. */
export async function saveCaches(
  paths: string[],
  keys: CacheKeys,
  matchedKey?: string
): Promise<boolean> {
  if (matchedKey === keys.primary) return false
  const existing = paths.filter((path) => existsSync(path))
  if (existing.length === 0) return false
  try {
    if (!cache.isFeatureAvailable()) return false
    const id = await cache.saveCache(existing, keys.primary)
    if (id === -1) return false
    core.info(`saved cache ${keys.primary}`)
    return true
  } catch (error) {
    core.warning(`cache save failed (the next run reads the registries again): ${why(error)}`)
    return false
  }
}
