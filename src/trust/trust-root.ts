// The sigstore trusted root: from a file (private deployments, air-gapped runners, tests) or via
// TUF (@sigstore/tuf). Fetched lazily, once per run, and shared: a run that verifies and signs
// nothing never touches the network for it. Failures are fatal (fail closed).
import { readFile } from 'node:fs/promises'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { getTrustedRoot } from '@sigstore/tuf'
import { abortable } from '../cancel.js'
import { TrustError } from './errors.js'

export interface TrustRootOptions {
  /** A `trusted_root.json` file; when set, TUF is not used. */
  trustedRootPath?: string
  /** TUF mirror. Default: the public-good CDN (whose root is embedded in @sigstore/tuf). */
  tufMirrorURL?: string
  /** Initial root.json for a mirror other than the public-good one. */
  tufRootPath?: string
  /** TUF cache directory (restored and saved with the run's caches). Default: sigstore-js's. */
  tufCachePath?: string
  /** Use cached TUF metadata without a refresh first; a refresh is still tried if that fails. */
  tufForceCache?: boolean
  /** Retries of a failed TUF request. Default 2 (sigstore-js's default). */
  tufRetries?: number
}

/** Hands out the one trusted root of a run; `loaded` says whether anything asked for it. */
export interface TrustRootProvider {
  get(): Promise<TrustedRoot>
  readonly loaded: boolean
}

const HINT =
  'set the trusted-root option to a trusted_root.json file, or make the TUF mirror reachable (tuf-mirror, tuf-root)'

/** Parse trusted root JSON text (protobuf JSON, as TUF serves it). */
export function parseTrustedRoot(text: string, where: string): TrustedRoot {
  try {
    const root = TrustedRoot.fromJSON(JSON.parse(text))
    if (root.certificateAuthorities.length === 0 && root.tlogs.length === 0) {
      throw new Error('it lists no certificate authority and no transparency log')
    }
    return root
  } catch (cause) {
    throw new TrustError(
      'TRUST_ROOT_INVALID',
      `trusted root ${where} is not usable: ${(cause as Error).message}`,
      {
        hint: 'point trusted-root at a sigstore trusted_root.json (application/vnd.dev.sigstore.trustedroot+json)',
        cause
      }
    )
  }
}

async function fetchTrustedRoot(options: TrustRootOptions): Promise<TrustedRoot> {
  if (options.trustedRootPath) {
    const text = await readFile(options.trustedRootPath, 'utf8').catch((cause: unknown) => {
      throw new TrustError(
        'TRUST_ROOT_UNAVAILABLE',
        `cannot read trusted root ${options.trustedRootPath}`,
        { hint: HINT, cause }
      )
    })
    return parseTrustedRoot(text, options.trustedRootPath)
  }
  const tuf = {
    mirrorURL: options.tufMirrorURL,
    rootPath: options.tufRootPath,
    cachePath: options.tufCachePath,
    retry: { retries: options.tufRetries ?? 2 }
  }
  try {
    if (options.tufForceCache) {
      try {
        return await getTrustedRoot({ ...tuf, forceCache: true })
      } catch {
        // stale or empty cache: fall through to a refresh
      }
    }
    return await getTrustedRoot(tuf)
  } catch (cause) {
    throw new TrustError(
      'TRUST_ROOT_UNAVAILABLE',
      `cannot get the sigstore trusted root from TUF mirror ${options.tufMirrorURL ?? 'https://tuf-repo-cdn.sigstore.dev'}: ${(cause as Error).message}`,
      { hint: HINT, cause }
    )
  }
}

/**
 * A provider that fetches on first use and shares the result (and a failure) with every caller.
 * sigstore-js's TUF client takes no signal: an aborted `signal` stops the waiting, not the fetch.
 */
export function createTrustRootProvider(
  options: TrustRootOptions,
  signal?: AbortSignal
): TrustRootProvider {
  let pending: Promise<TrustedRoot> | undefined
  return {
    get() {
      pending ??= fetchTrustedRoot(options)
      return abortable(pending, signal)
    },
    get loaded() {
      return pending !== undefined
    }
  }
}

/** A provider over a root already in memory (tests, the verify command with a file). */
export function staticTrustRoot(root: TrustedRoot): TrustRootProvider {
  return { get: () => Promise.resolve(root), loaded: true }
}
