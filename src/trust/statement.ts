// in-toto v1 statements: reading the subject/predicate of a verified DSSE payload, and building
// the promotion record kpromo writes (predicate https://k8s.io/promo-tools/promotion/v1).
import { TrustError } from './errors.js'

export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1'
export const PROMOTION_PREDICATE_TYPE = 'https://k8s.io/promo-tools/promotion/v1'
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1'

export interface StatementSubject {
  name?: string
  digest: Record<string, string>
}

export interface Statement {
  _type: string
  subject: StatementSubject[]
  predicateType: string
  predicate?: Record<string, unknown>
}

export function parseStatement(payload: Uint8Array): Statement {
  try {
    const parsed = JSON.parse(Buffer.from(payload).toString('utf8')) as Partial<Statement>
    if (!Array.isArray(parsed.subject) || typeof parsed.predicateType !== 'string') {
      throw new Error('missing subject or predicateType')
    }
    return parsed as Statement
  } catch (cause) {
    throw new TrustError(
      'MALFORMED_ARTIFACT',
      `attestation payload is not an in-toto statement: ${(cause as Error).message}`,
      {
        cause
      }
    )
  }
}

/** Require that the statement names `digest` (`algo:hex`) among its subjects. */
export function checkSubject(statement: Statement, digest: string): void {
  const [algorithm, hex] = digest.split(':') as [string, string]
  if (statement.subject.some((s) => s.digest?.[algorithm] === hex)) return
  const named = statement.subject
    .map((s) =>
      Object.entries(s.digest ?? {})
        .map(([a, h]) => `${a}:${h}`)
        .join(',')
    )
    .join(' ')
  throw new TrustError(
    'CLAIM_MISMATCH',
    `attestation subject is ${named || 'empty'}, expected ${digest}`,
    {
      hint: 'the attestation was made for another artifact'
    }
  )
}

/** The fields of an in-toto ResourceDescriptor kpromo uses. */
export interface ResourceDescriptor {
  name?: string
  uri?: string
  digest?: Record<string, string>
}

/** The job that ran the promotion (kpromo: Prow's JOB_NAME, JOB_TYPE, BUILD_ID, PROW_JOB_ID). */
export interface PromotionJob {
  name?: string
  type?: string
  buildId?: string
  prowJobId?: string
}

/** The promoter binary. */
export interface PromoterInfo {
  version?: string
  gitCommit?: string
}

/**
 * kpromo v4.6's PromotionRecord (docs/promotion-predicate.md): protobuf JSON, so lower camel case
 * and empty fields omitted. `dstRef` and the subject name carry no digest.
 */
export interface PromotionRecord {
  srcRef?: string
  dstRef: string
  digest: string
  /** RFC 3339 UTC; one value per run. */
  timestamp: string
  builderId: string
  /** Sorted; omitted for a digest promoted without a tag. */
  tags?: string[]
  source?: ResourceDescriptor
  destination: ResourceDescriptor
  /** The manifest (thin: the images.yaml) listing the digest; `digest.gitCommit` its commit. */
  manifest?: ResourceDescriptor
  promoter?: PromoterInfo
  job?: PromotionJob
}

/** The statement kpromo v4.6 writes: subject name = the production reference, without digest. */
export function buildPromotionStatement(subjectName: string, record: PromotionRecord): Statement {
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [{ name: subjectName, digest: { sha256: record.digest.slice('sha256:'.length) } }],
    predicateType: PROMOTION_PREDICATE_TYPE,
    predicate: JSON.parse(JSON.stringify(record)) as Record<string, unknown>
  }
}
