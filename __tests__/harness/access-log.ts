// The request counter: reads a registry's access log (distribution's combined-format stdout,
// plus the harness token server's lines), from an offset taken with `mark()`.
import { readFile, stat } from 'node:fs/promises'
import { parseAccessLine, type AccessLogEntry } from './access-log-format.js'

export type { AccessLogEntry } from './access-log-format.js'

export type RequestKind =
  | 'base'
  | 'catalog'
  | 'tags'
  | 'manifest'
  | 'referrers'
  | 'mount'
  | 'upload'
  | 'blob'
  | 'token'
  | 'other'

export interface AccessLogSummary {
  total: number
  /** Response body bytes, summed. */
  bytes: number
  byMethod: Record<string, number>
  byKind: Partial<Record<RequestKind, number>>
  byStatus: Record<string, number>
  /** Counts keyed `"METHOD kind status"`, e.g. `"PUT manifest 201"`. */
  by: Record<string, number>
}

/** Requests the harness itself makes to flush the log; never counted. */
export const BARRIER_MARK = 'harness-barrier='

export function requestKind(entry: AccessLogEntry): RequestKind {
  const [path, query = ''] = entry.path.split('?', 2)
  if (path === '/token') return 'token'
  if (path === '/v2/' || path === '/v2') return 'base'
  if (path.startsWith('/v2/_catalog')) return 'catalog'
  if (path.endsWith('/tags/list')) return 'tags'
  if (/\/manifests\/[^/]+$/.test(path)) return 'manifest'
  if (/\/referrers\/[^/]+$/.test(path)) return 'referrers'
  if (/\/blobs\/uploads\/?$/.test(path) && /(^|&)mount=/.test(query)) return 'mount'
  if (path.includes('/blobs/uploads/')) return 'upload'
  if (/\/blobs\/sha256:[0-9a-f]+$/.test(path)) return 'blob'
  return 'other'
}

export function summarize(entries: AccessLogEntry[]): AccessLogSummary {
  const summary: AccessLogSummary = {
    total: 0,
    bytes: 0,
    byMethod: {},
    byKind: {},
    byStatus: {},
    by: {}
  }
  const bump = (record: Record<string, number>, key: string) => {
    record[key] = (record[key] ?? 0) + 1
  }
  for (const entry of entries) {
    const kind = requestKind(entry)
    summary.total++
    summary.bytes += entry.bytes ?? 0
    bump(summary.byMethod, entry.method)
    bump(summary.byKind, kind)
    bump(summary.byStatus, String(entry.status))
    bump(summary.by, `${entry.method} ${kind} ${entry.status}`)
  }
  return summary
}

export class AccessLog {
  /**
   * @param file the access log file
   * @param flush makes sure every answered request is in the file (a barrier request); omitted
   *   once the registry has stopped
   */
  constructor(
    readonly file: string,
    private readonly flush: () => Promise<void> = async () => {}
  ) {}

  /** The current end of the log: pass it to `entries`/`summary` to see only later requests. */
  async mark(): Promise<number> {
    await this.flush()
    return (await stat(this.file)).size
  }

  /** Access entries after offset `since` (default: from the start), barrier requests left out. */
  async entries(since = 0): Promise<AccessLogEntry[]> {
    await this.flush()
    const text = (await readFile(this.file)).subarray(since).toString('utf8')
    const entries: AccessLogEntry[] = []
    for (const line of text.split('\n')) {
      const entry = parseAccessLine(line)
      if (entry && !entry.path.includes(BARRIER_MARK)) entries.push(entry)
    }
    return entries
  }

  async summary(since = 0): Promise<AccessLogSummary> {
    return summarize(await this.entries(since))
  }
}
