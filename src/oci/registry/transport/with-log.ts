// One line per exchange: method, redacted URL, status and duration. Headers and bodies are
// never logged, so Authorization values and tokens cannot leak through here.
import { redactText, redactUrl } from '../redact.js'
import type { Send } from './types.js'

export function withLog(inner: Send, log: ((line: string) => void) | undefined): Send {
  if (!log) return inner
  return async (request) => {
    const started = Date.now()
    const what = `${request.method} ${redactUrl(request.url)}`
    try {
      const response = await inner(request)
      log(`${what} -> ${response.status} (${Date.now() - started} ms)`)
      return response
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      log(`${what} -> failed: ${redactText(message)} (${Date.now() - started} ms)`)
      throw error
    }
  }
}
