// What the trust phases (provenance, validate, vulnerabilities, sign, attest) share: blocking a
// source digest, the store resolver, and sign/attest progress.
import type { StoreResolver } from '../../oci/open.js'
import type { PhaseProgress } from '../../trust/phases/types.js'
import { sourceKey, type RunContext } from '../context.js'

/** A refused source digest: its edges are not promoted, everything else still is. */
export function blockSource(
  ctx: RunContext,
  repository: string,
  digest: string,
  why: string
): void {
  ctx.blocked.set(sourceKey(repository, digest), why)
}

export const storeResolver =
  (ctx: RunContext): StoreResolver =>
  (name) =>
    ctx.stores.resolve(name)

/** Sign/attest progress through the renderer promote reports to (terminal bar or log lines). */
export function trustProgress(ctx: RunContext, task: 'sign' | 'attest'): PhaseProgress | undefined {
  const report = ctx.options.onProgress
  if (!report) return undefined
  const started = performance.now()
  return (done, total, failed) =>
    report({
      task,
      edgesTotal: total,
      edgesDone: done,
      edgesFailed: failed,
      bytesDone: 0,
      bytesPlanned: 0,
      mounts: 0,
      elapsedMs: performance.now() - started
    })
}
