// `image-promoter sigcheck`: kpromo's signature audit. Checks that every promoted digest in scope
// (or every IMAGE@DIGEST given) carries our signature and promotion attestation, on the signing
// repository and, with --replicate-signatures, on every destination; with --confirm repairs what
// is lacking. Exit 1 while anything is lacking.
import { createPublicKey, type KeyObject } from 'node:crypto'
import { errorMessage } from '../../errors.js'
import { flagHelp } from '../../options/render.js'
import type { RunOptions } from '../../pipeline/options.js'
import { runSigcheck } from '../../pipeline/sigcheck.js'
import { isCompletePolicy } from '../../trust/identity.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { parseFlags, UsageError } from '../flag-values.js'
import { runOptionsFromFlags } from '../run-args.js'
import { executeRun } from './run.js'

const USAGE = `usage: image-promoter sigcheck (--manifest FILE | --thin-manifest-dir DIR | IMAGE@DIGEST...) [flags]

Checks that each promoted digest carries our signature (an index's platform manifests too) and our
promotion attestation, on its signing repository and, with --replicate-signatures, on every
destination. Reports each image as signed, unsigned, wrong-identity (signed, not by us) or
inconsistent (missing in a destination), and attested or not.
Without --confirm nothing is written; with it exactly what is lacking is signed, attested and
replicated, then checked again.

Whose signatures count: --signing-key FILE (keyed: its public key), else
--certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp], else (with --confirm and
SIGSTORE_ID_TOKEN) the identity in our Fulcio certificate.

${flagHelp('sigcheck')}

Exit status: 0 everything signed and attested (or repaired), 1 anything lacking, 2 usage.`

function publicKeyOf(pem: string): KeyObject {
  try {
    return createPublicKey(pem)
  } catch (error) {
    throw new UsageError(`--signing-key is not a PEM private key: ${errorMessage(error)}`)
  }
}

function sigcheckOptions(args: string[], io: CliIo) {
  const flags = parseFlags('sigcheck', args, io, true)
  const { values: v, positionals, given } = flags
  const fromDays = v['from-days']
  const toDays = v['to-days']
  if (toDays >= fromDays)
    throw new UsageError(
      `--to-days (${toDays}) must be fewer days ago than --from-days (${fromDays})`
    )
  const explicitScope = given.has('scope') || given.has('base') || given.has('since')
  if (explicitScope && (given.has('from-days') || given.has('to-days')))
    throw new UsageError('--from-days/--to-days set the scope: drop --scope/--base/--since')
  const byDays = !explicitScope && positionals.length === 0
  const options: RunOptions = runOptionsFromFlags(
    byDays ? { ...flags, values: { ...v, since: `${fromDays} days ago` } } : flags,
    io,
    positionals.length > 0
  )
  if (byDays && toDays > 0 && options.scope?.kind === 'since')
    options.scope = { ...options.scope, until: `${toDays} days ago` }
  if (positionals.length > 0 && options.scope?.kind !== 'all')
    throw new UsageError(
      'IMAGE@DIGEST references are checked as given: drop --scope/--base/--since'
    )
  const privateKey =
    options.trust?.signer?.kind === 'keyed' ? options.trust.signer.privateKeyPEM : undefined
  const publicKey = privateKey ? publicKeyOf(privateKey) : undefined
  if (
    !publicKey &&
    !isCompletePolicy(options.trust?.identity ?? {}) &&
    !(options.confirm && options.trust?.signer)
  )
    throw new UsageError(
      'whose signatures to look for: pass --signing-key FILE, or --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp]'
    )
  return {
    options: {
      ...options,
      sigcheck: {
        references: positionals,
        limit: v.limit,
        attestationsSince: v['attestations-since'] || undefined,
        publicKey
      }
    } satisfies RunOptions,
    json: v.json,
    report: v.report
  }
}

async function run(args: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = sigcheckOptions(args, io)
  } catch (error) {
    io.stderr(`image-promoter sigcheck: ${errorMessage(error)}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  const output = { json: parsed.json, reportPath: parsed.report }
  return (await executeRun(parsed.options, io, output, runSigcheck)).code
}

export const sigcheckCommand: CliCommand = {
  name: 'sigcheck',
  summary: 'check (and with --confirm repair) our signatures and attestations on promoted images',
  usage: USAGE,
  run
}
