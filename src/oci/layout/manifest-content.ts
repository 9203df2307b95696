// What the layout store needs to know about manifest bytes it is given: that they are a JSON
// manifest of a supported type, which blobs and child manifests they name, and their subject.
import { MANIFEST_MEDIA_TYPES, MEDIA_TYPE, isIndexMediaType } from '../media-types.js'
import type { Descriptor } from '../store.js'
import { LayoutError } from './errors.js'

/** Distribution's default manifest size limit; larger bodies are refused like a registry would. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

export interface ManifestContent {
  mediaType: string
  /** config and layers of an image manifest (foreign layers with `urls` excluded). */
  blobs: Descriptor[]
  /** child manifests of an index */
  children: Descriptor[]
  subject?: Descriptor
  /** `artifactType`, else the config media type (image-spec: how referrers report a type). */
  artifactType?: string
  annotations?: Record<string, string>
}

/** Parse bytes as JSON, or undefined when they are not a JSON object. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * The media type of stored JSON when it is a manifest: its own `mediaType`, else inferred from
 * its shape; undefined for anything else (image configs and JSON layers share the blob store).
 */
export function inferMediaType(json: Record<string, unknown>): string | undefined {
  if (json.schemaVersion !== 2) return undefined
  if (typeof json.mediaType === 'string') {
    return MANIFEST_MEDIA_TYPES.includes(json.mediaType) ? json.mediaType : undefined
  }
  if (Array.isArray(json.manifests)) return MEDIA_TYPE.ociIndex
  if (isDescriptor(json.config)) return MEDIA_TYPE.ociManifest
  return undefined
}

function isDescriptor(value: unknown): value is Descriptor {
  const d = value as Partial<Descriptor> | null
  return typeof d === 'object' && d !== null && typeof d.digest === 'string'
}

function descriptorList(
  value: unknown,
  field: string,
  invalid: (what: string) => Error
): Descriptor[] {
  if (value === undefined) return []
  if (Array.isArray(value) && value.every(isDescriptor)) return value
  throw invalid(`field "${field}" is not a list of descriptors`)
}

/** Check manifest bytes as a registry would on PUT; throws MANIFEST_INVALID with the reason. */
export function readManifestContent(
  dir: string,
  bytes: Uint8Array,
  mediaType: string
): ManifestContent {
  const invalid = (what: string): LayoutError =>
    new LayoutError('MANIFEST_INVALID', `manifest ${what}`, {
      dir,
      hint: 'push the manifest bytes and media type exactly as the source registry served them'
    })
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw invalid(`is ${bytes.length} bytes, expected at most ${MAX_MANIFEST_BYTES}`)
  }
  if (!MANIFEST_MEDIA_TYPES.includes(mediaType)) {
    throw invalid(`media type is ${mediaType}, expected one of ${MANIFEST_MEDIA_TYPES.join(', ')}`)
  }
  const json = parseJsonObject(bytes)
  if (json === undefined) throw invalid('is not a JSON object')
  if (json.mediaType !== undefined && json.mediaType !== mediaType) {
    throw invalid(`says mediaType ${String(json.mediaType)}, expected ${mediaType} as pushed`)
  }
  const config = json.config === undefined ? [] : descriptorList([json.config], 'config', invalid)
  const layers = descriptorList(json.layers, 'layers', invalid).filter((l) => !l.urls?.length)
  const isIndex = isIndexMediaType(mediaType)
  const subject =
    json.subject === undefined ? [] : descriptorList([json.subject], 'subject', invalid)
  return {
    mediaType,
    blobs: isIndex ? [] : [...config, ...layers],
    children: isIndex ? descriptorList(json.manifests, 'manifests', invalid) : [],
    subject: subject[0],
    artifactType: typeof json.artifactType === 'string' ? json.artifactType : config[0]?.mediaType,
    annotations: json.annotations as Record<string, string> | undefined
  }
}
