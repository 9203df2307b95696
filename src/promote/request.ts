// One copy request from start to result: live tag reads, the content copy (shared with other
// requests for the same destination repository and digest), tag writes, referrers.
import { isDigest } from '../oci/digest.js'
import { cancelledBy } from '../cancel.js'
import { errorMessage } from '../errors.js'
import { checkStopped, type ContentState, type CopyContext } from './context.js'
import { completeContent, copyContent, verifyDestination } from './content-copy.js'
import { errorCode, PromoteError } from './errors.js'
import { copyReferrers } from './referrers.js'
import { conflictReason, readTag, writeTag } from './tags.js'
import type { CopyCounters, CopyRequest, CopyResult, ReferrerOutcome, TagOutcome } from './types.js'

export function emptyCounters(): CopyCounters {
  return { bytes: 0, mounts: 0, uploads: 0, blobsSkipped: 0, foreignLayers: 0, manifestsPut: 0 }
}

interface Progressed {
  content?: ContentState
  tags: TagOutcome[]
  referrers?: ReferrerOutcome
}

async function run(
  context: CopyContext,
  counters: CopyCounters,
  request: CopyRequest,
  done: Progressed
): Promise<void> {
  const { source, destination, digest } = request
  if (!isDigest(digest)) {
    throw new PromoteError('COPY_FAILED', `expected a sha256 digest, got "${digest}"`, {
      hint: 'copy requests name the source by digest (sha256:<64 hex>)'
    })
  }
  checkStopped(context)
  const readAt = context.options.now()
  const read = await Promise.all(request.tags.map((tag) => readTag(destination, tag, digest)))
  done.tags = read.filter((o): o is TagOutcome => o !== undefined)
  const pending = request.tags.filter((_, i) => read[i] === undefined)
  if (pending.length > 0 || request.tags.length === 0) {
    const tag = pending.length > 0 ? { tag: pending[0]!, readAt } : undefined
    done.content = await copyContent(context, counters, source, destination, digest, { tag })
    if (done.content === 'copied') await verifyDestination(context, destination, digest)
    else if (pending.length > 0)
      await completeContent(context, counters, source, destination, digest)
    // Read again right before writing only when the copy took long enough to matter.
    const recheck = context.options.now() - readAt >= context.options.tagRecheckAfterMs
    // The content is complete and served: its tags are independent writes, made at once (the
    // one the content's PUT carried is already written and not PUT again).
    const writes = await Promise.allSettled(
      pending.map((tag) => writeTag(context, counters, source, destination, digest, tag, recheck))
    )
    for (const write of writes) if (write.status === 'fulfilled') done.tags.push(write.value)
    const failed = writes.find((write) => write.status === 'rejected')
    if (failed) throw failed.reason
  }
  const present = done.content !== undefined || done.tags.some((t) => t.state === 'exists')
  if (context.options.copyReferrers && present) {
    done.referrers = await copyReferrers(context, counters, source, destination, digest)
  }
}

function finalState(done: Progressed): CopyResult['state'] {
  if (done.tags.some((t) => t.state === 'conflict')) return 'conflict'
  const wrote = done.content === 'copied' || done.tags.some((t) => t.state === 'written')
  return wrote ? 'copied' : 'exists'
}

/** Promote one request; never throws: failures become a 'failed' result with a reason. */
export async function promoteRequest(
  context: CopyContext,
  request: CopyRequest
): Promise<CopyResult> {
  const started = context.options.now()
  const counters = emptyCounters()
  const done: Progressed = { tags: [] }
  const base = { id: request.id, counters }
  try {
    await run(context, counters, request, done)
    const state = finalState(done)
    const reason =
      state === 'conflict'
        ? conflictReason(request.destination, request.digest, done.tags)
        : undefined
    const durationMs = context.options.now() - started
    return { ...base, state, reason, tags: done.tags, referrers: done.referrers, durationMs }
  } catch (thrown) {
    // Whatever fails once the run was stopped failed because of the stop (a closed socket, a
    // destroyed stream): reported as CANCELLED, not as the error it surfaced as.
    const error = context.stop.signal.aborted ? cancelledBy(context.stop.signal) : thrown
    return {
      ...base,
      state: 'failed',
      reason: errorMessage(error),
      code: errorCode(error),
      error,
      tags: done.tags,
      referrers: done.referrers,
      durationMs: context.options.now() - started
    }
  }
}
