// kpromo's manifest validation rules (kpromo-compat §1.5), applied to plain and thin manifests
// alike, every violation reported. Format rules are warnings in thin manifests: see validateImages.
import type { SourcePosition } from '../errors.js'
import { isDigest } from '../oci/digest.js'
import { isTag } from '../oci/ref.js'
import { ManifestError, excerpt, quote, type Findings } from './errors.js'
import type { ImageEntry, RegistryEntry } from './model.js'

/**
 * Rules V1 (one source), V2/F1 (a source exists and is named), V3 (registries listed) and V4
 * (registries named). Returns the source registry (the first `src: true`), if any.
 * `listPosition` is where `registries:` is written (or the file start when it is missing).
 */
export function validateRegistries(
  registries: RegistryEntry[],
  listPosition: SourcePosition,
  findings: Findings
): RegistryEntry | undefined {
  const errors = findings.errors
  if (registries.length === 0) {
    errors.push(
      new ManifestError('NO_REGISTRIES', "'registries' field cannot be empty", listPosition, {
        hint: 'list the source registry (with src: true) and its destination registries'
      })
    )
    return undefined
  }
  for (const registry of registries) {
    if (registry.name !== '') continue
    errors.push(
      new ManifestError(
        'EMPTY_REGISTRY_NAME',
        "registries: 'name' field cannot be empty",
        registry.position,
        {
          hint: registry.src
            ? 'write the source registry name, e.g. gcr.io/my-staging'
            : 'write the registry name'
        }
      )
    )
  }
  const sources = registries.filter((r) => r.src)
  const source = sources[0]
  if (!source) {
    errors.push(
      new ManifestError('NO_SOURCE', 'could not find source registry', listPosition, {
        hint: 'mark the staging registry with src: true'
      })
    )
  }
  for (const extra of sources.slice(1)) {
    errors.push(
      new ManifestError(
        'MULTIPLE_SOURCES',
        `cannot have more than 1 source registry: ${quote(extra.name)} is marked src: true, but ${quote(source!.name)} (line ${source!.position.line}) already is`,
        extra.srcPosition ?? extra.position,
        { hint: 'remove src: true from all registries but the staging one', registry: extra.name }
      )
    )
  }
  return source
}

/**
 * Rules V5 (image named), V6 (dmap not empty), V7 (digest format) and V8 (tag format).
 * kpromo checks V6-V8 only in plain manifests; in thin manifests they are reported as warnings,
 * because real trees (registry.k8s.io) contain such entries and kpromo promotes the rest of them.
 */
export function validateImages(
  images: ImageEntry[],
  kind: 'plain' | 'thin',
  findings: Findings
): void {
  const format = kind === 'plain' ? findings.errors : findings.warnings
  for (const image of images) {
    if (image.name === '') {
      findings.errors.push(
        new ManifestError(
          'EMPTY_IMAGE_NAME',
          "images: 'name' field cannot be empty",
          image.position,
          {
            hint: 'write the image name relative to the registry names, e.g. pause or foo/bar'
          }
        )
      )
    } else {
      const problem = imageNameProblem(image.name)
      if (problem)
        findings.errors.push(
          new ManifestError(
            'INVALID_IMAGE_NAME',
            `image name ${quote(image.name)} ${problem}`,
            image.position,
            {
              hint: 'write the image path relative to the registry, e.g. pause or foo/bar: segments separated by single /, none of them . or ..'
            }
          )
        )
    }
    if (image.digests.length === 0) {
      format.push(
        new ManifestError(
          'EMPTY_DMAP',
          `images: 'dmap' field cannot be empty (image ${quote(image.name)})`,
          image.dmapPosition ?? image.position,
          {
            hint: 'add "sha256:<digest>": [tags] entries, or remove the image entry',
            image: image.name
          }
        )
      )
    }
    for (const entry of image.digests) {
      if (!isDigest(entry.digest)) {
        format.push(
          new ManifestError(
            'INVALID_DIGEST',
            `invalid digest: ${excerpt(entry.digest)}`,
            entry.position,
            {
              hint: 'expected sha256: followed by 64 lower-case hex digits',
              image: image.name
            }
          )
        )
      }
      entry.tags.forEach((tag, i) => {
        if (isTag(tag)) return
        format.push(
          new ManifestError(
            'INVALID_TAG',
            `invalid tag: ${quote(tag)}`,
            entry.tagPositions?.[i] ?? entry.position,
            {
              hint: 'expected 1-128 characters of letters, digits, _ . - (not starting with . or -)',
              image: image.name
            }
          )
        )
      })
    }
  }
}

/** Longest image name accepted: a repository path has at most 255 characters (distribution). */
export const MAX_IMAGE_NAME = 255

/**
 * What makes `name` unusable as a repository path below a registry name, or undefined. Checked
 * for every registry kind: under `oci:<dir>` the name becomes part of a filesystem path, where
 * `..` or a leading `/` would leave the layout directory.
 */
export function imageNameProblem(name: string): string | undefined {
  if (name.length > MAX_IMAGE_NAME) return `is longer than ${MAX_IMAGE_NAME} characters`
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(name)) return 'contains a backslash or a control character'
  if (name.startsWith('/')) return 'is an absolute path'
  const segments = name.split('/')
  if (segments.includes('')) return 'has an empty path segment (// or a trailing /)'
  if (segments.some((s) => s === '.' || s === '..')) return 'has a . or .. path segment'
  return undefined
}
