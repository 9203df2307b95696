// Which repository signs and attests a promoted digest, and under which identity: once per
// (identity, digest), on the signing registry (default: the first destination), with the optional
// reference rewrite (e.g. `…/k8s-artifacts-prod/images` -> `registry.k8s.io`, kpromo's rule).
import type { PromotedImage } from './types.js'

export interface IdentityRewrite {
  /** Text to find in the repository name; it and everything before it are replaced. */
  from: string
  to: string
}

export interface TargetOptions {
  /** Prefix of the destination that holds signatures (a registry name). Default: the first destination. */
  signingRegistry?: string
  identityRewrites?: readonly IdentityRewrite[]
}

export interface SigningTarget {
  /** The name signed for (payload docker-reference, attestation subject). */
  identity: string
  /** Where signatures and attestations are stored. */
  repository: string
  /** The other destinations (for replication). */
  replicas: string[]
  digest: string
  images: PromotedImage[]
}

export function rewriteIdentity(
  repository: string,
  rewrites: readonly IdentityRewrite[] = []
): string {
  for (const rule of rewrites) {
    const at = repository.indexOf(rule.from)
    if (at >= 0) return `${rule.to.replace(/\/+$/, '')}${repository.slice(at + rule.from.length)}`
  }
  return repository
}

function signingRepository(destinations: readonly string[], prefix?: string): string | undefined {
  const chosen = prefix
    ? destinations.find((d) => d === prefix || d.startsWith(`${prefix.replace(/\/+$/, '')}/`))
    : undefined
  return chosen ?? destinations[0]
}

/** Group promoted images into unique (identity, digest) targets. */
export function signingTargets(
  images: readonly PromotedImage[],
  options: TargetOptions = {}
): SigningTarget[] {
  const targets = new Map<string, SigningTarget>()
  for (const image of images) {
    const repository = signingRepository(image.destinations, options.signingRegistry)
    if (!repository) continue
    const identity = rewriteIdentity(repository, options.identityRewrites)
    const key = `${identity}@${image.digest}`
    const seen = targets.get(key)
    const replicas = image.destinations.filter((d) => d !== repository)
    if (seen) {
      seen.images.push(image)
      for (const r of replicas)
        if (!seen.replicas.includes(r) && r !== seen.repository) seen.replicas.push(r)
    } else {
      targets.set(key, { identity, repository, replicas, digest: image.digest, images: [image] })
    }
  }
  return [...targets.values()]
}
