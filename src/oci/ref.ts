// Repository and image reference names. Imports nothing from the rest of src/ but errors.
//
// A repository is either a registry repository (`host[:port]/path`) or an OCI image-layout
// directory written with the `oci:` scheme (`oci:./out/prod/foo`, `oci:/abs/dir`). kpromo
// registry names are joined with image names by `joinRepository` before parsing, never re-split.
import { PromoterError } from '../errors.js'
import { isDigest } from './digest.js'

export const LAYOUT_SCHEME = 'oci:'
export const DOCKER_HUB = 'docker.io'

export type RepositoryName =
  { kind: 'registry'; host: string; path: string } | { kind: 'layout'; dir: string }

export interface ImageReference {
  repository: RepositoryName
  tag?: string
  digest?: string
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG_PATTERN = /^\w[\w.-]{0,127}$/
const HOST_PATTERN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/

export class ReferenceError extends PromoterError<'INVALID_REFERENCE'> {
  constructor(value: string, what: string) {
    super('INVALID_REFERENCE', `invalid reference "${value}": ${what}`, {
      hint: 'write registry names as host[:port]/path (lower case) or oci:<directory>'
    })
  }
}

export function isTag(value: string): boolean {
  return TAG_PATTERN.test(value)
}

/** Join a kpromo registry name and image name into one repository name, as kpromo does. */
export function joinRepository(registry: string, image: string): string {
  const base = registry.replace(/\/+$/, '')
  return image === '' ? base : `${base}/${image}`
}

function looksLikeHost(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component.startsWith('[')
  )
}

/** Parse `host/path` or `oci:dir` into a RepositoryName. Docker Hub short names are expanded. */
export function parseRepository(name: string): RepositoryName {
  if (name.startsWith(LAYOUT_SCHEME)) {
    const dir = name.slice(LAYOUT_SCHEME.length)
    if (dir === '') throw new ReferenceError(name, 'oci: needs a directory')
    return { kind: 'layout', dir }
  }
  if (name === '') throw new ReferenceError(name, 'empty name')
  const parts = name.split('/')
  let host = DOCKER_HUB
  if (parts.length > 1 && looksLikeHost(parts[0]!)) host = parts.shift()!
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') host = DOCKER_HUB
  if (!HOST_PATTERN.test(host))
    throw new ReferenceError(name, `"${host}" is not a valid registry host`)
  if (host === DOCKER_HUB && parts.length === 1) parts.unshift('library')
  for (const part of parts) {
    if (!PATH_COMPONENT.test(part)) {
      throw new ReferenceError(
        name,
        `path component "${part}" must be lower case letters, digits and separators`
      )
    }
  }
  return { kind: 'registry', host, path: parts.join('/') }
}

/** The canonical text of a repository name (inverse of parseRepository). */
export function formatRepository(repo: RepositoryName): string {
  return repo.kind === 'layout' ? `${LAYOUT_SCHEME}${repo.dir}` : `${repo.host}/${repo.path}`
}

/** Parse `repo[:tag][@digest]`; the `:` of a port or of `oci:` is not a tag separator. */
export function parseImageReference(value: string): ImageReference {
  let rest = value
  let digest: string | undefined
  const at = rest.lastIndexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!isDigest(digest)) throw new ReferenceError(value, `"${digest}" is not a sha256 digest`)
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  const slash = rest.lastIndexOf('/')
  const schemeEnd = rest.startsWith(LAYOUT_SCHEME) ? LAYOUT_SCHEME.length - 1 : -1
  if (colon > slash && colon !== schemeEnd) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!isTag(tag)) throw new ReferenceError(value, `"${tag}" is not a valid tag`)
  }
  return { repository: parseRepository(rest), tag, digest }
}

export function formatImageReference(ref: ImageReference): string {
  const base = formatRepository(ref.repository)
  return `${base}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`
}
