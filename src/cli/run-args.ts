// Flags of `image-promoter run` (and what `cip` maps kpromo's flags onto), parsed by the option
// table into RunOptions. The CLI adapter is the only place besides src/action/ that reads the
// environment.
import { errorMessage } from '../errors.js'
import type { ParsedFlags } from '../options/read.js'
import { flagHelp } from '../options/render.js'
import {
  cliScope,
  commonRunOptions,
  commonTrustOptions,
  signingOptions,
  vulnPolicy
} from '../options/run-options.js'
import type { RunOptions } from '../pipeline/options.js'
import { manifestRepositoryUri, promotionJob } from '../trust/promotion-job.js'
import { checkIdentityToken } from '../trust/signing/identity-token.js'
import { parseFlags, readText, usage, UsageError } from './flag-values.js'
import type { CliIo } from './io.js'
import { registryOptionsFromFlags } from './registry-flags.js'

export const RUN_FLAGS_HELP = flagHelp('run')

export function parseRunFlags(args: string[], io: Pick<CliIo, 'cwd'>): ParsedFlags {
  return parseFlags('run', args, io)
}

/** Turn parsed flags into RunOptions. Throws UsageError for bad values. */
export function runOptionsFromFlags(
  { values: v }: ParsedFlags,
  io: CliIo,
  /** sigcheck IMAGE@DIGEST...: no manifest at all. */
  noManifest = false
): RunOptions {
  const manifests = Number(v.manifest !== undefined) + Number(v['thin-manifest-dir'] !== undefined)
  if (noManifest ? manifests !== 0 : manifests !== 1) {
    throw new UsageError('give exactly one of --manifest FILE and --thin-manifest-dir DIR')
  }
  const confirm = v.confirm === 'true'
  const token = io.env.SIGSTORE_ID_TOKEN
  const keyed = v['signing-key'] !== undefined
  if (confirm && v.sign && !keyed && !token) {
    throw new UsageError(
      'signing needs a signer: set SIGSTORE_ID_TOKEN (keyless), pass --signing-key FILE, or --sign false'
    )
  }
  if (confirm && v.sign && !keyed && token) {
    try {
      checkIdentityToken(token)
    } catch (error) {
      throw new UsageError(errorMessage(error))
    }
  }
  return {
    ...usage(() => commonRunOptions(v)),
    manifest: v.manifest,
    thinManifestDir: v['thin-manifest-dir'],
    scope: usage(() => cliScope(v)),
    confirm,
    planOnly: v['plan-only'],
    cacheDir: v['cache-dir'],
    registry: registryOptionsFromFlags(io, v),
    checkLostDestinations: v['check-lost-destinations'],
    trust: {
      ...commonTrustOptions(v),
      trustRoot: {
        trustedRootPath: v['trusted-root'],
        tufMirrorURL: v['tuf-mirror-url'],
        tufRootPath: v['tuf-root']
      },
      ...(v.sign ? signingOptions(v, token ? async () => token : undefined) : {}),
      // kpromo reads Prow's JOB_* variables; an Actions run maps to the same fields.
      job: promotionJob(io.env),
      manifestUri: manifestRepositoryUri(io.env),
      repositoryRoot: io.env.GITHUB_WORKSPACE,
      gitCommit: io.env.GITHUB_WORKSPACE ? io.env.GITHUB_SHA : undefined,
      vuln: usage(() =>
        vulnPolicy(v, (path) => ({ text: readText(io, '--vuln-ignore-file', path), file: path }))
      )
    }
  }
}
