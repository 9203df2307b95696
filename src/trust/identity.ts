// Certificate identity policy with cosign's rules: an exact value must equal the SAN, a regexp is
// unanchored unless the user anchors it, and a regexp wins over the exact value (same for issuer).
// Applied by us, not by sigstore-js, whose string SAN policy is an unanchored regexp.
import { TrustError } from './errors.js'

/** `--certificate-identity[-regexp]` and `--certificate-oidc-issuer[-regexp]`. */
export interface IdentityPolicy {
  identity?: string
  identityRegexp?: string
  issuer?: string
  issuerRegexp?: string
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

/** True when the policy names who to trust (a keyless policy needs an identity and an issuer). */
export function isCompletePolicy(policy: IdentityPolicy): boolean {
  return Boolean(
    (policy.identity || policy.identityRegexp) && (policy.issuer || policy.issuerRegexp)
  )
}
