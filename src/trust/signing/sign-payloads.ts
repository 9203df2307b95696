// Produce sigstore bundles with the run's signer: message signatures (cosign legacy `.sig`) and
// DSSE statements (attestations, bundle-format signatures).
import { bundleToJSON } from '@sigstore/bundle'
import { DSSEBundleBuilder, MessageSignatureBundleBuilder } from '@sigstore/sign'
import { CancelledError } from '../../cancel.js'
import { IN_TOTO_PAYLOAD_TYPE } from '../cosign/constants.js'
import { TrustError } from '../errors.js'
import type { Statement } from '../statement.js'
import type { RunSigner } from './run-signer.js'

export type BundleJson = ReturnType<typeof bundleToJSON>

async function wrap<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (cause) {
    if (cause instanceof TrustError || cause instanceof CancelledError) throw cause
    throw new TrustError('SIGNING_FAILED', `${what} failed: ${(cause as Error).message}`, {
      hint: 'check the Fulcio, Rekor and TSA URLs and that they are reachable; a re-run signs what is missing',
      cause
    })
  }
}

export function signMessage(runSigner: RunSigner, payload: Buffer): Promise<BundleJson> {
  return wrap('signing', async () => {
    const builder = new MessageSignatureBundleBuilder({
      signer: runSigner.signer,
      witnesses: runSigner.messageWitnesses
    })
    return bundleToJSON(await builder.create({ data: payload }))
  })
}

export function signStatement(runSigner: RunSigner, statement: Statement): Promise<BundleJson> {
  return wrap('attesting', async () => {
    const builder = new DSSEBundleBuilder({
      signer: runSigner.signer,
      witnesses: runSigner.dsseWitnesses
    })
    return bundleToJSON(
      await builder.create({
        data: Buffer.from(JSON.stringify(statement)),
        type: IN_TOTO_PAYLOAD_TYPE
      })
    )
  })
}
