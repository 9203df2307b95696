// kpromo v4.6's signer strings (the signer library's identity specs): `sigstore::<issuer>::<identity>`
// (exact) and `sigstore(<field>Match=<kind>[/i],...)::<issuer>::<identity>` with kinds exact,
// regex, prefix and glob (and the legacy `sigstore(regexp)::...`, both fields regexps). Only
// sigstore identities naming both an issuer and an identity are signers, as in kpromo. A spec
// becomes our IdentityPolicy (cosign's flags), keeping the text: builders name signers by it.
import type { ManifestSigner } from './model.js'
import { compileGlob } from './provenance-glob.js'

export type SpecResult = { signer: ManifestSigner } | { problem: string }

const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')

interface Matcher {
  kind: string
  insensitive: boolean
}

/** The spec as a signer, or why kpromo refuses it (after `invalid signer "<spec>": `). */
export function parseSignerSpec(spec: string): SpecResult {
  if (spec.startsWith('spiffe://') || spec.startsWith('ref:')) return notSigstore()
  const open = spec.indexOf('(')
  const colons = spec.indexOf('::')
  if (open >= 0 && (colons < 0 || open < colons)) return annotated(spec, open)
  if (colons < 0) return { problem: `unable to parse identity from principal string "${spec}"` }
  const type = spec.slice(0, colons)
  const rest = spec.slice(colons + 2)
  if (/[()]/.test(type))
    return {
      problem: `principal does not accept matcher annotations; use NewIdentityFromSpec for "${spec}"`
    }
  if (type === 'key')
    return rest.includes('::')
      ? notSigstore()
      : { problem: 'unable to parse key details from principal string' }
  if (type !== 'sigstore')
    return { problem: `unable to parse identity from principal string "${spec}"` }
  const cut = rest.indexOf('::')
  if (cut < 0) return { problem: 'unable to parse sigstore identity from principal string' }
  return complete(spec, { issuer: rest.slice(0, cut), identity: rest.slice(cut + 2) })
}

function notSigstore(): SpecResult {
  return { problem: 'only sigstore signers are supported' }
}

function annotated(spec: string, open: number): SpecResult {
  const close = spec.indexOf(')', open)
  if (close < 0) return { problem: `unclosed matcher annotation in spec "${spec}"` }
  const type = spec.slice(0, open)
  const after = spec.slice(close + 1)
  if (!after.startsWith('::'))
    return { problem: `expected :: after matcher annotation in spec "${spec}"` }
  const params = new Map<string, string>()
  for (const raw of spec.slice(open + 1, close).split(',')) {
    const entry = raw.trim()
    if (entry === '')
      return { problem: `parsing spec annotations in "${spec}": empty matcher annotation` }
    const eq = entry.indexOf('=')
    if (eq < 0) params.set(entry, '')
    else params.set(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim())
  }
  const slots = after.slice(2).split('::')
  if (type === 'key' || type === 'spiffe') return notSigstore()
  if (type !== 'sigstore') return { problem: `unknown identity type "${type}" in spec "${spec}"` }
  if (slots.length !== 2)
    return { problem: `sigstore spec requires 2 slots (issuer::identity), got ${slots.length}` }
  const [issuerSlot, identitySlot] = slots as [string, string]
  const signer: ManifestSigner = {}
  for (const [name, annotation] of params) {
    if (name === 'regexp') {
      if (annotation !== '')
        return { problem: `legacy sigstore(regexp) marker takes no value, got "${annotation}"` }
      continue
    }
    const field =
      name === 'issuerMatch' ? 'issuer' : name === 'identityMatch' ? 'identity' : undefined
    if (!field) return { problem: `unknown sigstore matcher field "${name}"` }
    const matcher = readMatcher(annotation)
    if (typeof matcher === 'string') return { problem: `${name}: ${matcher}` }
    const value = field === 'issuer' ? issuerSlot : identitySlot
    const converted = toPolicy(matcher, value)
    if (typeof converted !== 'object') return { problem: `${name}: ${converted}` }
    Object.assign(signer, field === 'issuer' ? asIssuer(converted) : converted)
  }
  const legacyRegexp = params.has('regexp')
  if (!params.has('issuerMatch'))
    Object.assign(
      signer,
      legacyRegexp ? { issuerRegexp: whole(issuerSlot) } : { issuer: issuerSlot }
    )
  if (!params.has('identityMatch'))
    Object.assign(
      signer,
      legacyRegexp ? { identityRegexp: whole(identitySlot) } : { identity: identitySlot }
    )
  return complete(spec, signer)
}

const whole = (source: string) => (source === '' ? '' : `^(?:${source})$`)

function readMatcher(annotation: string): Matcher | string {
  const slash = annotation.indexOf('/')
  const kind = slash < 0 ? annotation : annotation.slice(0, slash)
  const options = slash < 0 ? '' : annotation.slice(slash + 1)
  if (options !== '' && options !== 'i') return `unknown matcher options "${options}" (expected /i)`
  if (!['exact', 'regex', 'prefix', 'glob'].includes(kind)) return `unknown matcher kind "${kind}"`
  return { kind, insensitive: options === 'i' }
}

/**
 * A matcher as an identity field: an exact value or a regexp. kpromo documents that a regexp has
 * to match the whole identity, so it is anchored here (our IdentityPolicy regexps are not).
 */
function toPolicy(
  { kind, insensitive }: Matcher,
  value: string
): { identity: string } | { identityRegexp: string } | string {
  const flagged = (source: string) => (insensitive ? `(?i:${source})` : `(?:${source})`)
  if (value === '') return kind === 'exact' ? { identity: '' } : { identityRegexp: '' }
  switch (kind) {
    case 'exact':
      return insensitive ? { identityRegexp: `^${flagged(escape(value))}$` } : { identity: value }
    case 'prefix':
      return { identityRegexp: `^${flagged(escape(value))}` }
    case 'glob': {
      const glob = compileGlob(value)
      if (!glob) return `invalid glob "${value}"`
      return { identityRegexp: insensitive ? `^(?i:${glob.source.slice(1, -1)})$` : glob.source }
    }
    default:
      try {
        new RegExp(value)
      } catch {
        return `invalid regular expression "${value}"`
      }
      return { identityRegexp: `^${flagged(value)}$` }
  }
}

const asIssuer = (p: { identity: string } | { identityRegexp: string }): ManifestSigner =>
  'identity' in p ? { issuer: p.identity } : { issuerRegexp: p.identityRegexp }

/** kpromo's checkSigstoreIdentity: both the issuer and the identity must be named. */
function complete(spec: string, signer: ManifestSigner): SpecResult {
  for (const regexp of [signer.identityRegexp, signer.issuerRegexp]) {
    if (!regexp) continue
    try {
      new RegExp(regexp)
    } catch {
      return { problem: `invalid regular expression "${regexp}"` }
    }
  }
  if (!signer.issuer && !signer.issuerRegexp) return { problem: 'the issuer must not be empty' }
  if (!signer.identity && !signer.identityRegexp)
    return { problem: 'the identity must not be empty' }
  const kept = Object.fromEntries(Object.entries(signer).filter(([, v]) => v !== ''))
  return { signer: { ...kept, spec } }
}
