// Named defaults for RunOptions, applied in one place; contradictory combinations are refused.
import { dirname, resolve } from 'node:path'
import { PromoterError } from '../errors.js'
import type { DiffScope } from '../manifest/index.js'
import { DEFAULT_CACHE_MAX_AGE_MS, type EdgeState } from '../plan/index.js'
import type { RunOptions } from './options.js'
import { resolveTrust, type ResolvedTrust } from './resolve-trust.js'
import { trustOptionsProblem } from './trust-options.js'

export class OptionsError extends PromoterError<'INVALID_OPTIONS'> {
  constructor(message: string, hint: string) {
    super('INVALID_OPTIONS', message, { hint })
  }
}

export type ResolvedRunOptions = Omit<
  RunOptions,
  'scope' | 'confirm' | 'readOnly' | 'tolerate' | 'log' | 'now' | 'trust'
> & {
  scope: DiffScope
  confirm: boolean
  readOnly: boolean
  tolerate: EdgeState[]
  log: (line: string) => void
  now: () => Date
  layoutBaseDir: string
  cacheMaxAgeMs: number
  trust: ResolvedTrust
}

export function resolveRunOptions(options: RunOptions, cwd: string): ResolvedRunOptions {
  // sigcheck IMAGE@DIGEST... checks references and reads no manifest.
  const references = (options.sigcheck?.references?.length ?? 0) > 0
  const manifests =
    Number(options.manifest !== undefined) + Number(options.thinManifestDir !== undefined)
  if (references ? manifests !== 0 : manifests !== 1) {
    throw new OptionsError(
      references
        ? 'image references replace the manifests: give either references or a manifest'
        : 'expected exactly one of manifest and thin-manifest-dir',
      'give --manifest FILE or --thin-manifest-dir DIR (action inputs manifest / thin-manifest-dir)' +
        (references ? ', or only IMAGE@DIGEST references' : '')
    )
  }
  if (options.shard && !(options.shard.index >= 1 && options.shard.index <= options.shard.count)) {
    throw new OptionsError(
      `shard ${options.shard.index}/${options.shard.count} is out of range`,
      'write the shard as K/N with 1 <= K <= N'
    )
  }
  const trustProblem = trustOptionsProblem(options.trust)
  if (trustProblem) {
    throw new OptionsError(
      trustProblem,
      'set certificate-identity (or -regexp) AND certificate-oidc-issuer (or -regexp), or trusted-key'
    )
  }
  const readOnly = options.readOnly ?? false
  // A read-only run never confirms, whatever was asked.
  const confirm = !readOnly && (options.confirm ?? false)
  const manifestRoot = options.manifest
    ? dirname(resolve(cwd, options.manifest))
    : resolve(cwd, options.thinManifestDir ?? '.')
  return {
    ...options,
    manifest: options.manifest && resolve(cwd, options.manifest),
    thinManifestDir: options.thinManifestDir && resolve(cwd, options.thinManifestDir),
    scope: options.scope ?? { kind: 'all' },
    readOnly,
    confirm,
    tolerate: options.tolerate ?? [],
    log: options.log ?? (() => undefined),
    now: options.now ?? (() => new Date()),
    layoutBaseDir: resolve(cwd, options.layoutBaseDir ?? manifestRoot),
    cacheDir: options.cacheDir && resolve(cwd, options.cacheDir),
    cacheMaxAgeMs: options.cacheMaxAgeMs ?? DEFAULT_CACHE_MAX_AGE_MS,
    trust: resolveTrust(options.trust, confirm)
  }
}
