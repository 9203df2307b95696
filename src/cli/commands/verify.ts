// `image-promoter verify IMAGE@DIGEST`: lists the signatures and attestations attached to an image
// (cosign `.sig`/`.att` tags and sigstore bundle referrers) and whether each verifies.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createPublicKey } from 'node:crypto'
import { parseArgs } from 'node:util'
import { errorMessage } from '../../errors.js'
import { formatRepository, parseImageReference } from '../../oci/ref.js'
import { createTrustRootProvider } from '../../trust/trust-root.js'
import { inspectImage, type ImageInspection } from '../../trust/inspect.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { openReadOnlyStores } from '../read-only-stores.js'

const USAGE = `usage: image-promoter verify IMAGE@DIGEST [flags]

Reports the signatures and attestations attached to an image and whether each verifies.
  --certificate-identity ID          exact signer identity (certificate SAN)
  --certificate-identity-regexp RE   signer identity regexp (unanchored; wins over the exact value)
  --certificate-oidc-issuer URL      exact OIDC issuer
  --certificate-oidc-issuer-regexp RE
  --type PREDICATE                   attestation predicate type that counts (repeatable)
  --key FILE                         PEM public key for key-signed artifacts (alone: no trusted root needed)
  --trusted-root FILE                sigstore trusted_root.json (default: public-good via TUF)
  --tuf-mirror URL, --tuf-root FILE  another TUF repository
  --json                             print the findings as JSON

Exit status: 0 when a signature (or, with --type, an attestation of that type) verifies, 1 otherwise.`

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
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'certificate-identity': { type: 'string' },
        'certificate-identity-regexp': { type: 'string' },
        'certificate-oidc-issuer': { type: 'string' },
        'certificate-oidc-issuer-regexp': { type: 'string' },
        type: { type: 'string', multiple: true },
        key: { type: 'string' },
        'trusted-root': { type: 'string' },
        'tuf-mirror': { type: 'string' },
        'tuf-root': { type: 'string' },
        json: { type: 'boolean' }
      }
    })
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
  const stores = openReadOnlyStores(io, io.cwd)
  try {
    const ref = parseImageReference(positionals[0]!)
    if (!ref.digest) throw new Error(`expected IMAGE@sha256:<hex>, got "${positionals[0]}"`)
    const keyOnly =
      values.key !== undefined &&
      !values['trusted-root'] &&
      !values['tuf-mirror'] &&
      !values['certificate-identity'] &&
      !values['certificate-identity-regexp']
    const found = await inspectImage({
      at: stores.resolve(formatRepository(ref.repository)),
      image: `${formatRepository(ref.repository)}@${ref.digest}`,
      digest: ref.digest,
      policy: {
        identity: values['certificate-identity'],
        identityRegexp: values['certificate-identity-regexp'],
        issuer: values['certificate-oidc-issuer'],
        issuerRegexp: values['certificate-oidc-issuer-regexp']
      },
      predicateTypes: values.type ?? [],
      trustedKeys: values.key ? [createPublicKey(readFileSync(resolve(io.cwd, values.key)))] : [],
      // With --key alone, only key-signed artifacts are judged: no trusted root is fetched.
      trustRoot: keyOnly
        ? undefined
        : createTrustRootProvider({
            trustedRootPath: values['trusted-root'] && resolve(io.cwd, values['trusted-root']),
            tufMirrorURL: values['tuf-mirror'],
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
