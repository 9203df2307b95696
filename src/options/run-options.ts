// The typed option values -> the pipeline's RunOptions pieces both adapters share. What differs by
// surface (where files are, the event, credentials, the identity token) stays in the adapters.
import type { DiffScope } from '../manifest/index.js'
import type { RegistryClientOptions } from '../oci/registry/index.js'
import type { RunOptions } from '../pipeline/options.js'
import type { SignerOptions, TrustOptions } from '../pipeline/trust-options.js'
import { parseRegistryMap } from '../plan/index.js'
import type { IdentityTokenSource } from '../trust/signing/keyless-signer.js'
import { DEFAULT_VULN_POLICY, parseIgnoreFile, type VulnPolicy } from '../vuln/index.js'
import type { OptionValues } from './table.js'
import { OptionValueError } from './values.js'

/** Sigstore's public-good instance: the keyless default when no service URL is given. */
export const PUBLIC_GOOD = {
  fulcio: 'https://fulcio.sigstore.dev',
  rekor: 'https://rekor.sigstore.dev'
} as const

/** The CLI's scope: `auto` is changed with --base, since with --since, else all. */
export function cliScope(v: OptionValues): DiffScope {
  const kind = v.scope === 'auto' ? (v.since ? 'since' : v.base ? 'changed' : 'all') : v.scope
  if (kind === 'changed' && !v.base) throw new OptionValueError('--scope changed needs --base REV')
  if (kind === 'since' && !v.since) throw new OptionValueError('--scope since needs --since DATE')
  if (kind === 'all') return { kind }
  return kind === 'changed'
    ? { kind, base: v.base!, head: v.head }
    : { kind, since: v.since!, head: v.head }
}

/** Per-host limits and deadlines every registry client starts from. */
export function registryDefaults(v: OptionValues): RegistryClientOptions['defaults'] {
  return {
    concurrency: v['max-concurrency'],
    // Unset: each host's default (host-config.ts: a safe rate for quota'd services).
    ...(v['max-requests-per-second'] !== undefined
      ? { requestsPerSecond: v['max-requests-per-second'] }
      : {}),
    headerTimeoutMs: v['header-timeout'],
    bodyTimeoutMs: v['body-timeout']
  }
}

/** Run options that read the same on both surfaces. */
export function commonRunOptions(
  v: OptionValues
): Pick<
  RunOptions,
  'tolerate' | 'registryMap' | 'cacheMaxAgeMs' | 'copyReferrers' | 'failFast' | 'shard'
> {
  return {
    tolerate: v.allow,
    registryMap: parseRegistryMap(v['registry-map']),
    cacheMaxAgeMs: v['cache-max-age'],
    copyReferrers: v['copy-referrers'],
    failFast: v['fail-fast'],
    shard: v.shard
  }
}

/** The vulnerability gate; `ignoreFile` reads the ignore file (each adapter knows where it is). */
export function vulnPolicy(
  v: OptionValues,
  ignoreFile: (path: string) => { text: string; file: string }
): VulnPolicy {
  const path = v['vuln-ignore-file']
  return {
    ...DEFAULT_VULN_POLICY,
    threshold: v['vuln-severity-threshold'] as VulnPolicy['threshold'],
    fixableOnly: v['vuln-fixable-only'],
    requireScan: v['vuln-require-scan'],
    ...(v['vuln-max-scan-age'] !== undefined ? { maxScanAgeMs: v['vuln-max-scan-age'] } : {}),
    ignores: path ? (({ text, file }) => parseIgnoreFile(text, file))(ignoreFile(path)) : []
  }
}

/** Trust options that read the same on both surfaces (signer and run metadata excluded). */
export function commonTrustOptions(
  v: OptionValues
): Omit<TrustOptions, 'signer' | 'rekorURL' | 'vuln' | 'trustRoot' | 'builderId'> {
  return {
    identity: {
      identity: v['certificate-identity'],
      identityRegexp: v['certificate-identity-regexp'],
      issuer: v['certificate-oidc-issuer'],
      issuerRegexp: v['certificate-oidc-issuer-regexp']
    },
    trustedKeys: v['trusted-key'],
    provenance: {
      mode: v.provenance,
      builders: v['provenance-builder-ids'],
      sources: v['provenance-source-repositories']
    },
    sign: v.sign,
    tsaURL: v['tsa-url'],
    signatureFormat: v['signature-format'],
    signingRegistry: v['signing-registry'],
    identityRewrites: v['signing-identity-rewrite'],
    replicateSignatures: v['replicate-signatures'],
    signTagless: v['sign-tagless'],
    signatureAnnotations: v['signature-annotation'],
    copyStagingSignatures: v['copy-staging-signatures'],
    verificationSummaries: v['verification-summaries'],
    concurrency: v['trust-concurrency']
  }
}

/** A keyed signer from the key's PEM text, or a keyless one from a token source. */
export function signingOptions(
  v: OptionValues,
  keyless: IdentityTokenSource | undefined
): { signer?: SignerOptions; rekorURL?: string } {
  if (v['signing-key'])
    return { signer: { kind: 'keyed', privateKeyPEM: v['signing-key'] }, rekorURL: v['rekor-url'] }
  if (!keyless) return {}
  return {
    signer: {
      kind: 'keyless',
      fulcioURL: v['fulcio-url'] ?? PUBLIC_GOOD.fulcio,
      getIdentityToken: keyless
    },
    rekorURL: v['rekor-url'] ?? PUBLIC_GOOD.rekor
  }
}
