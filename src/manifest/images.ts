// Reads image entries (`- name: … dmap: {digest: [tags]}`) into ImageEntry values, keeping the
// position of every digest and tag. Types and keys only; rules.ts validates the values.
import { excerpt, quote } from './errors.js'
import type { DigestEntry, ImageEntry } from './model.js'
import type { Field, YamlReader } from './yaml-reader.js'

type Node = Parameters<YamlReader['resolve']>[0]

export const IMAGE_KEYS = ['name', 'dmap'] as const

/** Image entries of `node` (a list); `what` names the list in messages. */
export function readImages(reader: YamlReader, node: Node, what: string): ImageEntry[] {
  const images: ImageEntry[] = []
  for (const item of reader.list(node, what) ?? []) {
    const fields = reader.fields(item, 'image entry', IMAGE_KEYS)
    if (!fields) continue
    const name = reader.string(fields.get('name')?.value, 'image name')
    const dmap = fields.get('dmap')
    const digests = dmap ? readDigests(reader, dmap, name ?? '') : []
    // Entries with a value of the wrong type are already errors; they are left out.
    if (name === undefined || !digests) continue
    const image: ImageEntry = { name, digests, position: reader.position(item) }
    if (dmap) image.dmapPosition = reader.position(dmap.key)
    images.push(image)
  }
  return images
}

/**
 * The dmap's entries. An entry whose tags are not a list of strings is reported (first wrong
 * tag only) and left out; undefined when nothing is left of a non-empty dmap.
 */
function readDigests(reader: YamlReader, dmap: Field, image: string): DigestEntry[] | undefined {
  const pairs = reader.pairs(dmap.value, `dmap of image ${quote(image)}`)
  if (!pairs) return undefined
  const digests: DigestEntry[] = []
  for (const { key, value } of pairs) {
    const digest = String(key.value)
    const shown = excerpt(digest)
    const tagNodes = reader.list(value, `tags of ${shown}`)
    if (!tagNodes) continue
    const tags: string[] = []
    for (const node of tagNodes) {
      const tag = reader.string(node, `tag of ${shown}`)
      if (tag === undefined) break
      tags.push(tag)
    }
    if (tags.length < tagNodes.length) continue
    digests.push({
      digest,
      tags,
      position: reader.position(key),
      tagPositions: tagNodes.map((node) => reader.position(node))
    })
  }
  return digests.length === 0 && pairs.length > 0 ? undefined : digests
}
