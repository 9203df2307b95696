// Reads the `signers:` list of a `provenance:` block: who may sign provenance, with cosign's
// certificate-identity and certificate-oidc-issuer flags (exact value or unanchored regexp).
import type { ManifestSigner } from './model.js'
import type { Field, YamlReader } from './yaml-reader.js'

type Node = Parameters<YamlReader['resolve']>[0]

export const SIGNER_KEYS = [
  'certificate-identity',
  'certificate-identity-regexp',
  'certificate-oidc-issuer',
  'certificate-oidc-issuer-regexp'
] as const

const PROPERTIES = {
  'certificate-identity': 'identity',
  'certificate-identity-regexp': 'identityRegexp',
  'certificate-oidc-issuer': 'issuer',
  'certificate-oidc-issuer-regexp': 'issuerRegexp'
} as const satisfies Record<(typeof SIGNER_KEYS)[number], keyof ManifestSigner>

/** The signers; undefined (after reporting) when any entry is wrong, so none is half-trusted. */
export function readSigners(reader: YamlReader, field: Field): ManifestSigner[] | undefined {
  const items = reader.list(field.value, 'provenance signers')
  if (!items) return undefined
  const signers: ManifestSigner[] = []
  for (const item of items) {
    const signer = readSigner(reader, item)
    if (signer) signers.push(signer)
  }
  return signers.length === items.length ? signers : undefined
}

function readSigner(reader: YamlReader, item: Node): ManifestSigner | undefined {
  const fields = reader.fields(item, 'provenance signer', SIGNER_KEYS)
  if (!fields) return undefined
  const signer: ManifestSigner = {}
  let readable = true
  for (const [key, field] of fields) {
    const value = reader.string(field.value, `provenance signer ${key}`)
    if (value === undefined) readable = false
    // An empty value means "not set", as for cosign's flags.
    else if (value === '') continue
    else if (key.endsWith('-regexp') && !compiles(reader, key, value, field.value ?? field.key))
      readable = false
    else signer[PROPERTIES[key as keyof typeof PROPERTIES]] = value
  }
  if (!readable) return undefined
  const identity = signer.identity || signer.identityRegexp
  const issuer = signer.issuer || signer.issuerRegexp
  if (!identity)
    incomplete(
      reader,
      item,
      'certificate-identity',
      'https://github.com/org/repo/.github/workflows/build.yml@refs/heads/main'
    )
  if (!issuer)
    incomplete(
      reader,
      item,
      'certificate-oidc-issuer',
      'https://token.actions.githubusercontent.com'
    )
  return identity && issuer ? signer : undefined
}

/** A signer must say who signs and who vouched for it, as cosign requires for keyless signatures. */
function incomplete(reader: YamlReader, item: Node, flag: string, example: string): void {
  reader.error(
    'INCOMPLETE_SIGNER',
    `provenance signer: expected ${flag} or ${flag}-regexp, got neither`,
    item,
    `add e.g. ${flag}: "${example}"`
  )
}

function compiles(reader: YamlReader, key: string, source: string, at: Node): boolean {
  try {
    new RegExp(source)
    return true
  } catch (error) {
    reader.error(
      'INVALID_REGEXP',
      `provenance signer ${key}: "${source}" is not a valid regular expression (${(error as Error).message})`,
      at,
      'fix the expression; it is matched unanchored, so add ^ and $ to anchor it'
    )
    return false
  }
}
