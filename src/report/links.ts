// Links from the summary to manifest lines on GitHub. The adapter that knows the repository (the
// Action: GITHUB_SERVER_URL, GITHUB_REPOSITORY, the checked-out commit) supplies them; the domain
// only builds `<server>/<repo>/blob/<sha>/<root>/<file>#L<line>`.
import type { SourcePosition } from '../errors.js'
import { escapeMarkdown } from './escape.js'

export interface ReportLinks {
  /** e.g. https://github.com */
  serverUrl: string
  /** owner/name */
  repository: string
  /** The commit whose manifest lines the positions refer to. */
  sha: string
  /** The manifest root relative to the repository root ('' when it is the root). */
  root: string
  /** The workflow run page, where the full summary and any uploaded reports are. */
  runUrl?: string
}

/** encodeURIComponent, plus the characters it keeps that end or start markdown syntax. */
const encodePart = (part: string): string =>
  encodeURIComponent(part).replace(
    /[!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )

const SAFE_SHA = /^[0-9a-f]{7,64}$/i
const SAFE_REPOSITORY = /^[\w.-]+\/[\w.-]+$/

/** The manifest line's URL, or undefined without usable links. */
export function lineUrl(
  links: ReportLinks | undefined,
  position: SourcePosition
): string | undefined {
  if (!links || !SAFE_SHA.test(links.sha) || !SAFE_REPOSITORY.test(links.repository)) return
  if (!/^https?:\/\/[^\s()<>]+$/.test(links.serverUrl)) return
  const path = [...links.root.split('/'), ...position.file.split('/')]
    .filter((part) => part !== '' && part !== '.')
    .map(encodePart)
    .join('/')
  return `${links.serverUrl.replace(/\/+$/, '')}/${links.repository}/blob/${links.sha}/${path}#L${position.line}`
}

/** `text` (already markdown) linked to the manifest line when links are known. */
export function linkTo(
  links: ReportLinks | undefined,
  position: SourcePosition,
  text: string
): string {
  const url = lineUrl(links, position)
  return url ? `[${text}](${url})` : text
}

/** `file:line` as escaped text, linked to the line when links are known. */
export function positionLink(links: ReportLinks | undefined, position: SourcePosition): string {
  return linkTo(links, position, escapeMarkdown(`${position.file}:${position.line}`))
}
