// The combined log format distribution writes to stdout (one line per request), parsed and,
// for the harness's own token server, written.

export interface AccessLogEntry {
  method: string
  /** Path with query, as requested. */
  path: string
  status: number
  /** Response body bytes, when the log has them. */
  bytes?: number
  userAgent?: string
}

const LINE =
  /^\S+ \S+ \S+ \[[^\]]+\] "(\S+) (\S+) [^"]*" (\d{3}) (\d+|-) "(?:[^"\\]|\\.)*" "((?:[^"\\]|\\.)*)"/

/** Parse one access-log line; undefined for lines that are not access entries. */
export function parseAccessLine(line: string): AccessLogEntry | undefined {
  const match = LINE.exec(line)
  if (!match) return undefined
  const [, method, path, status, bytes, userAgent] = match
  return {
    method,
    path,
    status: Number(status),
    bytes: bytes === '-' ? undefined : Number(bytes),
    userAgent: userAgent === '' ? undefined : userAgent
  }
}

function logTime(date: Date): string {
  const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ')
  const pad = (n: number) => String(n).padStart(2, '0')
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  )
}

export function combinedLogLine(
  method: string,
  path: string,
  status: number,
  bytes: number,
  userAgent: string
): string {
  const ua = userAgent.replace(/["\\]/g, '\\$&')
  return `127.0.0.1 - - [${logTime(new Date())}] "${method} ${path} HTTP/1.1" ${status} ${bytes} "" "${ua}"\n`
}
