// Flags of `image-promoter run` (and the building blocks `cip` maps kpromo's flags onto), parsed
// into RunOptions. The CLI adapter is the only place besides src/action/ that reads the environment.
import { createPublicKey, type KeyObject } from 'node:crypto'
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import { errorMessage } from '../errors.js'
import type { DiffScope } from '../manifest/scope.js'
import { parseRegistryMap, type EdgeState } from '../plan/index.js'
import type { RunOptions } from '../pipeline/options.js'
import { parseShard } from '../pipeline/shard.js'
import type { ProvenanceMode } from '../trust/phases/provenance-policy.js'
import type { SignatureFormatOption } from '../trust/phases/sign.js'
import { checkIdentityToken } from '../trust/signing/identity-token.js'
import type { CliIo } from './io.js'
import { oneOf, readText, UsageError, whole } from './flag-values.js'
import { REGISTRY_FLAGS, REGISTRY_FLAGS_HELP, registryOptionsFromFlags } from './registry-flags.js'
import { parseVulnOptions, VULN_FLAGS, VULN_FLAGS_HELP } from '../vuln/options.js'

export const RUN_FLAGS = {
  manifest: { type: 'string' },
  'thin-manifest-dir': { type: 'string' },
  scope: { type: 'string' },
  base: { type: 'string' },
  head: { type: 'string' },
  since: { type: 'string' },
  confirm: { type: 'boolean', default: false },
  'plan-only': { type: 'boolean', default: false },
  allow: { type: 'string', multiple: true, default: [] },
  'cache-dir': { type: 'string' },
  'cache-max-age': { type: 'string' },
  'registry-map': { type: 'string', multiple: true, default: [] },
  ...REGISTRY_FLAGS,
  'copy-referrers': { type: 'boolean', default: false },
  'fail-fast': { type: 'boolean', default: false },
  shard: { type: 'string' },
  sign: { type: 'string', default: 'true' },
  'signing-key': { type: 'string' },
  'signature-format': { type: 'string' },
  'signing-registry': { type: 'string' },
  'signing-identity-rewrite': { type: 'string', multiple: true, default: [] },
  'replicate-signatures': { type: 'boolean', default: false },
  'certificate-identity': { type: 'string' },
  'certificate-identity-regexp': { type: 'string' },
  'certificate-oidc-issuer': { type: 'string' },
  'certificate-oidc-issuer-regexp': { type: 'string' },
  'trusted-key': { type: 'string', multiple: true, default: [] },
  provenance: { type: 'string' },
  'trusted-root': { type: 'string' },
  'fulcio-url': { type: 'string' },
  'rekor-url': { type: 'string' },
  'tsa-url': { type: 'string' },
  'tuf-mirror-url': { type: 'string' },
  'tuf-root': { type: 'string' },
  'trust-concurrency': { type: 'string' },
  ...VULN_FLAGS,
  json: { type: 'boolean', default: false },
  report: { type: 'string' }
} satisfies ParseArgsOptionsConfig

export const RUN_FLAGS_HELP = `  --manifest FILE | --thin-manifest-dir DIR   the promotion manifests
  --scope all|changed|since   edges to consider (default all); --base REV, --head REV, --since DATE
  --confirm                   promote (without it: a dry run that stops before any write)
  --plan-only                 stop after the plan (kpromo --parse-only)
  --allow STATE               lost, conflict or error edges do not fail the run (repeatable)
  --cache-dir DIR             inventory cache; --cache-max-age SECONDS (default 21600)
  --registry-map FROM=TO      rewrite a registry-name prefix (repeatable)
${REGISTRY_FLAGS_HELP}
  --copy-referrers            also copy signatures, attestations and SBOMs attached in staging
  --fail-fast                 stop at the first failed copy (default: isolate failures)
  --shard K/N                 handle only the destination hosts of shard K of N
  --sign true|false           sign and attest promoted images (default true; needs a signer)
  --signing-key FILE          keyed signing with a PEM private key, P-256/P-384 (Ed25519: bundle format
                              only); else keyless with SIGSTORE_ID_TOKEN, as the certificate's identity
  --signature-format legacy|bundle|both; --signing-registry NAME
  --signing-identity-rewrite FROM=TO   name signed for (e.g. …/k8s-artifacts-prod/images=registry.k8s.io)
  --replicate-signatures      copy signatures and attestations to every destination
  --certificate-identity[-regexp] V, --certificate-oidc-issuer[-regexp] V   trusted staging signer
  --trusted-key FILE          PEM public key trusted for staging signatures (repeatable)
  --provenance off|warn|require   SLSA provenance policy (default warn)
  --trusted-root FILE         sigstore trusted_root.json (else TUF); --tuf-mirror-url URL, --tuf-root FILE
  --fulcio-url, --rekor-url, --tsa-url URL   sigstore services (defaults: public-good when keyless)
  --trust-concurrency N       images verified or signed at once (default 16; kpromo --max-signature-ops)
${VULN_FLAGS_HELP}
  --json                      print the run report as JSON; --report FILE writes it to a file too`

type Values = ReturnType<typeof parseRunFlags>

export function parseRunFlags(args: string[]) {
  return parseArgs({ args, strict: true, allowPositionals: false, options: RUN_FLAGS }).values
}

