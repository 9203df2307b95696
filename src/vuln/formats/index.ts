// Which predicate types hold a scan, and the parser for each. A statement of any other type is
// not a scan and is reported as foreign, like provenance does.
import { VulnError } from '../errors.js'
import type { ScanReport } from '../finding.js'
import { parseCosignVuln } from './cosign-vuln.js'
import { parseCycloneDx } from './cyclonedx.js'
import { parseSarif } from './sarif.js'
import { parseTrivy } from './trivy.js'

export const COSIGN_VULN_PREDICATE = 'https://cosign.sigstore.dev/attestation/vuln/v1'

/** Predicate type -> parser of its predicate. */
export const SCAN_PREDICATES: Readonly<Record<string, (predicate: unknown) => ScanReport>> = {
  [COSIGN_VULN_PREDICATE]: parseCosignVuln,
  // SARIF: the OASIS spec and the schemastore schema URI are both used as predicate types.
  'https://docs.oasis-open.org/sarif/sarif/2.1.0': parseSarif,
  'https://json.schemastore.org/sarif-2.1.0.json': parseSarif,
  // CycloneDX (cosign --type cyclonedx) and VEX documents in CycloneDX form.
  'https://cyclonedx.org/bom': parseCycloneDx,
  'https://cyclonedx.org/vex': parseCycloneDx,
  // Trivy JSON attached as-is (trivy's own predicate type for `--format json` attestations).
  'https://trivy.dev/report/v1': parseTrivy,
  'https://aquasecurity.github.io/trivy/report/v1': parseTrivy
}

export const SCAN_PREDICATE_TYPES = Object.keys(SCAN_PREDICATES)

export function parseScan(predicateType: string, predicate: unknown): ScanReport {
  const parse = SCAN_PREDICATES[predicateType]
  if (!parse) {
    throw new VulnError('VULN_SCAN_MALFORMED', `predicate type ${predicateType} is not a scan`, {
      hint: `attach scans as ${COSIGN_VULN_PREDICATE}`
    })
  }
  return parse(predicate)
}
