// Numbers shared by the progress renderers: sizes, durations, rate and ETA.
import type { PromoteProgress } from './types.js'

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB']

/** Decimal units, as registries and skopeo report sizes: 1 MB = 1,000,000 bytes. */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`
}

/** Streamed bytes per second over the whole run so far. */
export function bytesPerSecond(progress: PromoteProgress): number {
  return progress.elapsedMs > 0 ? (progress.bytesDone * 1000) / progress.elapsedMs : 0
}

/**
 * Remaining time from the edge completion rate so far (edges are the unit of work known up
 * front; blob sizes only become known as manifests are read). Undefined before the first edge.
 */
export function etaMs(progress: PromoteProgress): number | undefined {
  if (progress.edgesDone === 0) return undefined
  const remaining = progress.edgesTotal - progress.edgesDone
  return (progress.elapsedMs / progress.edgesDone) * remaining
}

/** The line's label: which phase is reporting. */
export function progressLabel(progress: PromoteProgress): string {
  return progress.task === 'sign'
    ? 'Signing'
    : progress.task === 'attest'
      ? 'Attesting'
      : 'Promoting'
}

/**
 * "12/40 edges, 1 failed, 120.5 MB at 45.2 MB/s, 3 mounts, ETA 20s"; sign and attest count
 * digests and stream no bytes: "3/10 digests, ETA 4s".
 */
export function describeProgress(progress: PromoteProgress): string {
  const parts = [
    `${progress.edgesDone}/${progress.edgesTotal} ${progress.task ? 'digests' : 'edges'}`
  ]
  if (progress.edgesFailed > 0) parts.push(`${progress.edgesFailed} failed`)
  if (!progress.task)
    parts.push(
      `${formatBytes(progress.bytesDone)} at ${formatBytes(Math.round(bytesPerSecond(progress)))}/s`
    )
  if (progress.mounts > 0) parts.push(`${progress.mounts} mounts`)
  const eta = etaMs(progress)
  if (progress.edgesDone < progress.edgesTotal && eta !== undefined) {
    parts.push(`ETA ${formatDuration(eta)}`)
  }
  return parts.join(', ')
}
