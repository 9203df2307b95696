// What the trust phases (provenance, validate, vulnerabilities, sign, attest) left in a run.
import type { AttestVerdict } from '../trust/phases/attest.js'
import type { ProvenanceVerdict } from '../trust/phases/provenance.js'
import type { SigcheckFinding } from '../trust/phases/sigcheck.js'
import type { SignVerdict } from '../trust/phases/sign.js'
import type { SignatureVerdict } from '../trust/phases/validate.js'
import type { VulnVerdict } from '../vuln/index.js'

export interface TrustResults {
  provenance?: ProvenanceVerdict[]
  signatures?: SignatureVerdict[]
  vulnerabilities?: VulnVerdict[]
  signed?: SignVerdict[]
  attested?: AttestVerdict[]
  /** sigcheck: what was found, and after a repair what is still lacking. */
  sigcheck?: {
    found: SigcheckFinding[]
    remaining?: SigcheckFinding[]
    /** The audit's registry requests (before any repair), and how many were tag listings. */
    requests?: { total: number; tagLists: number }
  }
}
