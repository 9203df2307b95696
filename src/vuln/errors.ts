// Typed errors of the vulnerability gate: bad options, a bad ignore file, an unreadable scan.
import { PromoterError, type PromoterErrorContext } from '../errors.js'

export type VulnErrorCode =
  | 'VULN_OPTION_INVALID'
  | 'VULN_IGNORE_FILE_INVALID'
  | 'VULN_SCAN_MALFORMED'
  | 'VULN_FOUND'
  | 'VULN_SCAN_MISSING'

export class VulnError extends PromoterError<VulnErrorCode> {
  constructor(code: VulnErrorCode, message: string, context: PromoterErrorContext = {}) {
    super(code, message, context)
  }
}
