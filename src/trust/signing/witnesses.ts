// Witnesses (transparency log, timestamp authority) for the run's signatures.
import { RekorWitness, TSAWitness, type Witness } from '@sigstore/sign'

export interface WitnessOptions {
  /** Rekor v1 base URL; unset = no transparency log (keyed, air-gapped). */
  rekorURL?: string
  /** RFC 3161 timestamp authority base URL; unset = no TSA timestamp. */
  tsaURL?: string
  /** Per-request timeout in milliseconds. Default 10000. */
  timeoutMs?: number
}

export const DEFAULT_SIGSTORE_TIMEOUT_MS = 10_000

export function createWitnesses(options: WitnessOptions, entryType: 'dsse' | undefined): Witness[] {
  const timeout = options.timeoutMs ?? DEFAULT_SIGSTORE_TIMEOUT_MS
  const retry = { retries: 2 }
  const witnesses: Witness[] = []
  if (options.rekorURL) {
    witnesses.push(
      new RekorWitness({
        rekorBaseURL: options.rekorURL,
        entryType,
        fetchOnConflict: true,
        timeout,
        retry
      })
    )
  }
  if (options.tsaURL) witnesses.push(new TSAWitness({ tsaBaseURL: options.tsaURL, timeout, retry }))
  return witnesses
}
