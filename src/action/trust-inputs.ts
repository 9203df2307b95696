// The trust inputs: who is trusted in staging, and how this workflow signs. Keyless signing uses
// the workflow's own OIDC identity (needs `permissions: id-token: write`).
import * as core from '@actions/core'
import { knownSecrets } from '../oci/registry/index.js'
import type { TrustOptions } from '../pipeline/trust-options.js'
import { createPublicKey, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { errorMessage } from '../errors.js'
import { checkIdentityToken } from '../trust/signing/identity-token.js'
import { parseVulnOptions } from '../vuln/options.js'
import type { EventDecision } from './event.js'
import { InputError, parseChoice, parseList } from './parse.js'
import { confinedPath, type ActionPaths } from './paths.js'
import { manifestRepositoryUri, promoterInfo, promotionJob } from '../trust/promotion-job.js'

const PUBLIC_GOOD = { fulcio: 'https://fulcio.sigstore.dev', rekor: 'https://rekor.sigstore.dev' }
const input = (name: string): string => core.getInput(name)
const optional = (name: string): string | undefined => input(name) || undefined

function signer(decision: EventDecision): Pick<TrustOptions, 'signer' | 'rekorURL'> {
  if (!decision.confirm || !core.getBooleanInput('sign')) return {}
  const key = input('signing-key')
  if (key) {
    for (const line of key.split('\n'))
      if (line.trim().length > 8 && !line.startsWith('-----')) core.setSecret(line.trim())
    return { signer: { kind: 'keyed', privateKeyPEM: key }, rekorURL: optional('rekor-url') }
  }
  const token = process.env.SIGSTORE_ID_TOKEN
  if (!token && !process.env.ACTIONS_ID_TOKEN_REQUEST_URL) {
    throw new InputError(
      'sign',
      'keyless signing needs `permissions: id-token: write` on the job (or set sign: false, or signing-key)'
    )
  }
  if (token) {
    core.setSecret(token)
    knownSecrets.add(token)
    try {
      checkIdentityToken(token)
    } catch (error) {
      throw new InputError('sign', errorMessage(error))
    }
  }
  // Our identity is the SAN Fulcio puts in the certificate (for GitHub, the job_workflow_ref,
  // which differs from GITHUB_WORKFLOW_REF in a reusable workflow): the signer reads it from there.
  return {
    signer: {
      kind: 'keyless',
      fulcioURL: optional('fulcio-url') ?? PUBLIC_GOOD.fulcio,
      getIdentityToken: async () => {
        const idToken = token ?? (await core.getIDToken('sigstore'))
        core.setSecret(idToken)
        knownSecrets.add(idToken)
        return idToken
      }
    },
    rekorURL: optional('rekor-url') ?? PUBLIC_GOOD.rekor
  }
}

const PEM_PUBLIC_KEY = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g

/** `trusted-key`: one or more PEM public keys (cosign --key) trusted for staging signatures. */
export function parseTrustedKeys(text: string): KeyObject[] {
  if (!text.trim()) return []
  const blocks = text.match(PEM_PUBLIC_KEY) ?? []
  if (blocks.length === 0)
    throw new InputError(
      'trusted-key',
      'expected one or more PEM public keys (-----BEGIN PUBLIC KEY-----)'
    )
  return blocks.map((pem, i) => {
    try {
      return createPublicKey(pem)
    } catch {
      throw new InputError('trusted-key', `PEM block ${i + 1} is not a valid public key`)
    }
  })
}

function vulnPolicy(workspace: string, temp: string): TrustOptions['vuln'] {
  return parseVulnOptions(
    {
      'vuln-severity-threshold': input('vuln-severity-threshold'),
      'vuln-fixable-only': input('vuln-fixable-only'),
      'vuln-ignore-file': input('vuln-ignore-file'),
      'vuln-require-scan': input('vuln-require-scan'),
      'vuln-max-scan-age': input('vuln-max-scan-age')
    },
    (path) => ({
      text: readFileSync(confinedPath('vuln-ignore-file', path, workspace, temp), 'utf8'),
      file: path
    })
  )
}

export function trustOptions(
  decision: EventDecision,
  paths: Pick<ActionPaths, 'temp' | 'tufCache'>,
  workspace: string
): TrustOptions {
  return {
    vuln: vulnPolicy(workspace, paths.temp),
    identity: {
      identity: optional('certificate-identity'),
      identityRegexp: optional('certificate-identity-regexp'),
      issuer: optional('certificate-oidc-issuer'),
      issuerRegexp: optional('certificate-oidc-issuer-regexp')
    },
    trustedKeys: parseTrustedKeys(input('trusted-key')),
    provenance: {
      mode: parseChoice('provenance', input('provenance') || 'warn', [
        'off',
        'warn',
        'require'
      ] as const),
      builders: parseList(input('provenance-builder-ids')),
      sources: parseList(input('provenance-source-repositories'))
    },
    trustRoot: {
      trustedRootPath: optional('trusted-root'),
      tufMirrorURL: optional('tuf-mirror-url'),
      tufCachePath: paths.tufCache
    },
    sign: core.getBooleanInput('sign'),
    ...signer(decision),
    tsaURL: optional('tsa-url'),
    signatureFormat: parseChoice('signature-format', input('signature-format') || 'legacy', [
      'legacy',
      'bundle',
      'both'
    ] as const),
    signingRegistry: optional('signing-registry'),
    identityRewrites: parseList(input('signing-identity-rewrite')).map((spec) => {
      const eq = spec.indexOf('=')
      if (eq <= 0)
        throw new InputError('signing-identity-rewrite', `expected FROM=TO, got "${spec}"`)
      return { from: spec.slice(0, eq), to: spec.slice(eq + 1) }
    }),
    replicateSignatures: core.getBooleanInput('replicate-signatures'),
    verificationSummaries: core.getBooleanInput('verification-summaries'),
    builderId:
      optional('builder-id') ??
      `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${process.env.GITHUB_ACTION_REPOSITORY || 'image-promoter/image-promoter'}@${process.env.GITHUB_ACTION_REF || 'v1'}`,
    gitCommit: process.env.GITHUB_SHA,
    manifestUri: manifestRepositoryUri(process.env),
    repositoryRoot: process.env.GITHUB_WORKSPACE,
    promoter: promoterInfo(process.env.GITHUB_ACTION_REF),
    job: promotionJob(process.env)
  }
}
