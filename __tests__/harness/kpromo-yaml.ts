// kpromo YAML for seeded images: an `images.yaml` (bare list of name + dmap) and a thin
// `promoter-manifest.yaml` (registries only), in the shapes kpromo reads.

export interface ImagesYamlEntry {
  /** Image name relative to the source registry prefix, e.g. `img-000`. */
  name: string
  digest: string
  tags: string[]
}

/** A kpromo images.yaml: images sorted by name, digests sorted within each dmap. */
export function imagesYaml(entries: ImagesYamlEntry[]): string {
  const byName = new Map<string, ImagesYamlEntry[]>()
  for (const entry of entries) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry])
  const lines: string[] = []
  for (const name of [...byName.keys()].sort()) {
    lines.push(`- name: ${name}`, '  dmap:')
    const digests = byName.get(name)!.sort((a, b) => a.digest.localeCompare(b.digest))
    for (const { digest, tags } of digests) {
      lines.push(`    "${digest}": [${tags.map((t) => `"${t}"`).join(', ')}]`)
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}

/**
 * A thin promoter-manifest.yaml: `src` is the source registry (`host/prefix`), `dests` the
 * destination registries.
 */
export function promoterManifestYaml(src: string, dests: string[]): string {
  const lines = ['registries:', `- name: ${src}`, '  src: true']
  for (const dest of dests) lines.push(`- name: ${dest}`)
  return `${lines.join('\n')}\n`
}
