// `image-promoter cip`: accepts kpromo's `cip` flags unchanged (kpromo-compat §7.1), so an
// existing job switches by changing the binary name. Snapshot flags map to `snapshot`, everything
// else to `run`.
import { errorMessage } from '../../errors.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { wrap } from '../../options/render.js'
import { CIP_ONLY_FLAGS, OPTIONS } from '../../options/table.js'
import type { KpromoSpec } from '../../options/spec.js'
import { GoFlagError, parseGoFlags, type GoFlagKind } from '../go-flags.js'
import { cliVersion } from '../version.js'
import { runCommand } from './run.js'
import { snapshotCommand } from './snapshot.js'

/** kpromo's cip flags: the table's kpromo names (table.ts) and the flags only cip has. */
export const CIP_FLAGS: Record<string, GoFlagKind> = {
  ...Object.fromEntries(
    Object.values(OPTIONS as Record<string, { kpromo?: KpromoSpec }>).flatMap((o) =>
      o.kpromo ? [[o.kpromo.name, o.kpromo.kind]] : []
    )
  ),
  ...CIP_ONLY_FLAGS
}

/** kpromo's defaults for verifying staging signatures (its own signing identity). */
export const KPROMO_IDENTITY = 'krel-trust@k8s-releng-prod.iam.gserviceaccount.com'
export const KPROMO_ISSUER = 'https://accounts.google.com'

/** kpromo's signing defaults: the canonical registry signs, for the name `registry.k8s.io/<image>`. */
export const KPROMO_SIGNING_REGISTRY = 'us-central1-docker.pkg.dev/k8s-artifacts-prod/images'
export const KPROMO_IDENTITY_REWRITE = 'k8s-artifacts-prod/images=registry.k8s.io'
/** The payload annotation kpromo adds to its signatures (internal/promoter/image/sign.go). */
export const KPROMO_VERSION_ANNOTATION = 'org.kubernetes.kpromo.version'

const USAGE = `usage: image-promoter cip [kpromo cip flags]

${wrap(
  `Accepts kpromo's cip flags: ${Object.keys(CIP_FLAGS)
    .map((f) => `--${f}`)
    .join(', ')}.`,
  100
).join('\n')}
Signing defaults as kpromo: ${KPROMO_SIGNING_REGISTRY} signs for registry.k8s.io/<image>
(--signing-registry and --signing-identity-rewrite override; other layouts fall back to the first
destination), copying the staging .sig there first and annotating our signatures with
${KPROMO_VERSION_ANNOTATION}=image-promoter-v<version>. Keyless signing uses SIGSTORE_ID_TOKEN (kpromo used Google credentials;
--signer-account and --summary-signer-account are ignored). --vuln-severity-threshold N (N >= 0)
only scans, as kpromo: nothing is promoted. Lost sources are logged and do not fail the run; a
destination that already holds the digest makes the edge done (kpromo's rule order).`

type Flags = Map<string, string | boolean>
const str = (flags: Flags, name: string): string | undefined =>
  flags.get(name) as string | undefined
const pass = (flags: Flags, name: string, as = name): string[] =>
  flags.has(name) ? [`--${as}`, String(flags.get(name))] : []

/** kpromo §6.2: the base revision of a prow job. */
function prowBase(env: CliIo['env']): string {
  const type = env.JOB_TYPE
  if (!type) throw new GoFlagError('JOB_TYPE not set')
  if (type === 'presubmit' || type === 'batch') {
    if (!env.PULL_BASE_SHA) throw new GoFlagError('PULL_BASE_SHA not set')
    return env.PULL_BASE_SHA
  }
  if (type === 'postsubmit') return 'HEAD^'
  throw new GoFlagError(`unknown job type: ${type}`)
}

function snapshotArgs(flags: Flags): string[] {
  const manifestBased = str(flags, 'manifest-based-snapshot-of')
  const common = [
    ...(flags.get('minimal-snapshot') ? ['--minimal-snapshot'] : []),
    ...pass(flags, 'output')
  ]
  if (manifestBased === undefined)
    return [str(flags, 'snapshot')!, ...pass(flags, 'snapshot-tag'), ...common]
  return [
    manifestBased,
    '--manifest-based',
    ...pass(flags, 'manifest'),
    ...(flags.has('manifest') ? [] : pass(flags, 'thin-manifest-dir')),
    ...common
  ]
}

