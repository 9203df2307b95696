// Snapshot output in kpromo's formats (§5.3): yaml (a thin images.yaml) or csv. Images, digests
// and tags sorted in byte order; the output ends with an extra blank line, as kpromo's does.
import { PromoterError } from '../../errors.js'
import type { SnapshotInventory } from './inventory.js'

export type SnapshotFormat = 'yaml' | 'csv'

export class SnapshotError extends PromoterError<
  'INVALID_SNAPSHOT_FORMAT' | 'NO_CATALOG' | 'SNAPSHOT_READ_FAILED'
> {}

/** kpromo's `--output`: case-insensitive yaml or csv. */
export function parseSnapshotFormat(value: string): SnapshotFormat {
  const v = value.toLowerCase()
  if (v === 'yaml' || v === 'csv') return v
  throw new SnapshotError('INVALID_SNAPSHOT_FORMAT', `invalid snapshot output format: ${value}`, {
    hint: 'use --output yaml or --output csv'
  })
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function sorted(inventory: SnapshotInventory): [string, [string, string[]][]][] {
  return [...inventory.keys()].sort(byteOrder).map((image) => {
    const digests = inventory.get(image)!
    return [
      image,
      [...digests.keys()].sort(byteOrder).map((d) => [d, [...digests.get(d)!].sort(byteOrder)])
    ]
  })
}

function renderYaml(inventory: SnapshotInventory): string {
  return sorted(inventory)
    .map(([image, digests]) => {
      const lines = digests.map(
        ([d, tags]) => `    "${d}": [${tags.map((t) => `"${t}"`).join(', ')}]`
      )
      return `- name: ${image}\n  dmap:\n${lines.join('\n')}\n`
    })
    .join('')
}

function renderCsv(inventory: SnapshotInventory): string {
  const lines: string[] = []
  for (const [image, digests] of sorted(inventory)) {
    for (const [d, tags] of digests) {
      if (tags.length === 0) lines.push(`${image}@${d},-`)
      for (const t of tags) lines.push(`${image}@${d},${image}:${t}`)
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}

/** The snapshot text, with kpromo's trailing newline after the whole output. */
export function renderSnapshot(inventory: SnapshotInventory, format: SnapshotFormat): string {
  return `${format === 'yaml' ? renderYaml(inventory) : renderCsv(inventory)}\n`
}
