// Adds digests and tags to one image of a thin images.yaml with the smallest possible diff: the
// yaml Document API finds the nodes (and their source ranges), and new lines are spliced into the
// original text, so comments, quoting and every untouched line stay byte-identical. Re-serialising
// the document would not do: kpromo writes `["a","b"]`, which yaml's stringifier rewrites.
// New entries go where kpromo's writer (`kpromo pr`) would put them: images by name, digests by
// their smallest tag (then digest), tags sorted; each digest on one line, `"sha256:...": ["t"]`.
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml'
import { PromoterError } from '../errors.js'

export type ImagesEditErrorCode = 'IMAGES_EDIT_UNSUPPORTED'

/** The file has a shape this editor will not rewrite by splicing (edit it by hand). */
export class ImagesEditError extends PromoterError<ImagesEditErrorCode> {}

/** What one edit added: per digest, the tags added (a new digest lists all of its tags). */
export interface ImagesEditResult {
  text: string
  added: Map<string, string[]>
  /** Digests that were not in the image before. */
  newDigests: string[]
}

/** Go's sort.Strings order (byte order; the same as code units for the ASCII of names and tags). */
const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** kpromo's digest order inside a dmap: by the smallest tag, then by digest. */
export function digestSortKey(digest: string, tags: readonly string[]): [string, string] {
  return [[...tags].sort(byBytes)[0] ?? '', digest]
}
const keyBefore = (a: [string, string], b: [string, string]): boolean =>
  byBytes(a[0], b[0]) < 0 || (a[0] === b[0] && byBytes(a[1], b[1]) < 0)

/** One dmap line as kpromo writes it. */
export function dmapLine(indent: string, digest: string, tags: readonly string[]): string {
  const list = [...tags]
    .sort(byBytes)
    .map((t) => JSON.stringify(t))
    .join(',')
  return `${indent}${JSON.stringify(digest)}: [${list}]\n`
}

