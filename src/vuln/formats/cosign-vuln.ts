// cosign's vuln predicate (`cosign attest --type vuln`): scanner.result holds the scanner's own
// report (Trivy JSON, Grype JSON, SARIF, CycloneDX, or a plain list); metadata says when it ran.
import { VulnError } from '../errors.js'
import { date, record, text, type ScanReport } from '../finding.js'
import { isCycloneDx, parseCycloneDx } from './cyclonedx.js'
import { isGenericList, parseGeneric } from './generic.js'
import { isGrypeReport, parseGrype } from './grype.js'
import { isSarif, parseSarif } from './sarif.js'
import { isTrivyReport, parseTrivy } from './trivy.js'

const INNER: Array<[(v: unknown) => boolean, (v: unknown) => ScanReport]> = [
  [isTrivyReport, parseTrivy],
  [isGrypeReport, parseGrype],
  [isSarif, parseSarif],
  [isCycloneDx, parseCycloneDx],
  [isGenericList, parseGeneric]
]

export function parseCosignVuln(predicate: unknown): ScanReport {
  const scanner = record(record(predicate).scanner)
  const result = scanner.result
  const parser = INNER.find(([matches]) => matches(result))?.[1]
  if (!parser) {
    throw new VulnError(
      'VULN_SCAN_MALFORMED',
      'vuln predicate scanner.result is not a Trivy, Grype, SARIF or CycloneDX report, nor a list of findings',
      { hint: 'attach the scanner JSON output as the predicate scanner.result' }
    )
  }
  const inner = parser(result)
  const scannedAt =
    date(record(record(predicate).metadata).scanFinishedOn) ??
    date(record(record(predicate).metadata).scanStartedOn) ??
    inner.scannedAt
  const name = text(scanner.uri) ?? inner.scanner
  return {
    ...inner,
    format: `cosign-vuln/${inner.format}`,
    ...(scannedAt ? { scannedAt } : {}),
    ...(name ? { scanner: name } : {})
  }
}
