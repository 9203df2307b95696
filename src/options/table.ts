// Every option of the Action and the CLI, defined once: name, default, help, parser, and where it
// appears. action.yml inputs, the README tables, each command's --help, the Action's input reader
// and the CLI's flag parser all derive from this table (__tests__/options/ checks they agree;
// `npm run options:sync` rewrites action.yml and the README tables from it).
import { DEFAULT_CACHE_MAX_AGE_MS, parseRegistryMap } from '../plan/index.js'
import { parseShard } from '../pipeline/shard.js'
import { DEFAULT_TRUST_CONCURRENCY } from '../trust/phases/types.js'
import { DEFAULT_VULN_POLICY, parseThreshold, SEVERITY_NAMES } from '../vuln/index.js'
import { parseRegistryAuth } from './registry-auth.js'
import { list, value, type Command } from './spec.js'
import {
  choice,
  duration,
  OptionValueError,
  parseBoolean,
  parseAnnotation,
  parseRewrite,
  parseTrustedKeys,
  parseWhole
} from './values.js'

const text = (t: string): string => t.trim()
const READS: readonly Command[] = ['plan', 'run', 'sigcheck']
const TRUST: readonly Command[] = ['run', 'verify', 'sigcheck']
/** What `run` and `sigcheck` (which signs and attests what is missing) both take. */
const SIGNS: readonly Command[] = ['run', 'sigcheck']

/** Whole days, 0 included (sigcheck --to-days). */
function days(t: string): number {
  if (!/^\d+$/.test(t.trim())) throw new OptionValueError(`expected N (whole days), got "${t}"`)
  return Number(t)
}
/** Commands that reach registries: the reads, and `pr` (the staging tags and the plan). */
const CONNECTS: readonly Command[] = [...READS, 'pr']

function threshold(t: string): number {
  try {
    return parseThreshold(t)
  } catch {
    throw new OptionValueError(`expected -1..5 or ${SEVERITY_NAMES.join('|')}, got "${t}"`)
  }
}

