// Turns an unexpected HTTP response into a RegistryError: reads at most 64 KiB of the body,
// parses the spec's `errors` array, and picks a code from the spec codes or the status.
import {
  RegistryError,
  RETRYABLE_STATUSES,
  hintFor,
  type RegistryDiagnostic,
  type RegistryErrorCode
} from './errors.js'
import { readLimited } from './body.js'
import type { SendRequest, SendResponse } from './transport/types.js'

const MAX_ERROR_BODY_BYTES = 64 * 1024

const SPEC_CODES: Record<string, RegistryErrorCode> = {
  MANIFEST_UNKNOWN: 'NOT_FOUND',
  BLOB_UNKNOWN: 'NOT_FOUND',
  NAME_UNKNOWN: 'NOT_FOUND',
  UNAUTHORIZED: 'UNAUTHORIZED',
  DENIED: 'DENIED',
  TOOMANYREQUESTS: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'UNAVAILABLE',
  DIGEST_INVALID: 'DIGEST_MISMATCH',
  SIZE_INVALID: 'INVALID_REQUEST',
  MANIFEST_INVALID: 'INVALID_REQUEST',
  MANIFEST_BLOB_UNKNOWN: 'INVALID_REQUEST',
  BLOB_UPLOAD_INVALID: 'INVALID_REQUEST',
  NAME_INVALID: 'INVALID_REQUEST',
  TAG_INVALID: 'INVALID_REQUEST',
  UNSUPPORTED: 'INVALID_REQUEST'
}

function codeForStatus(status: number): RegistryErrorCode {
  if (status === 401) return 'UNAUTHORIZED'
  if (status === 403) return 'DENIED'
  if (status === 404) return 'NOT_FOUND'
  if (status === 408) return 'TIMEOUT'
  if (status === 429) return 'TOO_MANY_REQUESTS'
  if (status >= 500) return 'UNAVAILABLE'
  if (status === 400) return 'INVALID_REQUEST'
  return 'HTTP_ERROR'
}

export function parseDiagnostics(text: string): RegistryDiagnostic[] {
  try {
    const parsed = JSON.parse(text) as { errors?: unknown }
    if (!Array.isArray(parsed.errors)) return []
    return parsed.errors
      .filter((e): e is { code: string; message?: unknown } => typeof e?.code === 'string')
      .map((e) => ({
        code: e.code,
        message: typeof e.message === 'string' ? e.message : undefined
      }))
  } catch {
    return []
  }
}

/** Build (not throw) the error for a response whose status the caller did not expect. */
export async function errorFromResponse(
  registry: string,
  request: SendRequest,
  response: SendResponse
): Promise<RegistryError> {
  const bytes =
    response.bytes ??
    (await readLimited(response.body, MAX_ERROR_BODY_BYTES, true).catch(() => Buffer.alloc(0)))
  const text = bytes.subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8')
  const diagnostics = parseDiagnostics(text)
  const fromSpec = diagnostics.map((d) => SPEC_CODES[d.code]).find((c) => c !== undefined)
  const code = fromSpec ?? codeForStatus(response.status)
  const detail =
    diagnostics.length > 0
      ? diagnostics.map((d) => (d.message ? `${d.code} (${d.message})` : d.code)).join(', ')
      : text.trim().slice(0, 200)
  const message = `registry answered ${response.status}${detail ? `: ${detail}` : ''}`
  return new RegistryError(code, message, {
    registry,
    method: request.method,
    url: response.url,
    status: response.status,
    diagnostics,
    temporary: RETRYABLE_STATUSES.has(response.status),
    hint: hintFor(code)
  })
}
