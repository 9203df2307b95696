// The edges of one report row (image, digest) folded into groups of one state: destinations that
// got the same tags in the same state share a group, so a row of 20 destinations x 5 tags that
// all went well is one group, and one conflicting tag is one more.
import type { ReportEdgeGroup } from './run-report.js'

/** The set's tags without '' (tagless), sorted; one tag, the common case, without a sort. */
function sortedTags(tagSet: ReadonlySet<string>): string[] {
  if (tagSet.size === 1) {
    const [only] = tagSet
    return only === '' ? [] : [only!]
  }
  return [...tagSet].filter((t) => t !== '').sort()
}

export class EdgeGroupBuilder {
  /** state -> destination -> tags ('' for a tagless edge). */
  private readonly states = new Map<string, Map<string, Set<string>>>()

  add(state: string, destination: string, tag: string): void {
    let byDestination = this.states.get(state)
    if (!byDestination) this.states.set(state, (byDestination = new Map()))
    let tags = byDestination.get(destination)
    if (!tags) byDestination.set(destination, (tags = new Set()))
    tags.add(tag)
  }

  groups(): ReportEdgeGroup[] {
    const out: ReportEdgeGroup[] = []
    for (const [state, byDestination] of this.states) {
      const byTags = new Map<string, ReportEdgeGroup>()
      for (const [destination, tagSet] of byDestination) {
        const tags = sortedTags(tagSet)
        const key = tags.length === 1 ? tags[0]! : tags.join('\n')
        const group = byTags.get(key)
        if (group) group.destinations.push(destination)
        else byTags.set(key, { state, tags, destinations: [destination] })
      }
      out.push(...byTags.values())
    }
    return out
  }
}
