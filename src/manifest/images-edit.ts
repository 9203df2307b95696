// Adding a digest and its tags to a thin manifest's images.yaml as a text edit (for `pr`): only the
// lines that change are touched, so comments, quoting and order elsewhere stay as they are. In
// kpromo's layout: a new image is a `- name:`/`dmap:` block, a new digest a
// `"sha256:…": ["t1", "t2"]` line in digest order, tags sorted. A tag that another digest of the
// image already carries is refused: promotion never moves a tag.
import { isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml'
import { PromoterError } from '../errors.js'

export class ImagesEditError extends PromoterError<'IMAGES_EDIT_REFUSED'> {
  constructor(message: string, hint: string) {
    super('IMAGES_EDIT_REFUSED', message, { hint })
  }
}

export interface ImagesAddition {
  /** Image name as in the file (`name:`). */
  name: string
  digest: string
  tags: readonly string[]
}

const scalarText = (node: unknown): string | undefined =>
  isScalar(node) ? String(node.value) : undefined

const flowTags = (tags: readonly string[]): string => `[${tags.map((t) => `"${t}"`).join(', ')}]`

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset)
  return end < 0 ? text.length : end + 1
}

function refuse(message: string): never {
  throw new ImagesEditError(message, 'edit the images.yaml by hand, or promote under another tag')
}

/** The file text with `addition` in it (unchanged when it is already there). */
export function addToImagesYaml(text: string, addition: ImagesAddition, file: string): string {
  const doc = parseDocument(text, { keepSourceTokens: false })
  if (doc.errors.length > 0) refuse(`${file}: ${doc.errors[0]!.message}`)
  const list = doc.contents
  if (list !== null && !isSeq(list)) refuse(`${file}: the top level is not a list of images`)
  const images = (list?.items ?? []).filter(isMap) as YAMLMap[]
  const image = images.find((m) => scalarText(m.get('name', true)) === addition.name)
  const tags = [...new Set(addition.tags)].sort()
  if (!image) return addImage(text, images, addition.name, addition.digest, tags)
  const dmap = image.get('dmap', true) as Node | undefined
  if (!isMap(dmap) || dmap.flow || dmap.items.length === 0)
    refuse(`${file}: image "${addition.name}" has no block dmap to add to`)
  for (const pair of dmap.items) {
    const digest = scalarText(pair.key)
    if (digest === addition.digest || !isSeq(pair.value)) continue
    const taken = pair.value.items.map(scalarText).filter((t) => t && tags.includes(t))
    if (taken.length > 0)
      refuse(
        `${file}: tag "${taken[0]}" of image "${addition.name}" is on ${digest}; adding it to ${addition.digest} would move it`
      )
  }
  const same = dmap.items.find((p) => scalarText(p.key) === addition.digest)
  if (same) {
    const value = same.value as Node | undefined
    const current = isSeq(value) ? value.items.map(scalarText).filter((t) => t !== undefined) : []
    const merged = [...new Set([...current, ...tags])].sort()
    if (merged.length === current.length) return text
    if (!value?.range) refuse(`${file}: the tags of ${addition.digest} cannot be located`)
    return text.slice(0, value.range[0]) + flowTags(merged) + text.slice(value.range[1])
  }
  const keys = dmap.items.map((p) => p.key as Node)
  const first = keys[0]!.range![0]
  const indent = text.slice(lineStart(text, first), first)
  const line = `${indent}"${addition.digest}": ${flowTags(tags)}\n`
  const after = keys.find((k) => String(scalarText(k)) > addition.digest)
  const last = dmap.items.at(-1)!
  const lastEnd = ((last.value as Node | null)?.range ?? (last.key as Node).range)![1]
  const at = after ? lineStart(text, after.range![0]) : lineEnd(text, lastEnd - 1)
  return (
    text.slice(0, at) +
    (at === text.length && !text.endsWith('\n') ? '\n' : '') +
    line +
    text.slice(at)
  )
}

/** A new image block: in name order when the file is sorted by name, else at the end. */
function addImage(
  text: string,
  images: YAMLMap[],
  name: string,
  digest: string,
  tags: string[]
): string {
  const block = `- name: ${name}\n  dmap:\n    "${digest}": ${flowTags(tags)}\n`
  const names = images.map((m) => scalarText(m.get('name', true)) ?? '')
  const sorted = names.every((n, i) => i === 0 || names[i - 1]! <= n)
  const next = sorted ? images.find((_, i) => names[i]! > name) : undefined
  if (next?.range) {
    const at = lineStart(text, next.range[0])
    return text.slice(0, at) + block + text.slice(at)
  }
  const body = text.length === 0 || text.endsWith('\n') ? text : `${text}\n`
  return body + block
}
