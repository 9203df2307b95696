// One rule for whether manifest bytes agree with the media type they are served or written with,
// applied at registry GET and PUT, layout read and write, and in the copy engine. Without it an
// image manifest lacking a `mediaType` field, served as an index, is copied as an index with no
// children: its config and layers are never copied, and the tag still lands.
// Like containers/image (manifest.GuessMIMEType), a document whose fields fit both an index and
// an image is ambiguous and refused, whatever it is served as.
import { MANIFEST_MEDIA_TYPES, MEDIA_TYPE, isIndexMediaType } from './media-types.js'

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

const isObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function shapeOf(json: Record<string, unknown>): 'index' | 'image' | 'ambiguous' | 'neither' {
  const index = json.manifests !== undefined
  const image = json.config !== undefined || json.layers !== undefined
  if (index && image) return 'ambiguous'
  return index ? 'index' : image ? 'image' : 'neither'
}

/** Why `json` cannot be read as any one kind of manifest: fields of both an index and an image. */
export function ambiguityProblem(json: Record<string, unknown>): string | undefined {
  return shapeOf(json) === 'ambiguous'
    ? 'has both "manifests" and "config"/"layers": it is ambiguous between an index and an image'
    : undefined
}

/**
 * Why `json` cannot be a manifest of `mediaType`, or undefined when they agree: its own
 * `mediaType` (when present) is the same, and its fields are those of that kind only
 * (an index: `manifests`; an image: `config` and `layers`).
 */
export function manifestJsonProblem(
  json: Record<string, unknown>,
  mediaType: string
): string | undefined {
  if (!MANIFEST_MEDIA_TYPES.includes(mediaType))
    return `media type ${mediaType} is not one of ${MANIFEST_MEDIA_TYPES.join(', ')}`
  if (json.mediaType !== undefined && json.mediaType !== mediaType)
    return `says mediaType ${JSON.stringify(json.mediaType)}, but is served or written as ${mediaType}`
  const ambiguous = ambiguityProblem(json)
  if (ambiguous !== undefined) return ambiguous
  const shape = shapeOf(json)
  if (isIndexMediaType(mediaType)) {
    if (shape !== 'index' || !Array.isArray(json.manifests))
      return `is typed ${mediaType} but has no "manifests" list (an image manifest served as an index?)`
    return undefined
  }
  if (shape !== 'image' || !isObject(json.config) || !Array.isArray(json.layers))
    return `is typed ${mediaType} but lacks a "config" object and a "layers" list`
  return undefined
}

/** Why `bytes` cannot be a manifest of `mediaType`, or undefined when they agree. */
export function manifestFormatProblem(bytes: Uint8Array, mediaType: string): string | undefined {
  const json = parseJsonObject(bytes)
  if (json === undefined) return 'is not a JSON object'
  return manifestJsonProblem(json, mediaType)
}

/**
 * The media type of manifest JSON when nothing else names it (a layout blob read by digest, a
 * registry answering `application/json`): its own `mediaType`, else the OCI type its fields fit;
 * undefined when it is not a manifest, or is ambiguous.
 */
export function guessManifestMediaType(json: Record<string, unknown>): string | undefined {
  if (json.schemaVersion !== 2) return undefined
  const guess =
    typeof json.mediaType === 'string'
      ? json.mediaType
      : shapeOf(json) === 'index'
        ? MEDIA_TYPE.ociIndex
        : MEDIA_TYPE.ociManifest
  return manifestJsonProblem(json, guess) === undefined ? guess : undefined
}
