// A key signer in a `signers:` list: `key: <hint>` or `identity: key:<hint>`, where the hint is
// the hex SHA-256 of the public key (what a key-signed bundle carries, and what the trust layer
// reports as the signer `key:<hint>`). It has no issuer and nothing else to match.
import type { ManifestSigner } from './model.js'
import type { Spelled } from './provenance-spelling.js'
import type { Field, YamlReader } from './yaml-reader.js'
import { quote } from './errors.js'

type Node = Field['value']

export interface KeySignerInput {
  /** The other fields as read, and the key each was written under. */
  signer: ManifestSigner
  written: Partial<Record<keyof ManifestSigner, Spelled>>
  /** The `key:` field, when that form is used. */
  key?: Field
  /** False when another field was already reported. */
  readable: boolean
}

const HINT = /^[0-9a-f]{64}$/i

/** `{identity: 'key:<hint>'}` (hint lower-cased); undefined after reporting any problem. */
export function keySigner(
  reader: YamlReader,
  item: Node,
  input: KeySignerInput
): ManifestSigner | undefined {
  const { signer, written, key } = input
  const identity = written.identity
  const hint = key
    ? readHint(reader, reader.string(key.value, 'provenance signer key'), key, 'key')
    : readHint(reader, signer.identity!.slice('key:'.length), identity!.field, identity!.key)
  const others = Object.entries(written)
    .filter(([property]) => key || property !== 'identity')
    .map(([, spelled]) => spelled.key)
  if (others.length > 0)
    reader.error(
      'CONFLICTING_KEYS',
      `provenance signer: a key signer takes no other fields, got ${others.join(', ')}`,
      item,
      'a signing key has no certificate identity or issuer; keep only the key, or list the keyless signer separately'
    )
  return hint !== undefined && others.length === 0 && input.readable
    ? { identity: `key:${hint}` }
    : undefined
}

function readHint(
  reader: YamlReader,
  text: string | undefined,
  field: Field,
  name: string
): string | undefined {
  if (text === undefined) return undefined
  if (HINT.test(text)) return text.toLowerCase()
  reader.error(
    'INVALID_KEY_HINT',
    `provenance signer ${name}: expected the key's SHA-256 hint (64 hex digits), got ${quote(text)}`,
    field.value ?? field.key,
    'use the hex SHA-256 of the public key in DER (SPKI) form, e.g. openssl pkey -pubin -outform der | sha256sum'
  )
  return undefined
}
