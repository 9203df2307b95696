// Reads the `signers:` list of a `provenance:` block: kpromo v4.6's signer strings
// (`sigstore::<issuer>::<identity>`, provenance-signer-spec.ts), and, as our documented extension,
// mappings with cosign's certificate-identity and certificate-oidc-issuer flags (exact value or
// unanchored regexp; also spelled identity, identityRegexp, issuer, issuerRegexp) or a signing key.
import { isMap } from 'yaml'
import type { ManifestSigner } from './model.js'
import { keySigner } from './provenance-key-signer.js'
import { parseSignerSpec } from './provenance-signer-spec.js'
import { spelledOnce, type Spelled } from './provenance-spelling.js'
import type { Field, YamlReader } from './yaml-reader.js'
import { excerpt, quote } from './errors.js'

type Node = Field['value']

/** Each field's spellings, ours (cosign's flags) first. */
const SPELLINGS = {
  identity: ['certificate-identity', 'identity'],
  identityRegexp: ['certificate-identity-regexp', 'identityRegexp'],
  issuer: ['certificate-oidc-issuer', 'issuer'],
  issuerRegexp: ['certificate-oidc-issuer-regexp', 'issuerRegexp']
} as const satisfies Record<Exclude<keyof ManifestSigner, 'spec'>, readonly string[]>

const PROPERTIES = Object.keys(SPELLINGS) as (keyof typeof SPELLINGS)[]

export const SIGNER_KEYS = [
  ...PROPERTIES.map((p) => SPELLINGS[p][0]),
  ...PROPERTIES.map((p) => SPELLINGS[p][1]),
  'key'
]

/** The signers; undefined (after reporting) when any entry is wrong, so none is half-trusted. */
export function readSigners(
  reader: YamlReader,
  field: Field,
  what: string
): ManifestSigner[] | undefined {
  const items = reader.list(field.value, what)
  if (!items) return undefined
  const signers: ManifestSigner[] = []
  for (const item of items) {
    const signer = isMap(reader.resolve(item))
      ? readSigner(reader, item)
      : readSpec(reader, item ?? field.key, what)
    if (signer) signers.push(signer)
  }
  return signers.length === items.length ? signers : undefined
}

/** A kpromo signer string, refused with kpromo's message. */
function readSpec(reader: YamlReader, item: Node, what: string): ManifestSigner | undefined {
  const spec = reader.string(item, `an entry of ${what}`)
  if (spec === undefined) return undefined
  const parsed = parseSignerSpec(spec)
  if ('signer' in parsed) return parsed.signer
  reader.error(
    'INVALID_SIGNER',
    `provenance: invalid signer ${quote(spec)}: ${parsed.problem}`,
    item,
    'write sigstore::<issuer>::<identity>, or sigstore(identityMatch=regex)::<issuer>::<identity-regexp>'
  )
  return undefined
}

function readSigner(reader: YamlReader, item: Node): ManifestSigner | undefined {
  const fields = reader.fields(item, 'provenance signer', SIGNER_KEYS)
  if (!fields) return undefined
  const signer: ManifestSigner = {}
  /** Where each property was written, for messages. */
  const written: Partial<Record<keyof ManifestSigner, Spelled>> = {}
  let readable = true
  for (const property of PROPERTIES) {
    const spelled = spelledOnce(reader, fields, SPELLINGS[property], 'provenance signer')
    if (spelled === null) readable = false
    if (!spelled) continue
    const at = spelled.field.value ?? spelled.field.key
    const value = reader.string(spelled.field.value, `provenance signer ${spelled.key}`)
    if (value === undefined) readable = false
    // An empty value means "not set", as for cosign's flags.
    else if (value === '') continue
    else if (property.endsWith('Regexp') && !compiles(reader, spelled.key, value, at))
      readable = false
    else {
      signer[property] = value
      written[property] = spelled
    }
  }
  const key = fields.get('key')
  if (key || signer.identity?.startsWith('key:'))
    return keySigner(reader, item, { signer, written, key, readable })
  return readable ? keylessSigner(reader, item, signer) : undefined
}

/** A keyless signer must say who signs and who vouched for it, as cosign requires. */
function keylessSigner(
  reader: YamlReader,
  item: Node,
  signer: ManifestSigner
): ManifestSigner | undefined {
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

function incomplete(reader: YamlReader, item: Node, flag: string, example: string): void {
  reader.error(
    'INCOMPLETE_SIGNER',
    `provenance signer: expected ${flag} or ${flag}-regexp, got neither`,
    item,
    `add e.g. ${flag}: "${example}", or name a signing key with key: <sha256 hint>`
  )
}

function compiles(reader: YamlReader, key: string, source: string, at: Node): boolean {
  try {
    new RegExp(source)
    return true
  } catch (error) {
    reader.error(
      'INVALID_REGEXP',
      `provenance signer ${key}: ${quote(source)} is not a valid regular expression (${excerpt((error as Error).message.replace(source, '…'))})`,
      at,
      'fix the expression; it is matched unanchored, so add ^ and $ to anchor it'
    )
    return false
  }
}
