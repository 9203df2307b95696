// Certificate identity policy with cosign's rules: an exact value must equal the SAN, a regexp is
// unanchored unless the user anchors it, and a regexp wins over the exact value (same for issuer).
// Applied by us, not by sigstore-js, whose string SAN policy is an unanchored regexp.
// Fail closed: one completeness rule (trustPolicyProblem) for validate, verify, provenance and the
// vulnerability gate, and an incomplete identity policy matches nobody.
import type { KeyObject } from 'node:crypto'
import { TrustError } from './errors.js'

/** `--certificate-identity[-regexp]` and `--certificate-oidc-issuer[-regexp]`. */
export interface IdentityPolicy {
  identity?: string
  identityRegexp?: string
  issuer?: string
  issuerRegexp?: string
}

/**
 * Who is trusted to sign: a keyless identity (complete: identity AND issuer) and/or public keys.
 * A key-signed artifact counts only when one of `keys` verifies it.
 */
export interface TrustPolicy {
  identity?: IdentityPolicy
  keys?: readonly KeyObject[]
}

/** Who signed, as read from a verified certificate (or the key hint for keyed signatures). */
export interface SignerIdentity {
  /** The certificate SAN; for a keyed signature, `key:<hint>`. */
  subject: string
  issuer?: string
}

function compile(source: string, input: string): RegExp {
  try {
    return new RegExp(source)
  } catch (cause) {
    throw new TrustError(
      'POLICY_INVALID',
      `${input} "${source}" is not a valid regular expression`,
      {
        hint: `fix ${input}; it is matched unanchored, add ^ and $ to anchor it`,
        cause
      }
    )
  }
}

function matches(value: string | undefined, exact?: string, regexp?: string, input = ''): boolean {
  if (regexp !== undefined && regexp !== '')
    return value !== undefined && compile(regexp, input).test(value)
  if (exact !== undefined && exact !== '') return value === exact
  return true
}

/** Throws IDENTITY_MISMATCH when the signer is not the one the policy trusts. */
export function checkIdentity(policy: IdentityPolicy, signer: SignerIdentity): void {
  if (!isCompletePolicy(policy)) {
    throw new TrustError(
      'IDENTITY_MISMATCH',
      `signed by "${signer.subject}", but no trusted identity is configured (an incomplete policy trusts nobody)`,
      {
        hint: 'set certificate-identity (or -regexp) and certificate-oidc-issuer (or -regexp)',
        detail: 'UNTRUSTED_SIGNER_ERROR'
      }
    )
  }
  // A key signer (`key:<hint>`) trusts exactly the keyed signer of that key (which has no issuer).
  if (isKeySigner(policy)) {
    if (signer.issuer === undefined && signer.subject === policy.identity) return
    throw new TrustError(
      'IDENTITY_MISMATCH',
      `signed by "${signer.subject}", expected "${policy.identity}"`,
      { hint: 'check the trusted signing key', detail: 'UNTRUSTED_SIGNER_ERROR' }
    )
  }
  if (
    !matches(signer.subject, policy.identity, policy.identityRegexp, 'certificate-identity-regexp')
  ) {
    throw new TrustError(
      'IDENTITY_MISMATCH',
      `signed by "${signer.subject}", expected ${describeExpected(policy.identity, policy.identityRegexp)}`,
      {
        hint: 'check certificate-identity / certificate-identity-regexp',
        detail: 'UNTRUSTED_SIGNER_ERROR'
      }
    )
  }
  if (
    !matches(signer.issuer, policy.issuer, policy.issuerRegexp, 'certificate-oidc-issuer-regexp')
  ) {
    throw new TrustError(
      'IDENTITY_MISMATCH',
      `certificate issuer is "${signer.issuer ?? ''}", expected ${describeExpected(policy.issuer, policy.issuerRegexp)}`,
      {
        hint: 'check certificate-oidc-issuer / certificate-oidc-issuer-regexp',
        detail: 'UNTRUSTED_SIGNER_ERROR'
      }
    )
  }
}

/** True when any of the policies trusts the signer (none given: nobody is trusted). */
export function matchesAnyIdentity(policies: IdentityPolicy[], signer?: SignerIdentity): boolean {
  if (!signer) return false
  return policies.some((policy) => {
    try {
      checkIdentity(policy, signer)
      return true
    } catch {
      return false
    }
  })
}

function describeExpected(exact?: string, regexp?: string): string {
  if (regexp) return `a match for /${regexp}/`
  return exact ? `"${exact}"` : 'anything'
}

/** `{ identity: 'key:<hint>' }`: a signing key named by its hint (manifest `signers:`), no issuer. */
export function isKeySigner(policy: IdentityPolicy): boolean {
  return Boolean(
    policy.identity?.startsWith('key:') &&
      !policy.identityRegexp &&
      !policy.issuer &&
      !policy.issuerRegexp
  )
}

/**
 * True when the policy names who to trust: a keyless policy needs an identity and an issuer (as
 * cosign requires); a key signer names its key.
 */
export function isCompletePolicy(policy: IdentityPolicy): boolean {
  if (isKeySigner(policy)) return true
  return Boolean(
    (policy.identity || policy.identityRegexp) && (policy.issuer || policy.issuerRegexp)
  )
}

const isEmptyPolicy = (p: IdentityPolicy): boolean =>
  !p.identity && !p.identityRegexp && !p.issuer && !p.issuerRegexp

/**
 * THE completeness rule (validate, verify, provenance, vulnerability gate): undefined when the
 * policy trusts someone; else what is missing. A half-written keyless policy (identity without
 * issuer or the reverse) is a problem even next to keys: it was meant, and would trust nobody.
 */
export function trustPolicyProblem(policy: TrustPolicy): string | undefined {
  const identity = policy.identity ?? {}
  if (!isEmptyPolicy(identity) && !isCompletePolicy(identity)) {
    const missing =
      identity.identity || identity.identityRegexp
        ? 'certificate-oidc-issuer (or -regexp)'
        : 'certificate-identity (or -regexp)'
    return `the keyless policy is incomplete: ${missing} is missing (cosign needs both an identity and an issuer)`
  }
  if (isCompletePolicy(identity) || (policy.keys?.length ?? 0) > 0) return undefined
  return 'no trusted signer: neither a certificate identity and OIDC issuer nor a public key is configured'
}

/** Throws POLICY_INVALID (naming `what` needs it) unless trustPolicyProblem finds nothing. */
export function requireTrustPolicy(policy: TrustPolicy, what: string): void {
  const problem = trustPolicyProblem(policy)
  if (problem === undefined) return
  throw new TrustError('POLICY_INVALID', `${what}: ${problem}`, {
    hint: 'set certificate-identity (or -regexp) and certificate-oidc-issuer (or -regexp), or a trusted public key'
  })
}
