// Public surface of the copy engine.
export { promote, sumResults } from './promote.js'
export {
  resolvePromoteOptions,
  DEFAULT_COPY_CONCURRENCY,
  DEFAULT_CHILD_CONCURRENCY,
  DEFAULT_STREAM_CONCURRENCY,
  DEFAULT_PROGRESS_INTERVAL_MS,
  DEFAULT_TAG_RECHECK_AFTER_MS,
  type PromoteOptions,
  type ResolvedPromoteOptions
} from './options.js'
export { PromoteError, type PromoteErrorCode } from './errors.js'
export { COSIGN_TAG_SUFFIXES } from './referrers.js'
export { parseManifestContent, type ManifestContent } from './manifest-content.js'
export {
  createActionsProgressRenderer,
  formatActionsProgressLine,
  DEFAULT_ACTIONS_PROGRESS_INTERVAL_MS
} from './progress-actions.js'
export { createTerminalProgressRenderer, formatProgressBar } from './progress-terminal.js'
export { formatBytes, formatDuration, bytesPerSecond, etaMs } from './progress-format.js'
export type {
  CopyRequest,
  CopyState,
  CopyCounters,
  CopyResult,
  TagState,
  TagOutcome,
  ReferrerOutcome,
  PromoteProgress,
  PromoteTotals,
  PromoteResult
} from './types.js'
