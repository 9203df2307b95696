// KeylessSigner: one ephemeral P-256 key and one Fulcio certificate for the run's signatures,
// re-requested shortly before it expires (Fulcio certificates live 10 minutes). The OIDC token
// comes from an injected source (GitHub Actions OIDC, SIGSTORE_ID_TOKEN, a test token).
import { generateKeyPairSync, sign as cryptoSign, X509Certificate } from 'node:crypto'
import { FulcioSigner, type Signature, type Signer } from '@sigstore/sign'
import { TrustError } from '../errors.js'
import type { SignerIdentity } from '../identity.js'
import { certificateIdentity } from './certificate-identity.js'
import type { RunSigner } from './run-signer.js'
import { createWitnesses, DEFAULT_SIGSTORE_TIMEOUT_MS, type WitnessOptions } from './witnesses.js'

/** Returns an OIDC identity token with audience `sigstore`. */
export type IdentityTokenSource = () => Promise<string>

export interface KeylessSignerOptions extends WitnessOptions {
  fulcioURL: string
  getIdentityToken: IdentityTokenSource
  /** Re-request the certificate this long before it expires. Default 60000 ms. */
  renewBeforeMs?: number
  /** cosign chain annotation. Default '' (as cosign v3 writes for legacy signatures). */
  chainPEM?: string
}

export const DEFAULT_RENEW_BEFORE_MS = 60_000

export function createKeylessSigner(options: KeylessSignerOptions): RunSigner {
  // Every token handed to Fulcio, so no error text can carry one.
  const tokens = new Set<string>()
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const publicPEM = publicKey.export({ format: 'pem', type: 'spki' }).toString()
  const keyHolder: Signer = {
    sign: async (data) => ({
      signature: cryptoSign('sha256', data, privateKey),
      key: { $case: 'publicKey', publicKey: publicPEM }
    })
  }
  const fulcio = new FulcioSigner({
    fulcioBaseURL: options.fulcioURL,
    identityProvider: {
      getToken: async () => {
        const value = await token(options.getIdentityToken)
        tokens.add(value)
        return value
      }
    },
    keyHolder,
    timeout: options.timeoutMs ?? DEFAULT_SIGSTORE_TIMEOUT_MS,
    retry: { retries: 2 }
  })
  const renewBefore = options.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS
  let current: Promise<{ pem: string; renewAt: number; identity: SignerIdentity }> | undefined
  let requests = 0

  async function requestCertificate() {
    requests += 1
    try {
      const { key } = await fulcio.sign(Buffer.from('certificate request'))
      if (key.$case !== 'x509Certificate') throw new Error('Fulcio returned no certificate')
      const renewAt = new Date(new X509Certificate(key.certificate).validTo).getTime() - renewBefore
      return { pem: key.certificate, renewAt, identity: certificateIdentity(key.certificate) }
    } catch (cause) {
      if (cause instanceof TrustError) throw cause
      // Fulcio may echo the request (token included) in its error; the cause is not kept for
      // the same reason.
      throw new TrustError(
        'SIGNING_FAILED',
        `cannot get a signing certificate from Fulcio ${options.fulcioURL}: ${scrubTokens(errorText(cause), tokens)}`,
        { hint: 'check fulcio-url and that the identity token is valid for audience "sigstore"' }
      )
    }
  }

  async function certificate() {
    const cert = current ? await current.catch(() => undefined) : undefined
    if (!cert || Date.now() >= cert.renewAt) {
      // One request shared by every concurrent signature; a failed one is retried next time.
      current = requestCertificate()
      return current
    }
    return cert
  }

  const signer: Signer = {
    async sign(data): Promise<Signature> {
      const { pem } = await certificate()
      return {
        signature: cryptoSign('sha256', data, privateKey),
        key: { $case: 'x509Certificate', certificate: pem }
      }
    }
  }
  return {
    kind: 'keyless',
    signer,
    messageWitnesses: createWitnesses(options, undefined),
    dsseWitnesses: createWitnesses(options, 'dsse'),
    chainPEM: options.chainPEM ?? '',
    identity: async () => (await certificate()).identity,
    certificateRequests: () => requests
  }
}

function errorText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}

/** Replaces every token given (and anything shaped like a JWT) with `***`. */
export function scrubTokens(text: string, tokens: Iterable<string>): string {
  let out = text
  for (const t of tokens) if (t) out = out.split(t).join('***')
  return out.replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '***')
}

async function token(source: IdentityTokenSource): Promise<string> {
  try {
    const value = await source()
    if (!value) throw new Error('empty token')
    return value
  } catch (cause) {
    throw new TrustError(
      'IDENTITY_TOKEN_UNAVAILABLE',
      `no OIDC identity token for keyless signing: ${(cause as Error).message}`,
      {
        hint: 'in GitHub Actions grant `permissions: id-token: write`; elsewhere set SIGSTORE_ID_TOKEN, or use a signing key',
        cause
      }
    )
  }
}
