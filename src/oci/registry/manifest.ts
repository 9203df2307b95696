// Manifest HEAD/GET/PUT over the distribution API. Reads send every accepted media type (a
// Docker list fetched without them is silently replaced by its amd64 child) and are verified.
import { isDigest, sha256Digest } from '../digest.js'
import {
  guessManifestMediaType,
  manifestFormatProblem,
  parseJsonObject
} from '../manifest-format.js'
import { MANIFEST_MEDIA_TYPES, SCHEMA1_MEDIA_TYPES } from '../media-types.js'
import type { Descriptor, FetchedManifest, RawManifest } from '../store.js'
import type { RegistryApi } from './api.js'
import { repositoryScope } from './auth/scopes.js'
import { RegistryError } from './errors.js'
import { discard, headerValue, type SendResponse } from './transport/types.js'

/** Manifests larger than this are refused before reading them (distribution's own limit). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

const ACCEPT = MANIFEST_MEDIA_TYPES.join(', ')

const manifestPath = (repo: string, reference: string) => `/v2/${repo}/manifests/${reference}`

function isMissing(status: number): boolean {
  return status === 404
}

function mediaTypeOf(response: SendResponse, bytes?: Uint8Array): string {
  const header = headerValue(response, 'content-type')?.split(';')[0]?.trim()
  if (header && header !== 'application/json' && header !== 'text/plain') return header
  const json = bytes && parseJsonObject(bytes)
  if (json && typeof json.mediaType === 'string') return json.mediaType
  // A generic type and no `mediaType` field: the OCI type the fields fit (not ambiguous ones).
  return (json && guessManifestMediaType(json)) ?? header ?? 'application/octet-stream'
}

function refuseSchema1(api: RegistryApi, repo: string, reference: string, mediaType: string): void {
  if (SCHEMA1_MEDIA_TYPES.includes(mediaType))
    throw new RegistryError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${repo}:${reference} is a Docker schema 1 manifest (${mediaType})`,
      {
        registry: api.host,
        image: `${api.host}/${repo}`,
        hint: 'schema 1 images cannot be promoted; rebuild and push the image with a current tool'
      }
    )
}

export async function manifestHead(
  api: RegistryApi,
  repo: string,
  reference: string
): Promise<Descriptor | undefined> {
  const request = {
    method: 'HEAD',
    path: manifestPath(repo, reference),
    headers: { accept: ACCEPT },
    scopes: [repositoryScope(repo, 'pull')]
  }
  const response = await api.send(request)
  if (isMissing(response.status)) return undefined
  if (response.status !== 200) throw await api.errorFrom(request, response)
  const mediaType = mediaTypeOf(response)
  refuseSchema1(api, repo, reference, mediaType)
  const digest = headerValue(response, 'docker-content-digest')
  const size = Number(headerValue(response, 'content-length'))
  if (!digest || !isDigest(digest) || !Number.isFinite(size)) {
    // No (usable) digest header: fall back to GET and hash the bytes ourselves.
    const fetched = await manifestGet(api, repo, reference)
    return { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.length }
  }
  if (isDigest(reference) && digest !== reference)
    throw new RegistryError(
      'DIGEST_MISMATCH',
      `asked for ${reference}, registry answered Docker-Content-Digest ${digest}`,
      {
        registry: api.host,
        image: `${api.host}/${repo}@${reference}`,
        temporary: false
      }
    )
  return { mediaType, digest, size }
}

export async function manifestGet(
  api: RegistryApi,
  repo: string,
  reference: string
): Promise<FetchedManifest> {
  const request = {
    method: 'GET',
    path: manifestPath(repo, reference),
    headers: { accept: ACCEPT },
    scopes: [repositoryScope(repo, 'pull')],
    buffer: true,
    maxBytes: MAX_MANIFEST_BYTES
  }
  const response = await api.send(request)
  if (isMissing(response.status)) {
    discard(response)
    throw new RegistryError('NOT_FOUND', `manifest ${repo}:${reference} not found`, {
      registry: api.host,
      method: 'GET',
      url: response.url,
      status: 404,
      image: `${api.host}/${repo}`,
      temporary: false,
      hint: 'check the image name and tag or digest in the manifest'
    })
  }
  if (response.status !== 200) throw await api.errorFrom(request, response)
  const bytes = new Uint8Array(response.bytes!)
  const mediaType = mediaTypeOf(response, bytes)
  refuseSchema1(api, repo, reference, mediaType)
  const problem = manifestFormatProblem(bytes, mediaType)
  if (problem !== undefined)
    throw new RegistryError('INVALID_RESPONSE', `manifest ${repo}:${reference} ${problem}`, {
      registry: api.host,
      image: `${api.host}/${repo}`,
      temporary: false,
      hint: 'the registry serves the manifest under a media type its bytes do not match; fix the image at the source'
    })
  const computed = sha256Digest(bytes)
  const expected = isDigest(reference) ? reference : headerValue(response, 'docker-content-digest')
  if (expected && isDigest(expected) && expected !== computed)
    throw new RegistryError(
      'DIGEST_MISMATCH',
      `manifest ${repo}:${reference} has digest ${computed}, expected ${expected}`,
      {
        registry: api.host,
        image: `${api.host}/${repo}`,
        temporary: false,
        hint: 'the registry returned different bytes than the digest names; retry, and report the registry if it persists'
      }
    )
  return { mediaType, bytes, digest: computed }
}

export async function manifestPut(
  api: RegistryApi,
  repo: string,
  reference: string,
  manifest: RawManifest
): Promise<string> {
  return (await manifestPutResponse(api, repo, reference, manifest)).digest
}

/** PUT and return the response too (referrers need its `OCI-Subject` header). */
export async function manifestPutResponse(
  api: RegistryApi,
  repo: string,
  reference: string,
  manifest: RawManifest
): Promise<{ digest: string; response: SendResponse }> {
  const digest = sha256Digest(manifest.bytes)
  if (isDigest(reference) && reference !== digest)
    throw new RegistryError(
      'DIGEST_MISMATCH',
      `manifest bytes have digest ${digest}, but were to be pushed as ${reference}`,
      {
        registry: api.host,
        image: `${api.host}/${repo}`,
        temporary: false
      }
    )
  const problem = manifestFormatProblem(manifest.bytes, manifest.mediaType)
  if (problem !== undefined)
    throw new RegistryError('INVALID_REQUEST', `manifest for ${repo}:${reference} ${problem}`, {
      registry: api.host,
      image: `${api.host}/${repo}`,
      temporary: false,
      hint: 'push manifest bytes with the media type they were served with; fix the image at the source'
    })
  const request = {
    method: 'PUT',
    path: manifestPath(repo, reference),
    headers: { 'content-type': manifest.mediaType },
    body: manifest.bytes,
    scopes: [repositoryScope(repo, 'pull,push')],
    buffer: true,
    maxBytes: 64 * 1024
  }
  const response = await api.expect(request, [200, 201, 202])
  const answered = headerValue(response, 'docker-content-digest')
  if (answered && isDigest(answered) && answered !== digest)
    throw new RegistryError(
      'DIGEST_MISMATCH',
      `registry stored ${repo}:${reference} as ${answered}, pushed ${digest}`,
      {
        registry: api.host,
        image: `${api.host}/${repo}`,
        temporary: false,
        hint: 'the registry rewrote the manifest; it cannot hold byte-exact copies'
      }
    )
  return { digest, response }
}

export { ACCEPT as MANIFEST_ACCEPT }