function scopeOf(v: Values): DiffScope {
  const kind = oneOf('--scope', v.scope ?? (v.since ? 'since' : v.base ? 'changed' : 'all'), [
    'all',
    'changed',
    'since'
  ] as const)!
  if (kind === 'changed' && !v.base) throw new UsageError('--scope changed needs --base REV')
  if (kind === 'since' && !v.since) throw new UsageError('--scope since needs --since DATE')
  if (kind === 'all') return { kind }
  return kind === 'changed'
    ? { kind, base: v.base!, head: v.head }
    : { kind, since: v.since!, head: v.head }
}

function trustedKeys(io: CliIo, paths: readonly string[]): KeyObject[] {
  return paths.map((p) => {
    try {
      return createPublicKey(readText(io, '--trusted-key', p))
    } catch (error) {
      if (error instanceof UsageError) throw error
      throw new UsageError(`--trusted-key ${p} is not a PEM public key`)
    }
  })
}

/** `--signing-identity-rewrite FROM=TO`, e.g. `…/k8s-artifacts-prod/images=registry.k8s.io`. */
export function parseRewrite(spec: string): { from: string; to: string } {
  const eq = spec.indexOf('=')
  if (eq <= 0 || eq === spec.length - 1)
    throw new UsageError(`expected --signing-identity-rewrite FROM=TO, got "${spec}"`)
  return { from: spec.slice(0, eq), to: spec.slice(eq + 1) }
}

const PUBLIC_GOOD = { fulcio: 'https://fulcio.sigstore.dev', rekor: 'https://rekor.sigstore.dev' }

/** Turn parsed flags into RunOptions. Throws UsageError for bad values. */
export function runOptionsFromFlags(
  v: Values,
  io: CliIo,
  /** sigcheck IMAGE@DIGEST...: no manifest at all. */
  noManifest = false
): RunOptions {
  const manifests = Number(v.manifest !== undefined) + Number(v['thin-manifest-dir'] !== undefined)
  if (noManifest ? manifests !== 0 : manifests !== 1) {
    throw new UsageError('give exactly one of --manifest FILE and --thin-manifest-dir DIR')
  }
  const allow = v.allow.map((s) =>
    oneOf('--allow', s, ['lost', 'conflict', 'error'] as const)!
  ) as EdgeState[]
  const maxAge = v['cache-max-age']
  if (maxAge !== undefined && !/^\d+$/.test(maxAge))
    throw new UsageError(`expected --cache-max-age SECONDS, got "${maxAge}"`)
  const sign = oneOf('--sign', v.sign, ['true', 'false'] as const) === 'true'
  const token = io.env.SIGSTORE_ID_TOKEN
  const keyed = v['signing-key'] !== undefined
  const fulcioURL = v['fulcio-url'] ?? PUBLIC_GOOD.fulcio
  if (v.confirm && sign && !keyed && !token) {
    throw new UsageError(
      'signing needs a signer: set SIGSTORE_ID_TOKEN (keyless), pass --signing-key FILE, or --sign false'
    )
  }
  if (v.confirm && sign && !keyed && token) {
    try {
      checkIdentityToken(token)
    } catch (error) {
      throw new UsageError(errorMessage(error))
    }
  }
  let registryMap
  try {
    registryMap = parseRegistryMap(v['registry-map'])
  } catch (error) {
    throw new UsageError(errorMessage(error))
  }
  return {
    manifest: v.manifest,
    thinManifestDir: v['thin-manifest-dir'],
    scope: scopeOf(v),
    confirm: v.confirm,
    planOnly: v['plan-only'],
    tolerate: allow,
    cacheDir: v['cache-dir'],
    cacheMaxAgeMs: maxAge === undefined ? undefined : Number(maxAge) * 1000,
    registryMap,
    registry: registryOptionsFromFlags(io, v),
    copyReferrers: v['copy-referrers'],
    failFast: v['fail-fast'],
    shard: v.shard ? parseShard(v.shard) : undefined,
    trust: {
      identity: {
        identity: v['certificate-identity'],
        identityRegexp: v['certificate-identity-regexp'],
        issuer: v['certificate-oidc-issuer'],
        issuerRegexp: v['certificate-oidc-issuer-regexp']
      },
      trustedKeys: trustedKeys(io, v['trusted-key']),
      provenance: {
        mode:
          oneOf('--provenance', v.provenance, ['off', 'warn', 'require'] as const) ??
          ('warn' as ProvenanceMode)
      },
      trustRoot: {
        trustedRootPath: v['trusted-root'],
        tufMirrorURL: v['tuf-mirror-url'],
        tufRootPath: v['tuf-root']
      },
      sign,
      signer: !sign
        ? undefined
        : keyed
          ? { kind: 'keyed', privateKeyPEM: readText(io, '--signing-key', v['signing-key']!) }
          : token
            ? { kind: 'keyless', fulcioURL, getIdentityToken: async () => token }
            : undefined,
      rekorURL: v['rekor-url'] ?? (keyed ? undefined : PUBLIC_GOOD.rekor),
      tsaURL: v['tsa-url'],
      signatureFormat: oneOf('--signature-format', v['signature-format'], [
        'legacy',
        'bundle',
        'both'
      ] as const) as SignatureFormatOption | undefined,
      signingRegistry: v['signing-registry'],
      identityRewrites: v['signing-identity-rewrite'].map(parseRewrite),
      replicateSignatures: v['replicate-signatures'],
      vuln: parseVulnOptions(v, (path) => ({
        text: readText(io, '--vuln-ignore-file', path),
        file: path
      })),
      concurrency: whole('--trust-concurrency', v['trust-concurrency'])
    }
  }
}
