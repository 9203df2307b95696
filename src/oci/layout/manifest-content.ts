// What the layout store needs to know about manifest bytes it is given: that they are a JSON
// manifest of a supported type, which blobs and child manifests they name, and their subject.
import { manifestJsonProblem, parseJsonObject } from '../manifest-format.js'
import { isIndexMediaType } from '../media-types.js'
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

export { parseJsonObject }

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
  const json = parseJsonObject(bytes)
  if (json === undefined) throw invalid('is not a JSON object')
  const problem = manifestJsonProblem(json, mediaType)
  if (problem !== undefined) throw invalid(problem)
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
