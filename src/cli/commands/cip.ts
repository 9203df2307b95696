// `image-promoter cip`: accepts kpromo's `cip` flags unchanged (kpromo-compat §7.1), so an
// existing job switches by changing the binary name. Snapshot flags map to `snapshot`, everything
// else to `run`.
import { errorMessage } from '../../errors.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { wrap } from '../../options/render.js'
import { CIP_ONLY_FLAGS, OPTIONS } from '../../options/table.js'
import type { KpromoSpec } from '../../options/spec.js'
import { GoFlagError, parseGoFlags, type GoFlagKind } from '../go-flags.js'
import { runCommand } from './run.js'
import { snapshotCommand } from './snapshot.js'

/** kpromo's cip flags: the table's kpromo names (table.ts) and the flags only cip has. */
const FLAGS: Record<string, GoFlagKind> = {
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

const USAGE = `usage: image-promoter cip [kpromo cip flags]

${wrap(
  `Accepts kpromo's cip flags: ${Object.keys(FLAGS)
    .map((f) => `--${f}`)
    .join(', ')}.`,
  100
).join('\n')}
Keyless signing uses SIGSTORE_ID_TOKEN (kpromo used Google credentials; --signer-account is ignored).`

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

function runArgs(flags: Flags, io: CliIo): string[] {
  const args = [...pass(flags, 'manifest')]
  if (!flags.has('manifest')) args.push(...pass(flags, 'thin-manifest-dir'))
  // kpromo applies diff scopes to thin manifests only; prow's diff wins over --manifest-diff-since.
  if (!flags.has('manifest') && flags.get('use-prow-manifest-diff'))
    args.push('--scope', 'changed', '--base', prowBase(io.env))
  else if (!flags.has('manifest') && str(flags, 'manifest-diff-since'))
    args.push('--scope', 'since', '--since', str(flags, 'manifest-diff-since')!)
  if (flags.get('confirm')) args.push('--confirm')
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
  args.push(...pass(flags, 'vuln-severity-threshold'))
  return args
}

async function run(args: string[], io: CliIo): Promise<number> {
  let flags: Flags
  let forward: { command: CliCommand; args: string[] }
  try {
    flags = parseGoFlags(args, FLAGS)
    if (flags.has('signer-account'))
      io.stderr('cip: --signer-account is ignored (keyless signing uses SIGSTORE_ID_TOKEN)\n')
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