/** The `run` arguments kpromo's cip flags map to (exported for tests). */
export function runArgs(flags: Flags, io: CliIo): string[] {
  const args = [...pass(flags, 'manifest')]
  if (!flags.has('manifest')) args.push(...pass(flags, 'thin-manifest-dir'))
  // kpromo applies diff scopes to thin manifests only; prow's diff wins over --manifest-diff-since.
  if (!flags.has('manifest') && flags.get('use-prow-manifest-diff'))
    args.push('--scope', 'changed', '--base', prowBase(io.env))
  else if (!flags.has('manifest') && str(flags, 'manifest-diff-since'))
    args.push('--scope', 'since', '--since', str(flags, 'manifest-diff-since')!)
  // kpromo: a threshold >= 0 makes cip a scan-only job that never promotes.
  const threshold = str(flags, 'vuln-severity-threshold')
  const scanOnly = threshold !== undefined && /^\d+$/.test(threshold.trim())
  if (flags.get('confirm') && !scanOnly) args.push('--confirm')
  // kpromo logs lost sources and goes on, checking the destination first.
  args.push('--allow', 'lost', '--check-lost-destinations')
  if (flags.get('parse-only')) args.push('--plan-only')
  args.push('--sign', String(flags.get('sign') ?? true))
  const regexpIdentity = flags.has('certificate-identity-regexp')
  const regexpIssuer = flags.has('certificate-oidc-issuer-regexp')
  args.push(
    ...(regexpIdentity
      ? pass(flags, 'certificate-identity-regexp')
      : ['--certificate-identity', str(flags, 'certificate-identity') ?? KPROMO_IDENTITY])
  )
  args.push(
    ...(regexpIssuer
      ? pass(flags, 'certificate-oidc-issuer-regexp')
      : ['--certificate-oidc-issuer', str(flags, 'certificate-oidc-issuer') ?? KPROMO_ISSUER])
  )
  args.push(...pass(flags, 'max-signature-ops', 'trust-concurrency'))
  if (scanOnly) args.push('--vuln-severity-threshold', threshold.trim())
  if (flags.get('verification-summaries')) args.push('--verification-summaries')
  // kpromo signs tagged promotions only (tagless digests still get a promotion record).
  args.push('--sign-tagless', 'false')
  // kpromo's version annotation (a second signature even where cosign would see one), with ours;
  // and its pre-copy of the staging `.sig` to the signing registry.
  args.push(
    '--signature-annotation',
    `${KPROMO_VERSION_ANNOTATION}=image-promoter-v${cliVersion()}`
  )
  args.push('--copy-staging-signatures')
  args.push('--signing-registry', str(flags, 'signing-registry') ?? KPROMO_SIGNING_REGISTRY)
  args.push(
    '--signing-identity-rewrite',
    str(flags, 'signing-identity-rewrite') ?? KPROMO_IDENTITY_REWRITE
  )
  return args
}

async function run(args: string[], io: CliIo): Promise<number> {
  let flags: Flags
  let forward: { command: CliCommand; args: string[] }
  try {
    flags = parseGoFlags(args, CIP_FLAGS)
    if (flags.has('signer-account'))
      io.stderr('cip: --signer-account is ignored (keyless signing uses SIGSTORE_ID_TOKEN)\n')
    if (flags.has('summary-signer-account'))
      io.stderr(
        "cip: --summary-signer-account is ignored (summaries are signed by the run's signer: SIGSTORE_ID_TOKEN or --signing-key)\n"
      )
    const threshold = str(flags, 'vuln-severity-threshold')?.trim()
    if (threshold !== undefined && /^\d+$/.test(threshold) && flags.get('confirm'))
      io.stderr(
        `cip: --vuln-severity-threshold ${threshold} only scans (as kpromo): nothing is promoted\n`
      )
    const snapshot = flags.has('snapshot') || flags.has('manifest-based-snapshot-of')
    forward = snapshot
      ? { command: snapshotCommand, args: snapshotArgs(flags) }
      : { command: runCommand, args: runArgs(flags, io) }
  } catch (error) {
    io.stderr(`image-promoter cip: ${errorMessage(error)}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  return forward.command.run(forward.args, io)
}

export const cipCommand: CliCommand = {
  name: 'cip',
  summary: "kpromo's `cip` flags, unchanged: snapshot, or plan/verify and (with --confirm) promote",
  usage: USAGE,
  run
}