interface Splice {
  at: number
  end: number
  text: string
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1
const columnOf = (text: string, offset: number): number => offset - lineStart(text, offset)

/**
 * Where to insert before the entry starting at `offset`: the start of its line, moved above the
 * comment lines directly over it (no blank line between), which belong to that entry.
 */
function insertionPoint(text: string, offset: number): number {
  let at = lineStart(text, offset)
  while (at > 0) {
    const previous = lineStart(text, at - 1)
    if (!/^[ \t]*#/.test(text.slice(previous, at - 1))) break
    at = previous
  }
  return at
}

const scalarText = (node: unknown): string | undefined =>
  isScalar(node) ? String(node.value) : undefined

function unsupported(file: string, message: string): ImagesEditError {
  return new ImagesEditError('IMAGES_EDIT_UNSUPPORTED', `${file}: ${message}`, {
    hint: 'add the entries by hand, or rewrite the file in kpromo format (`- name:` / `  dmap:` / one `"digest": [tags]` line per digest)'
  })
}

function flowTags(node: unknown): string[] | undefined {
  if (!isSeq(node) || !node.flow) return undefined
  const tags = node.items.map(scalarText)
  return tags.every((t) => t !== undefined) ? (tags as string[]) : undefined
}

/**
 * Add `wanted` (digest -> tags) to image `image` of the images.yaml `text`. Tags already on a
 * digest are left alone; a tag on another digest is still added (the validator then refuses the
 * move with its overlap message). Returns the new text and what was added (nothing: same text).
 */
export function addToImages(
  input: string,
  file: string,
  image: string,
  wanted: ReadonlyMap<string, readonly string[]>
): ImagesEditResult {
  // The name is written as a plain scalar: only repository-path characters may reach the file.
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(image))
    throw unsupported(file, `image name "${image.slice(0, 80)}" is not a repository path`)
  // A last line without its newline gets one, so new lines can follow it.
  const text = input === '' || input.endsWith('\n') ? input : `${input}\n`
  // failsafe: every scalar is the string written (a name `1.10` stays `1.10`).
  const doc = parseDocument(text, { schema: 'failsafe' })
  if (doc.errors.length > 0) throw unsupported(file, `not valid YAML (${doc.errors[0]!.message})`)
  const root = doc.contents
  if (root !== null && !isSeq(root)) throw unsupported(file, 'the top level is not a list')
  const items = (root?.items ?? []) as unknown[]
  const splices: Splice[] = []
  const added = new Map<string, string[]>()
  const newDigests: string[] = []

  const entry = items.find(
    (item): item is YAMLMap => isMap(item) && scalarText(item.get('name', true)) === image
  )
  if (!entry) {
    const dash = items.length > 0 && isMap(items[0]) ? itemIndent(text, items[0] as Node) : ''
    const lines = [`${dash}- name: ${image}\n`, `${dash}  dmap:\n`]
    for (const [digest, tags] of sortedEntries(wanted)) {
      lines.push(dmapLine(`${dash}    `, digest, tags))
      added.set(digest, [...tags].sort(byBytes))
      newDigests.push(digest)
    }
    const next = items.find(
      (item) => isMap(item) && byBytes(scalarText(item.get('name', true)) ?? '', image) > 0
    ) as Node | undefined
    const at = next ? insertionPoint(text, dashOffset(text, next)) : text.length
    return apply(input, text, [insertAt(at, lines.join(''))], added, newDigests)
  }

  const dmapPair = entry.items.find((p) => scalarText(p.key) === 'dmap') as Pair | undefined
  if (!dmapPair) throw unsupported(file, `image ${image} has no dmap`)
  const dmap = isScalar(dmapPair.value) && dmapPair.value.source === '' ? null : dmapPair.value
  const existing = isMap(dmap) ? (dmap.items as Pair[]) : []
  if (dmap !== null && !isMap(dmap))
    throw unsupported(file, `the dmap of ${image} is not a mapping`)
  if (isMap(dmap) && dmap.flow && existing.length > 0)
    throw unsupported(file, `the dmap of ${image} is a flow mapping`)

  const byDigest = new Map<string, Pair>()
  for (const pair of existing) byDigest.set(scalarText(pair.key) ?? '', pair)
  const fresh: [string, readonly string[]][] = []
  for (const [digest, tags] of wanted) {
    const pair = byDigest.get(digest)
    if (!pair) {
      fresh.push([digest, tags])
      continue
    }
    const had = flowTags(pair.value)
    if (!had) throw unsupported(file, `the tags of ${digest} in ${image} are not a [list]`)
    const more = tags.filter((t) => !had.includes(t))
    if (more.length === 0) continue
    const node = pair.value as Node
    const [start, end] = node.range!
    const separator = /",\s+"/.test(text.slice(start, end)) ? ', ' : ','
    const merged = [...new Set([...had, ...more])].sort(byBytes)
    splices.push({
      at: start,
      end,
      text: `[${merged.map((t) => JSON.stringify(t)).join(separator)}]`
    })
    added.set(digest, more.sort(byBytes))
  }

  if (fresh.length > 0) {
    const first = existing[0]?.key as Node | undefined
    const indent = first
      ? ' '.repeat(columnOf(text, first.range![0]))
      : ' '.repeat(columnOf(text, dashOffset(text, entry)) + 4)
    const keyed = existing.map((pair) => ({
      pair,
      key: digestSortKey(scalarText(pair.key) ?? '', flowTags(pair.value) ?? [])
    }))
    for (const [digest, tags] of sortedEntries(new Map(fresh))) {
      const key = digestSortKey(digest, tags)
      const before = keyed.find((k) => keyBefore(key, k.key))
      const line = dmapLine(indent, digest, tags)
      if (before)
        splices.push(insertAt(insertionPoint(text, (before.pair.key as Node).range![0]), line))
      else splices.push(insertAt(afterDmap(text, dmapPair, existing, file, image), line))
      added.set(digest, [...tags].sort(byBytes))
      newDigests.push(digest)
    }
  }
  return apply(input, text, splices, added, newDigests)
}

function sortedEntries(
  wanted: ReadonlyMap<string, readonly string[]>
): [string, readonly string[]][] {
  return [...wanted].sort(([da, ta], [db, tb]) =>
    keyBefore(digestSortKey(da, ta), digestSortKey(db, tb)) ? -1 : 1
  )
}

const insertAt = (at: number, text: string): Splice => ({ at, end: at, text })

/** Offset of the `-` of a sequence item (its map starts after `- `). */
function dashOffset(text: string, item: Node): number {
  const start = item.range![0]
  const dash = text.lastIndexOf('-', start)
  return dash >= lineStart(text, start) ? dash : start
}

function itemIndent(text: string, item: Node): string {
  return ' '.repeat(columnOf(text, dashOffset(text, item)))
}

/** Offset just after the last line of the dmap (or after `dmap:` when it is empty). */
function afterDmap(
  text: string,
  dmapPair: Pair,
  existing: Pair[],
  file: string,
  image: string
): number {
  const last = existing.at(-1)
  if (last) {
    const end = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1]
    const newline = text.indexOf('\n', end)
    return newline === -1 ? text.length : newline + 1
  }
  const value = dmapPair.value as Node | null
  const keyEnd = (dmapPair.key as Node).range![1]
  if (value && isMap(value) && value.flow) {
    // `dmap: {}`: the empty flow mapping is replaced by the block lines that follow.
    throw unsupported(file, `the dmap of ${image} is written as {}; write "dmap:" alone`)
  }
  const newline = text.indexOf('\n', keyEnd)
  return newline === -1 ? text.length : newline + 1
}

function apply(
  original: string,
  text: string,
  splices: Splice[],
  added: Map<string, string[]>,
  newDigests: string[]
): ImagesEditResult {
  let out = text
  // From the end, so earlier offsets stay valid; equal offsets keep their (sorted) order.
  const ordered = splices.map((s, i) => ({ s, i })).sort((a, b) => b.s.at - a.s.at || b.i - a.i)
  for (const { s } of ordered) out = out.slice(0, s.at) + s.text + out.slice(s.end)
  return { text: splices.length === 0 ? original : out, added, newDigests }
}
