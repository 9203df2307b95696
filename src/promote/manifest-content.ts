// What a manifest references, read from its bytes without re-serialising them: the children
// of an index, or the blobs (config, layers) of an image or artifact manifest.
import { ambiguityProblem, manifestJsonProblem } from '../oci/manifest-format.js'
import { isIndexMediaType, MANIFEST_MEDIA_TYPES, SCHEMA1_MEDIA_TYPES } from '../oci/media-types.js'
import type { Descriptor, RawManifest } from '../oci/store.js'
import { PromoteError } from './errors.js'

export type ManifestContent =
  { kind: 'index'; children: Descriptor[] } | { kind: 'image'; blobs: Descriptor[] }

interface ManifestJson {
  mediaType?: unknown
  manifests?: unknown
  config?: unknown
  layers?: unknown
  blobs?: unknown
}

function isDescriptor(value: unknown): value is Descriptor {
  const d = value as Descriptor
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof d.digest === 'string' &&
    typeof d.size === 'number'
  )
}

function descriptors(value: unknown, field: string, where: string): Descriptor[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every(isDescriptor)) {
    throw new PromoteError(
      'UNSUPPORTED_MANIFEST',
      `manifest ${where}: expected "${field}" to be a list of descriptors`,
      { hint: 'the source manifest is malformed; fix it in the staging registry' }
    )
  }
  return value
}

/** Unique by digest: an image may list the same (e.g. empty) layer twice. */
function unique(list: Descriptor[]): Descriptor[] {
  const seen = new Set<string>()
  return list.filter((d) => !seen.has(d.digest) && seen.add(d.digest))
}

function parseJson(bytes: Uint8Array, where: string): ManifestJson {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'))
    if (typeof parsed === 'object' && parsed !== null) return parsed as ManifestJson
  } catch {
    // reported below
  }
  throw new PromoteError('UNSUPPORTED_MANIFEST', `manifest ${where} is not a JSON object`, {
    hint: 'the source returned something that is not a manifest; check the digest in the manifest file'
  })
}

/** Read the references of a manifest. `where` names it in errors (`repo@digest`). */
export function parseManifestContent(manifest: RawManifest, where: string): ManifestContent {
  if (SCHEMA1_MEDIA_TYPES.includes(manifest.mediaType)) {
    throw new PromoteError(
      'UNSUPPORTED_MANIFEST',
      `manifest ${where} is Docker schema 1 (${manifest.mediaType}), which cannot be copied by digest`,
      { hint: 'rebuild and push the image with a current builder (schema 2 or OCI)' }
    )
  }
  // Known types must match their bytes; others (an OCI artifact manifest, `application/json`)
  // are read by their fields, unless those fit both kinds.
  const json = parseJson(manifest.bytes, where)
  const known = MANIFEST_MEDIA_TYPES.includes(manifest.mediaType)
  const record = json as Record<string, unknown>
  const problem = known ? manifestJsonProblem(record, manifest.mediaType) : ambiguityProblem(record)
  if (problem !== undefined) {
    throw new PromoteError('UNSUPPORTED_MANIFEST', `manifest ${where} ${problem}`, {
      hint: 'the source serves the manifest under a media type its bytes do not match; fix the image at the source'
    })
  }
  if (isIndexMediaType(manifest.mediaType) || (!known && json.manifests !== undefined)) {
    return { kind: 'index', children: descriptors(json.manifests, 'manifests', where) }
  }
  const config = json.config === undefined ? [] : descriptors([json.config], 'config', where)
  const layers = descriptors(json.layers, 'layers', where)
  // `blobs` is the field of the short-lived OCI artifact manifest.
  const blobs = descriptors(json.blobs, 'blobs', where)
  return { kind: 'image', blobs: unique([...config, ...layers, ...blobs]) }
}
