// `image-promoter verify IMAGE@DIGEST`: lists the signatures and attestations attached to an image
// (cosign `.sig`/`.att` tags and sigstore bundle referrers) and whether each verifies.
import { resolve } from 'node:path'
import { errorMessage } from '../../errors.js'
import { formatRepository, parseImageReference } from '../../oci/ref.js'
import { trustPolicyProblem, type IdentityPolicy } from '../../trust/identity.js'
import { createTrustRootProvider } from '../../trust/trust-root.js'
import { inspectImage, type ImageInspection } from '../../trust/inspect.js'
import { flagHelp } from '../../options/render.js'
import { parseFlags } from '../flag-values.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { openReadOnlyStores } from '../read-only-stores.js'

const USAGE = `usage: image-promoter verify IMAGE@DIGEST [flags]

Reports the signatures and attestations attached to an image and whether each verifies.
${flagHelp('verify')}

A policy is required, as in cosign: --trusted-key (--key), or an identity
(--certificate-identity[-regexp]) AND an issuer (--certificate-oidc-issuer[-regexp]). With a key
alone, only signatures by that key count.

Exit status: 0 when a signature (or, with --type, an attestation of that type) verifies, 1 otherwise,
2 for a usage error (including no or an incomplete policy).`

function render(found: ImageInspection): string {
  const lines = [`${found.image}`]
  for (const [title, list] of [
    ['signatures', found.signatures],
    ['attestations', found.attestations]
  ] as const) {
    lines.push(`  ${title}: ${list.length === 0 ? 'none' : ''}`)
    for (const c of list) {
      const who = c.signer
        ? ` by ${c.signer.subject}${c.signer.issuer ? ` (${c.signer.issuer})` : ''}`
        : ''
      const type = c.predicateType ? ` ${c.predicateType}` : ''
      lines.push(
        `    ${c.status.padEnd(8)} ${c.source} ${c.where}${type}${who}${c.reason ? `: ${c.reason}` : ''}`
      )
    }
  }
  return `${lines.join('\n')}\n`
}

async function run(args: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseFlags('verify', args, io, true)
  } catch (error) {
    io.stderr(`image-promoter verify: ${errorMessage(error)}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) {
    io.stderr(
      `image-promoter verify: expected one IMAGE@DIGEST, got ${positionals.length}\n\n${USAGE}\n`
    )
    return EXIT.usage
  }
  let ref
  try {
    ref = parseImageReference(positionals[0]!)
    if (!ref.digest) throw new Error(`expected IMAGE@sha256:<hex>, got "${positionals[0]}"`)
  } catch (error) {
    io.stderr(`image-promoter verify: ${errorMessage(error)}\n`)
    return EXIT.failed
  }
  const policy: IdentityPolicy = {
    identity: values['certificate-identity'] || undefined,
    identityRegexp: values['certificate-identity-regexp'] || undefined,
    issuer: values['certificate-oidc-issuer'] || undefined,
    issuerRegexp: values['certificate-oidc-issuer-regexp'] || undefined
  }
  const keys = values['trusted-key']
  // Fail closed, as cosign: without a policy any valid signature by anybody would "verify".
  const problem = trustPolicyProblem({ identity: policy, keys })
  if (problem) {
    io.stderr(
      `image-promoter verify: ${problem}; pass --trusted-key FILE, or --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp]\n\n${USAGE}\n`
    )
    return EXIT.usage
  }
  const keylessFlags = Object.values(policy).some((v) => v !== undefined)
  const stores = openReadOnlyStores(io, io.cwd)
  try {
    // With a key alone (no keyless flags), only key-signed artifacts can count.
    const keyOnly =
      keys.length > 0 && !values['trusted-root'] && !values['tuf-mirror-url'] && !keylessFlags
    const found = await inspectImage({
      at: stores.resolve(formatRepository(ref.repository)),
      image: `${formatRepository(ref.repository)}@${ref.digest}`,
      digest: ref.digest,
      policy,
      predicateTypes: values.type,
      trustedKeys: keys,
      // With a key alone, only key-signed artifacts are judged: no trusted root is fetched.
      trustRoot: keyOnly
        ? undefined
        : createTrustRootProvider({
            trustedRootPath: values['trusted-root'] && resolve(io.cwd, values['trusted-root']),
            tufMirrorURL: values['tuf-mirror-url'],
            tufRootPath: values['tuf-root']
          })
    })
    io.stdout(values.json ? `${JSON.stringify(found, null, 2)}\n` : render(found))
    return found.verified ? EXIT.ok : EXIT.failed
  } catch (error) {
    io.stderr(`image-promoter verify: ${errorMessage(error)}\n`)
    return EXIT.failed
  } finally {
    await stores.close()
  }
}

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'report the signatures and attestations of an image and whether each verifies',
  usage: USAGE,
  run
}
