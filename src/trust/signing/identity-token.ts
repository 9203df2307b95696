// A static OIDC token (SIGSTORE_ID_TOKEN) checked before the run writes anything: Fulcio would
// refuse a malformed or expired token, or one not issued for sigstore, only after promote.
// Messages never quote the token.
import { TrustError } from '../errors.js'

function invalid(why: string): TrustError {
  return new TrustError('IDENTITY_TOKEN_UNAVAILABLE', `SIGSTORE_ID_TOKEN ${why}`, {
    hint: 'get a fresh OIDC token with audience "sigstore" (or use a signing key)'
  })
}

/** Throws IDENTITY_TOKEN_UNAVAILABLE unless `token` is an unexpired JWT for audience sigstore. */
export function checkIdentityToken(token: string, now: Date = new Date()): void {
  const parts = token.split('.')
  let claims: { exp?: unknown; aud?: unknown }
  try {
    if (parts.length !== 3) throw new Error('not three parts')
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'))
    if (typeof claims !== 'object' || claims === null) throw new Error('not an object')
  } catch {
    throw invalid('is not a JWT (header.payload.signature)')
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if (!audiences.includes('sigstore'))
    throw invalid(`is for audience ${JSON.stringify(claims.aud ?? null)}, not "sigstore"`)
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now.getTime())
    throw invalid(`expired at ${new Date(claims.exp * 1000).toISOString()}`)
}
