// kpromo v4.6's rules across manifests: manifests that share a source registry must declare the
// same provenance policy (compared as kpromo's Policy.Equal: order-free lists, off equals off),
// and in a thin-manifest directory a `levels:` pattern that matches no image is a warning.
import type { SourcePosition } from '../errors.js'
import { ManifestError, type Findings } from './errors.js'
import type { ManifestProvenance, ManifestSigner, PromotionManifest } from './model.js'
import { matchesImage } from './provenance-glob.js'

/** kpromo's normalizeRegistry: host lower-cased, trailing slashes dropped. */
export function normalizeRegistry(name: string): string {
  const trimmed = name.replace(/\/+$/, '')
  const slash = trimmed.indexOf('/')
  return slash < 0
    ? trimmed.toLowerCase()
    : trimmed.slice(0, slash).toLowerCase() + trimmed.slice(slash)
}

const enabled = (p?: ManifestProvenance): p is ManifestProvenance =>
  p !== undefined && p.mode !== 'off'

const signerKey = (s: ManifestSigner) =>
  s.spec ?? JSON.stringify([s.identity, s.identityRegexp, s.issuer, s.issuerRegexp])

const sorted = (values: readonly string[] = []) => JSON.stringify([...values].sort())

function levelsByPattern(p: ManifestProvenance): string {
  const by = new Map<string, number>()
  for (const l of p.levels ?? [])
    for (const image of l.images) by.set(image, Math.max(by.get(image) ?? 0, l.level))
  return JSON.stringify([...by].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** kpromo's Policy.Equal. */
export function samePolicy(a?: ManifestProvenance, b?: ManifestProvenance): boolean {
  if (!enabled(a) || !enabled(b)) return enabled(a) === enabled(b)
  const builders = (p: ManifestProvenance) =>
    (p.builderRules ?? []).map(
      (r) => `${r.id} ${r.level} ${sorted((r.signers ?? []).map(signerKey))}`
    )
  return (
    a.mode === b.mode &&
    sorted((a.signers ?? []).map(signerKey)) === sorted((b.signers ?? []).map(signerKey)) &&
    sorted(builders(a)) === sorted(builders(b)) &&
    sorted(a.sources) === sorted(b.sources) &&
    sorted(a.predicateTypes) === sorted(b.predicateTypes) &&
    (a.minLevel ?? 0) === (b.minLevel ?? 0) &&
    levelsByPattern(a) === levelsByPattern(b)
  )
}

const positionOf = (m: PromotionManifest): SourcePosition =>
  m.provenance?.position ?? { file: m.file, line: 1, column: 1 }

/** Reports every manifest whose policy differs from the first one for its source registry. */
export function checkProvenancePolicies(manifests: PromotionManifest[], findings: Findings): void {
  const first = new Map<string, PromotionManifest>()
  for (const m of manifests) {
    const src = normalizeRegistry(m.source.name)
    if (src === '') continue
    const earlier = first.get(src)
    if (!earlier) first.set(src, m)
    else if (!samePolicy(earlier.provenance, m.provenance))
      findings.errors.push(
        new ManifestError(
          'CONFLICTING_PROVENANCE_POLICIES',
          `manifests ${earlier.file} and ${m.file} declare different provenance policies for source registry ${src}`,
          positionOf(m),
          {
            hint: 'write the same provenance block (or none) in every manifest of this source registry'
          }
        )
      )
  }
  if (manifests.some((m) => m.kind === 'thin')) warnUnmatchedLevels(manifests, findings)
}

/** kpromo's warnUnmatchedLevels: patterns matching no image under the policy's source registry. */
function warnUnmatchedLevels(manifests: PromotionManifest[], findings: Findings): void {
  for (const m of manifests) {
    if (!enabled(m.provenance) || !m.provenance.levels?.length) continue
    const src = normalizeRegistry(m.source.name)
    const images = manifests.flatMap((other) => {
      const repoBase = normalizeRegistry(other.source.name)
      return other.images.flatMap((i) => {
        const repo = `${repoBase}/${i.name.replace(/^\/+|\/+$/g, '')}`
        return repo.startsWith(`${src}/`) ? [repo.slice(src.length + 1)] : []
      })
    })
    const unmatched = [...new Set(m.provenance.levels.flatMap((l) => l.images))].filter(
      (pattern) => !images.some((image) => matchesImage(pattern, image))
    )
    if (unmatched.length)
      findings.warnings.push(
        new ManifestError(
          'IMAGE_LEVEL_UNMATCHED',
          `Provenance policy of ${m.file}: the levels patterns ${unmatched.join(', ')} match no image of its source registry`,
          positionOf(m),
          { hint: 'fix the pattern (it is relative to the source registry), or remove it' }
        )
      )
  }
}
