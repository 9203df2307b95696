// Referrers: the OCI 1.1 API (`GET /v2/<repo>/referrers/<digest>`) when the registry has it,
// else the tag-schema fallback index at `sha256-<hex>` (distribution-spec v1.1 "Referrers Tag
// Schema"). A 404 from the API means "no API" (the spec forbids 404 when supported); that
// verdict is remembered per host.
import type { KeyedLock } from '../../concurrency/index.js'
import { digestHex, isDigest, sha256Digest } from '../digest.js'
import { MEDIA_TYPE } from '../media-types.js'
import { isNotFound } from '../not-found.js'
import type { Descriptor, RawManifest } from '../store.js'
import type { RegistryApi } from './api.js'
import { repositoryScope } from './auth/scopes.js'
import { RegistryError } from './errors.js'
import { manifestGet, manifestPutResponse } from './manifest.js'
import { headerValue, discard } from './transport/types.js'

export interface ReferrersState {
  /** undefined until the first referrers request; then whether the registry has the API. */
  hasApi?: boolean
  /** Serialises read-modify-write of one fallback index (`repo@subject`). */
  locks: KeyedLock
}

interface IndexDocument {
  schemaVersion?: number
  mediaType?: string
  manifests?: Descriptor[]
}

export const fallbackTag = (subject: string) => `sha256-${digestHex(subject)}`

export async function referrersList(
  api: RegistryApi,
  state: ReferrersState,
  repo: string,
  subject: string,
  artifactType?: string
): Promise<Descriptor[]> {
  if (state.hasApi !== false) {
    const query = artifactType ? `?${new URLSearchParams({ artifactType })}` : ''
    const request = {
      method: 'GET',
      path: `/v2/${repo}/referrers/${subject}${query}`,
      headers: { accept: MEDIA_TYPE.ociIndex },
      scopes: [repositoryScope(repo, 'pull')],
      buffer: true,
      maxBytes: 4 * 1024 * 1024
    }
    const response = await api.send(request)
    if (response.status === 200) {
      state.hasApi = true
      const filtered = headerValue(response, 'oci-filters-applied')
        ?.split(',')
        .map((s) => s.trim())
        .includes('artifactType')
      const descriptors =
        parseIndex(api, response.bytes!, `referrers of ${subject}`).manifests ?? []
      return artifactType && !filtered
        ? descriptors.filter((d) => d.artifactType === artifactType)
        : descriptors
    }
    if (response.status !== 404 && response.status !== 405)
      throw await api.errorFrom(request, response)
    discard(response)
    state.hasApi = false
  }
  const index = await readFallbackIndex(api, repo, subject)
  const descriptors = index?.manifests ?? []
  return artifactType ? descriptors.filter((d) => d.artifactType === artifactType) : descriptors
}

async function readFallbackIndex(
  api: RegistryApi,
  repo: string,
  subject: string
): Promise<IndexDocument | undefined> {
  try {
    const fetched = await manifestGet(api, repo, fallbackTag(subject))
    return parseIndex(api, Buffer.from(fetched.bytes), `referrers index ${fallbackTag(subject)}`)
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }
}

function parseIndex(api: RegistryApi, bytes: Buffer, what: string): IndexDocument {
  try {
    return JSON.parse(bytes.toString('utf8')) as IndexDocument
  } catch {
    throw new RegistryError('INVALID_RESPONSE', `${what} is not a JSON image index`, {
      registry: api.host
    })
  }
}

/** Descriptor of a referrer manifest: digest, size, artifactType (or config media type), annotations. */
export function referrerDescriptor(
  api: RegistryApi,
  manifest: RawManifest
): { descriptor: Descriptor; subject: string } {
  const parsed = parseJson(api, manifest.bytes) as {
    subject?: { digest?: string }
    artifactType?: string
    config?: { mediaType?: string }
    annotations?: Record<string, string>
  }
  const subject = parsed.subject?.digest
  if (!subject || !isDigest(subject))
    throw new RegistryError(
      'INVALID_REQUEST',
      'expected a referrer manifest with a "subject" sha256 digest, got none',
      {
        registry: api.host,
        temporary: false,
        hint: 'push manifests without a subject with manifestPut'
      }
    )
  const descriptor: Descriptor = {
    mediaType: manifest.mediaType,
    digest: sha256Digest(manifest.bytes),
    size: manifest.bytes.length
  }
  const artifactType = parsed.artifactType ?? parsed.config?.mediaType
  if (artifactType) descriptor.artifactType = artifactType
  if (parsed.annotations) descriptor.annotations = parsed.annotations
  return { descriptor, subject }
}

export async function referrerPut(
  api: RegistryApi,
  state: ReferrersState,
  repo: string,
  manifest: RawManifest
): Promise<Descriptor> {
  const { descriptor, subject } = referrerDescriptor(api, manifest)
  const { response } = await manifestPutResponse(api, repo, descriptor.digest, manifest)
  if (headerValue(response, 'oci-subject')) {
    state.hasApi = true
    return descriptor
  }
  await state.locks.run(`${repo}@${subject}`, () =>
    addToFallbackIndex(api, repo, subject, descriptor)
  )
  return descriptor
}

async function addToFallbackIndex(
  api: RegistryApi,
  repo: string,
  subject: string,
  descriptor: Descriptor
): Promise<void> {
  const index = (await readFallbackIndex(api, repo, subject)) ?? {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.ociIndex,
    manifests: []
  }
  const manifests = index.manifests ?? []
  if (manifests.some((d) => d.digest === descriptor.digest)) return
  const updated = {
    ...index,
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.ociIndex,
    manifests: [...manifests, descriptor]
  }
  const bytes = new TextEncoder().encode(JSON.stringify(updated))
  await manifestPutResponse(api, repo, fallbackTag(subject), {
    mediaType: MEDIA_TYPE.ociIndex,
    bytes
  })
}

function parseJson(api: RegistryApi, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch {
    throw new RegistryError('INVALID_REQUEST', 'referrer manifest is not JSON', {
      registry: api.host,
      temporary: false
    })
  }
}