export const OPTIONS = {
  // Manifests
  manifest: value({
    group: 'Manifests',
    help: 'Path of a plain kpromo manifest file. Mutually exclusive with thin-manifest-dir.',
    flag: { commands: ['validate', 'plan', 'run', 'snapshot', 'sigcheck'], metavar: 'FILE' },
    kpromo: { name: 'manifest', kind: 'string' },
    parse: text
  }),
  'thin-manifest-dir': value({
    group: 'Manifests',
    help: 'Path of a kpromo thin-manifest directory (images/ and manifests/). Mutually exclusive with manifest.',
    flag: { commands: ['validate', 'plan', 'run', 'snapshot', 'sigcheck', 'pr'], metavar: 'DIR' },
    kpromo: { name: 'thin-manifest-dir', kind: 'string' },
    parse: text
  }),

  // Scope and mode
  scope: value({
    group: 'Scope and mode',
    help: 'Which digests to handle: auto (Action: from the event; CLI: changed with base, since with since, else all), changed (needs base outside pull_request and push), all, or since (needs since).',
    flag: { commands: READS, metavar: 'auto|changed|all|since' },
    default: 'auto',
    parse: choice(['auto', 'changed', 'all', 'since'] as const)
  }),
  base: value({
    group: 'Scope and mode',
    help: 'Git revision to diff against for scope changed (Action: default from the event).',
    flag: { commands: READS, metavar: 'REV' },
    parse: text
  }),
  head: value({
    group: 'Scope and mode',
    help: 'Git revision of the manifests for scope changed or since (default HEAD).',
    input: false,
    flag: { commands: READS, metavar: 'REV' },
    parse: text
  }),
  since: value({
    group: 'Scope and mode',
    help: "Git date for scope since, e.g. `7 days` (kpromo's --manifest-diff-since).",
    flag: { commands: READS, metavar: 'DATE' },
    parse: text
  }),
  command: value({
    group: 'Scope and mode',
    help: 'promote, or sigcheck: audit our signatures and attestations (repairs only with confirm true).',
    default: 'promote',
    parse: choice(['promote', 'sigcheck'] as const)
  }),
  'from-days': value({
    group: 'Scope and mode',
    help: "sigcheck: digests whose manifest line changed in the last N days (git committer dates; kpromo's --from-days). --scope all checks every digest.",
    input: false,
    flag: { commands: ['sigcheck'], metavar: 'N' },
    default: '5',
    parse: parseWhole
  }),
  'to-days': value({
    group: 'Scope and mode',
    help: "sigcheck: ... up to N days ago (kpromo's --to-days; 0 is today).",
    input: false,
    flag: { commands: ['sigcheck'], metavar: 'N' },
    default: '0',
    parse: days
  }),
  limit: value({
    group: 'Scope and mode',
    help: "sigcheck: check at most N images (kpromo's --limit; default all).",
    input: false,
    flag: { commands: ['sigcheck'], metavar: 'N' },
    parse: parseWhole
  }),
  'attestations-since': value({
    group: 'Scope and mode',
    help: "sigcheck: check promotion attestations only of digests changed since this git date (kpromo's --attestations-since, YYYY-MM-DD); default every digest.",
    input: false,
    flag: { commands: ['sigcheck'], metavar: 'DATE' },
    parse: text
  }),
  confirm: value({
    group: 'Scope and mode',
    help: 'Write to registries? auto (push and schedule: yes; other events and the CLI without --confirm: no), true or false. pull_request never writes.',
    flag: {
      commands: SIGNS,
      switch: true,
      help: 'Promote, sign and attest (without it: a dry run that stops before any write)'
    },
    kpromo: { name: 'confirm', kind: 'bool' },
    default: 'auto',
    parse: choice(['auto', 'true', 'false'] as const)
  }),
  'plan-only': value({
    group: 'Scope and mode',
    help: "Stop after the plan (kpromo's --parse-only, which still reads the registries).",
    input: false,
    flag: { commands: ['run'], switch: true },
    kpromo: { name: 'parse-only', kind: 'bool' },
    default: 'false',
    parse: parseBoolean
  }),
  allow: list({
    group: 'Scope and mode',
    help: 'Edge states that do not fail the run: lost, conflict, error. By default each fails the run (after everything else was promoted).',
    flag: { commands: READS, metavar: 'STATE' },
    item: choice(['lost', 'conflict', 'error'] as const)
  }),
  'fail-fast': value({
    group: 'Scope and mode',
    help: 'Stop at the first failed copy (default: a failure stays with its own edges).',
    flag: { commands: ['run'], switch: true },
    default: 'false',
    parse: parseBoolean
  }),
  'check-lost-destinations': value({
    group: 'Scope and mode',
    help: "Read the destinations of lost edges too (already promoted -> done; kpromo's rule order, set by cip).",
    input: false,
    flag: { commands: ['plan', 'run'], switch: true },
    default: 'false',
    parse: parseBoolean
  }),

  // Signing
  sign: value({
    group: 'Signing',
    help: "Sign and attest promoted images (kpromo's --sign); needs a signer.",
    flag: { commands: ['run'], metavar: 'true|false' },
    kpromo: { name: 'sign', kind: 'bool' },
    default: 'true',
    parse: parseBoolean
  }),
  'signature-format': value({
    group: 'Signing',
    help: '`legacy` (cosign `.sig` tags), `bundle` (sigstore bundle referrers) or `both`.',
    flag: { commands: SIGNS, metavar: 'legacy|bundle|both' },
    default: 'legacy',
    parse: choice(['legacy', 'bundle', 'both'] as const)
  }),
  'signing-registry': value({
    group: 'Signing',
    help: 'Registry name whose copy is signed (default the first destination of each manifest).',
    flag: { commands: SIGNS, metavar: 'NAME' },
    parse: text
  }),
  'signing-identity-rewrite': list({
    group: 'Signing',
    help: 'Rewrites `FROM=TO` of the name signed for (e.g. `us-docker.pkg.dev/k8s-artifacts-prod/images=registry.k8s.io`).',
    flag: { commands: SIGNS, metavar: 'FROM=TO' },
    item: parseRewrite
  }),
  'replicate-signatures': value({
    group: 'Signing',
    help: "Copy this run's own signatures and promotion attestations (never other signers') from the signing registry to every destination.",
    flag: { commands: SIGNS, switch: true },
    default: 'false',
    parse: parseBoolean
  }),
  'sign-tagless': value({
    group: 'Signing',
    help: 'Sign digests promoted without a tag (cip: false, as kpromo; they still get a promotion attestation).',
    input: false,
    flag: { commands: ['run'], metavar: 'true|false' },
    default: 'true',
    parse: parseBoolean
  }),
  'signature-annotation': list({
    group: 'Signing',
    help: "Annotations `KEY=VALUE` in our signatures' payload (cosign `-a`; cip: kpromo's `org.kubernetes.kpromo.version`).",
    input: false,
    flag: { commands: SIGNS, metavar: 'KEY=VALUE' },
    item: parseAnnotation
  }),
  'copy-staging-signatures': value({
    group: 'Signing',
    help: "Before signing, add the staging `.sig` signatures of each signed digest to the signing registry's `.sig` (kpromo's pre-copy; set by cip). They are copied as they are, not vouched for.",
    input: false,
    flag: { commands: ['run'], switch: true },
    default: 'false',
    parse: parseBoolean
  }),
  'builder-id': value({
    group: 'Signing',
    help: "The promotion attestation's builderId (Action default: this action's repository@ref; CLI: https://github.com/image-promoter/image-promoter).",
    flag: { commands: ['run'], metavar: 'URI' },
    parse: text
  }),
  'verification-summaries': value({
    group: 'Signing',
    help: 'Write a signed SLSA verification summary (VSA v1) next to each promotion attestation, recording what the provenance phase decided.',
    flag: { commands: ['run'], switch: true },
    kpromo: { name: 'verification-summaries', kind: 'bool' },
    default: 'false',
    parse: parseBoolean
  }),
  'signing-key': value({
    group: 'Signing',
    help: "PEM private key for keyed signing (P-256/P-384; Ed25519 with signature-format bundle only); default is keyless with the workflow's OIDC identity (CLI: SIGSTORE_ID_TOKEN).",
    flag: { commands: SIGNS, metavar: 'FILE', file: true },
    secret: true,
    parse: (t) => t
  }),
  'fulcio-url': value({
    group: 'Signing',
    help: 'Fulcio URL for keyless signing (default public-good).',
    flag: { commands: SIGNS, metavar: 'URL' },
    parse: text
  }),
  'rekor-url': value({
    group: 'Signing',
    help: 'Rekor URL (default public-good when keyless).',
    flag: { commands: SIGNS, metavar: 'URL' },
    parse: text
  }),
  'tsa-url': value({
    group: 'Signing',
    help: 'Timestamp authority URL (optional).',
    flag: { commands: SIGNS, metavar: 'URL' },
    parse: text
  }),

  // Trust
  'certificate-identity': value({
    group: 'Trust',
    help: 'Exact signer identity trusted on staging signatures and provenance.',
    flag: { commands: TRUST, metavar: 'ID' },
    kpromo: { name: 'certificate-identity', kind: 'string' },
    parse: text
  }),
  'certificate-identity-regexp': value({
    group: 'Trust',
    help: 'Regular expression for the trusted signer identity (wins over certificate-identity).',
    flag: { commands: TRUST, metavar: 'RE' },
    kpromo: { name: 'certificate-identity-regexp', kind: 'string' },
    parse: text
  }),
  'certificate-oidc-issuer': value({
    group: 'Trust',
    help: 'Exact OIDC issuer trusted on staging signatures and provenance.',
    flag: { commands: TRUST, metavar: 'URL' },
    kpromo: { name: 'certificate-oidc-issuer', kind: 'string' },
    parse: text
  }),
  'certificate-oidc-issuer-regexp': value({
    group: 'Trust',
    help: 'Regular expression for the trusted OIDC issuer (wins over certificate-oidc-issuer).',
    flag: { commands: TRUST, metavar: 'RE' },
    kpromo: { name: 'certificate-oidc-issuer-regexp', kind: 'string' },
    parse: text
  }),
  'trusted-key': value({
    group: 'Trust',
    help: 'PEM public key(s) trusted for key-signed staging signatures, provenance and scans (cosign `--key`; several PEM blocks allowed). Alone, only that key counts.',
    flag: { commands: TRUST, metavar: 'FILE', file: true, repeatable: true, aliases: ['key'] },
    default: '',
    parse: parseTrustedKeys
  }),
  provenance: value({
    group: 'Trust',
    help: 'SLSA provenance policy for staging images: `off`, `warn` or `require`.',
    flag: { commands: ['run'], metavar: 'off|warn|require' },
    default: 'warn',
    parse: choice(['off', 'warn', 'require'] as const)
  }),
  'provenance-builder-ids': list({
    group: 'Trust',
    help: 'Allowed SLSA builder ids (empty allows any).',
    flag: { commands: ['run'], metavar: 'ID' },
    item: text
  }),
  'provenance-source-repositories': list({
    group: 'Trust',
    help: 'Allowed source repositories in provenance (empty allows any).',
    flag: { commands: ['run'], metavar: 'REPO' },
    item: text
  }),
  'trusted-root': value({
    group: 'Trust',
    help: 'Path of a sigstore `trusted_root.json` (private deployments, air-gapped runners); default public-good via TUF.',
    flag: { commands: TRUST, metavar: 'FILE' },
    parse: text
  }),
  'tuf-mirror-url': value({
    group: 'Trust',
    help: 'TUF mirror for the trusted root (default public-good).',
    flag: { commands: TRUST, metavar: 'URL', aliases: ['tuf-mirror'] },
    parse: text
  }),
  'tuf-root': value({
    group: 'Trust',
    help: "The TUF mirror's initial root.json (with tuf-mirror-url).",
    input: false,
    flag: { commands: TRUST, metavar: 'FILE' },
    parse: text
  }),
  'trust-concurrency': value({
    group: 'Trust',
    help: "Images verified or signed at once (kpromo's --max-signature-ops).",
    flag: { commands: SIGNS, metavar: 'N' },
    kpromo: { name: 'max-signature-ops', kind: 'string' },
    default: String(DEFAULT_TRUST_CONCURRENCY),
    parse: parseWhole
  }),
  type: list({
    group: 'Trust',
    help: 'Attestation predicate type that counts (default: a signature counts).',
    input: false,
    flag: { commands: ['verify'], metavar: 'PREDICATE' },
    item: text
  }),

  // Vulnerability gate
  'vuln-severity-threshold': value({
    group: 'Vulnerability gate',
    help: "Block images whose verified scan attestations have findings at or above this severity: 0 UNSPECIFIED .. 5 CRITICAL, or the name; -1 is off (kpromo's --vuln-severity-threshold).",
    flag: { commands: ['run'], metavar: 'N' },
    kpromo: { name: 'vuln-severity-threshold', kind: 'string' },
    default: String(DEFAULT_VULN_POLICY.threshold),
    parse: threshold
  }),
  'vuln-fixable-only': value({
    group: 'Vulnerability gate',
    help: 'Count only findings with a known fix version (as kpromo does).',
    flag: { commands: ['run'], metavar: 'true|false' },
    default: String(DEFAULT_VULN_POLICY.fixableOnly),
    parse: parseBoolean
  }),
  'vuln-ignore-file': value({
    group: 'Vulnerability gate',
    help: 'YAML `ignores: [{id, reason, expires}]` in the repository; expired entries do not apply and are reported.',
    flag: { commands: ['run'], metavar: 'FILE' },
    parse: text
  }),
  'vuln-require-scan': value({
    group: 'Vulnerability gate',
    help: 'An image without a verified scan is blocked.',
    flag: { commands: ['run'], metavar: 'true|false' },
    default: String(DEFAULT_VULN_POLICY.requireScan),
    parse: parseBoolean
  }),
  'vuln-max-scan-age': value({
    group: 'Vulnerability gate',
    help: 'Scans older than this (e.g. `72h`, `7d`) do not count.',
    flag: { commands: ['run'], metavar: 'DURATION' },
    parse: duration(1000)
  }),

  // Registries
  'copy-referrers': value({
    group: 'Registries',
    help: 'Also copy signatures, attestations and SBOMs attached to staging images.',
    flag: { commands: ['run'], switch: true },
    default: 'false',
    parse: parseBoolean
  }),
  'registry-auth': value({
    group: 'Registries',
    help: "Credentials as YAML or JSON, host -> `{username, password}` or `{token}`. Masked. Docker's config.json (e.g. from docker/login-action) is also used as is.",
    secret: true,
    parse: parseRegistryAuth
  }),
  'github-token': value({
    group: 'Registries',
    help: 'Token used for ghcr.io and for the PR comment.',
    secret: true,
    actionDefault: '${{ github.token }}',
    parse: text
  }),
  'registry-map': list({
    group: 'Registries',
    help: 'Registry rewrites `FROM=TO` (prefix match), e.g. to test against a mirror.',
    flag: { commands: CONNECTS, metavar: 'FROM=TO' },
    item: (t) => {
      try {
        return parseRegistryMap([t]) && t
      } catch {
        throw new OptionValueError(`expected FROM=TO with both sides non-empty, got "${t}"`)
      }
    }
  }),
  'insecure-registries': list({
    group: 'Registries',
    help: 'Hosts reached over plain HTTP (loopback is always allowed).',
    flag: { name: 'insecure-registry', commands: CONNECTS, metavar: 'HOST' },
    item: text
  }),
  'token-realm-hosts': list({
    group: 'Registries',
    help: "Other hosts allowed to receive a registry's credentials as the token realm its challenge names (its own host name always is); others are refused with REALM_REFUSED.",
    flag: { name: 'token-realm-host', commands: CONNECTS, metavar: 'HOST' },
    item: text
  }),
  'ca-file': value({
    group: 'Registries',
    help: 'PEM file of extra certificate authorities trusted for registries.',
    input: false,
    flag: { commands: CONNECTS, metavar: 'PEM', file: true },
    parse: (t) => t
  }),

  // Output (Action)
  summary: value({
    group: 'Output',
    help: 'Write the job summary.',
    default: 'true',
    parse: parseBoolean
  }),
  annotations: value({
    group: 'Output',
    help: 'Annotate manifest lines with problems.',
    default: 'true',
    parse: parseBoolean
  }),
  comment: value({
    group: 'Output',
    help: 'Sticky PR comment with the plan: `off` or `update`.',
    default: 'off',
    parse: choice(['off', 'update'] as const)
  }),
  'comment-header': value({
    group: 'Output',
    help: 'Distinguishes the comments of several promoter jobs on one PR.',
    default: 'plan',
    parse: text
  }),
  json: value({
    group: 'Output',
    help: 'Print the result as JSON (plan: schema version 1; validate: counts, errors and warnings with file and line).',
    input: false,
    flag: { commands: ['validate', 'plan', 'run', 'verify', 'sigcheck'], switch: true },
    default: 'false',
    parse: parseBoolean
  }),
  report: value({
    group: 'Output',
    help: 'Also write the run report (JSON) to this file.',
    input: false,
    flag: { commands: SIGNS, metavar: 'FILE' },
    parse: text
  }),

  // Cache
  cache: value({
    group: 'Cache',
    help: 'Restore and save the registry inventory and sigstore trust root with the Actions cache (kept in `RUNNER_TEMP`, never in the checkout).',
    default: 'true',
    parse: parseBoolean
  }),
  'cache-dir': value({
    group: 'Cache',
    help: 'Inventory cache directory (read, then updated).',
    input: false,
    flag: { commands: READS, metavar: 'DIR' },
    parse: text
  }),
  'cache-max-age': value({
    group: 'Cache',
    help: 'Cached inventory younger than this (e.g. `6h`, `30m`, `90s`, or seconds) may report an edge as already done, only in a `pull_request` or `push` run that does not write (CLI: any run that does not write); runs that write, `schedule` and `workflow_dispatch` runs read every destination live (`0`: never).',
    flag: { commands: READS, metavar: 'DURATION' },
    default: `${DEFAULT_CACHE_MAX_AGE_MS / 3_600_000}h`,
    parse: duration()
  }),

  // Limits and scale-out
  'max-concurrency': value({
    group: 'Limits and scale-out',
    help: 'Concurrent requests per registry host.',
    flag: { commands: CONNECTS, metavar: 'N' },
    default: '16',
    parse: parseWhole
  }),
  'max-requests-per-second': value({
    group: 'Limits and scale-out',
    help: 'Requests per second per registry host (adaptive on 429). Default by host: 80 for Artifact Registry and gcr.io, 25 for Docker Hub, 50 for GHCR, Quay, ECR and ACR; other hosts are bounded by max-concurrency only.',
    flag: { commands: CONNECTS, metavar: 'N' },
    defaultLabel: 'by host',
    parse: parseWhole
  }),
  'header-timeout': value({
    group: 'Limits and scale-out',
    help: 'How long a registry has to send response headers; a hung host fails only its own edges.',
    flag: { commands: CONNECTS, metavar: 'DURATION' },
    default: '30s',
    parse: duration(1000)
  }),
  'body-timeout': value({
    group: 'Limits and scale-out',
    help: 'How long a registry has to send a whole manifest, tag list or token body (blobs keep a minimum rate).',
    flag: { commands: CONNECTS, metavar: 'DURATION' },
    default: '60s',
    parse: duration(1000)
  }),
  shard: value({
    group: 'Limits and scale-out',
    help: '`K/N`: handle only the destination hosts of shard K of N (run N jobs in a matrix).',
    flag: { commands: ['run'], metavar: 'K/N' },
    parse: (t) => {
      try {
        return parseShard(t)
      } catch (error) {
        throw new OptionValueError((error as Error).message)
      }
    }
  }),

  // Snapshot (CLI only)
  repositories: list({
    group: 'Snapshot',
    help: "Image names under the prefix (default: the registry's catalog).",
    input: false,
    flag: { commands: ['snapshot'], metavar: 'A,B' },
    item: text
  }),
  'snapshot-tag': value({
    group: 'Snapshot',
    help: 'Only digests carrying this tag (with all their tags).',
    input: false,
    flag: { commands: ['snapshot'], metavar: 'TAG' },
    kpromo: { name: 'snapshot-tag', kind: 'string' },
    parse: text
  }),
  'minimal-snapshot': value({
    group: 'Snapshot',
    help: 'Leave out untagged children of multi-arch indexes.',
    input: false,
    flag: { commands: ['snapshot'], switch: true },
    kpromo: { name: 'minimal-snapshot', kind: 'bool' },
    default: 'false',
    parse: parseBoolean
  }),
  output: value({
    group: 'Snapshot',
    help: 'Snapshot format: `yaml` or `csv`.',
    input: false,
    flag: { commands: ['snapshot'], metavar: 'yaml|csv' },
    kpromo: { name: 'output', kind: 'string' },
    default: 'yaml',
    parse: text
  }),
  'manifest-based': value({
    group: 'Snapshot',
    help: 'Snapshot from the manifests instead of the registry (no network unless minimal).',
    input: false,
    flag: { commands: ['snapshot'], switch: true },
    default: 'false',
    parse: parseBoolean
  }),

  // Pull request (CLI only: `pr`)
  image: value({
    group: 'Pull request',
    help: 'Image name as images.yaml lists it (relative to the source registry), e.g. foo or foo/bar.',
    input: false,
    flag: { commands: ['pr'], metavar: 'NAME' },
    parse: text
  }),
  source: value({
    group: 'Pull request',
    help: 'The staging registry, exactly as the `src: true` registry of a promoter-manifest.yaml names it (e.g. gcr.io/k8s-staging-foo).',
    input: false,
    flag: { commands: ['pr'], metavar: 'REGISTRY' },
    parse: text
  }),
  tags: list({
    group: 'Pull request',
    help: 'Staging tags to add (only these tags; `latest` only when named). Default: every tagged digest, without `latest`.',
    input: false,
    flag: { commands: ['pr'], metavar: 'TAG' },
    item: text
  }),
  digest: value({
    group: 'Pull request',
    help: 'Add this staging digest with every tag it has (but `latest`); not with --tags.',
    input: false,
    flag: { commands: ['pr'], metavar: 'DIGEST' },
    parse: text
  }),
  branch: value({
    group: 'Pull request',
    help: "Branch to commit on (default `<image>-<first tag>-image-promotion`, kpromo's name).",
    input: false,
    flag: { commands: ['pr'], metavar: 'BRANCH' },
    parse: text
  }),
  push: value({
    group: 'Pull request',
    help: 'Push the branch to origin (no force).',
    input: false,
    flag: { commands: ['pr'], switch: true },
    default: 'false',
    parse: parseBoolean
  }),
  open: value({
    group: 'Pull request',
    help: 'Push the branch and open the pull request through the GitHub REST API (token from GITHUB_TOKEN, API from GITHUB_API_URL).',
    input: false,
    flag: { commands: ['pr'], switch: true },
    default: 'false',
    parse: parseBoolean
  }),
  repository: value({
    group: 'Pull request',
    help: 'OWNER/NAME the pull request is opened in (default: from the origin remote URL, else GITHUB_REPOSITORY).',
    input: false,
    flag: { commands: ['pr'], metavar: 'OWNER/NAME' },
    parse: text
  })
}

export type OptionName = keyof typeof OPTIONS
export type OptionValues = { [K in OptionName]: ReturnType<(typeof OPTIONS)[K]['read']> }

/** kpromo `cip` flags that have no option of their own (cip maps them onto run or snapshot). */
export const CIP_ONLY_FLAGS = {
  'use-prow-manifest-diff': 'bool',
  'manifest-diff-since': 'string',
  snapshot: 'string',
  'manifest-based-snapshot-of': 'string',
  'max-image-size': 'string',
  'signer-account': 'string',
  'summary-signer-account': 'string',
  'log-level': 'string',
  // ours under cip, for layouts other than k8s-artifacts-prod (defaults: kpromo's)
  'signing-registry': 'string',
  'signing-identity-rewrite': 'string'
} as const
