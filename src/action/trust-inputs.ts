// The trust inputs: who is trusted in staging, and how this workflow signs. Keyless signing uses
// the workflow's own OIDC identity (needs `permissions: id-token: write`).
import * as core from '@actions/core'
import { readFileSync } from 'node:fs'
import { errorMessage } from '../errors.js'
import { knownSecrets } from '../oci/registry/index.js'
import { commonTrustOptions, signingOptions, vulnPolicy } from '../options/run-options.js'
import type { OptionValues } from '../options/table.js'
import type { TrustOptions } from '../pipeline/trust-options.js'
import { checkIdentityToken } from '../trust/signing/identity-token.js'
import type { EventDecision } from './event.js'
import { InputError } from './parse.js'
import { confinedPath, type ActionPaths } from './paths.js'

function signer(
  v: OptionValues,
  decision: EventDecision
): Pick<TrustOptions, 'signer' | 'rekorURL'> {
  if (!decision.confirm || !v.sign) return {}
  if (v['signing-key']) return signingOptions(v, undefined)
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
  return signingOptions(v, async () => {
    const idToken = token ?? (await core.getIDToken('sigstore'))
    core.setSecret(idToken)
    knownSecrets.add(idToken)
    return idToken
  })
}

export function trustOptions(
  v: OptionValues,
  decision: EventDecision,
  paths: Pick<ActionPaths, 'temp' | 'tufCache'>,
  workspace: string
): TrustOptions {
  return {
    ...commonTrustOptions(v),
    vuln: vulnPolicy(v, (path) => ({
      text: readFileSync(confinedPath('vuln-ignore-file', path, workspace, paths.temp), 'utf8'),
      file: path
    })),
    trustRoot: {
      trustedRootPath: v['trusted-root'],
      tufMirrorURL: v['tuf-mirror-url'],
      tufCachePath: paths.tufCache
    },
    ...signer(v, decision),
    builderId: `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${process.env.GITHUB_ACTION_REPOSITORY || 'image-promoter/image-promoter'}@${process.env.GITHUB_ACTION_REF || 'v1'}`,
    gitCommit: process.env.GITHUB_SHA,
    workflow: process.env.GITHUB_RUN_ID
      ? {
          repository: process.env.GITHUB_REPOSITORY ?? '',
          runId: process.env.GITHUB_RUN_ID,
          workflowRef: process.env.GITHUB_WORKFLOW_REF ?? ''
        }
      : undefined
  }
}
