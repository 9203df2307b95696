// The one read-only mechanism: a Store wrapper whose write methods throw before doing anything.
// A read-only RegistryClient hands out only such stores, and the run's composition root wraps
// the layout store the same way, so a pull-request run holds no store that can write. Every
// Store method must be listed here (the object literal is type-checked against Store), so a new
// write method cannot slip through unrefused.
import { PromoterError } from '../errors.js'
import type { Store } from './store.js'

export class ReadOnlyStoreError extends PromoterError<'READ_ONLY'> {
  constructor(method: string, store: Store, repo: string) {
    const where = `${store.host}${store.kind === 'layout' ? '' : '/'}${repo}`
    super(
      'READ_ONLY',
      `${method} on ${where} refused: this run is read-only (pull-request check or dry run)`,
      {
        registry: store.host,
        image: where,
        hint: 'writes happen only on confirmed runs (push, schedule, or confirm: true)'
      }
    )
  }
}

export function readOnlyStore(store: Store): Store {
  const refuse =
    (method: string) =>
    async (repo: string): Promise<never> => {
      throw new ReadOnlyStoreError(method, store, repo)
    }
  return {
    kind: store.kind,
    host: store.host,
    manifestHead: (repo, reference) => store.manifestHead(repo, reference),
    manifestGet: (repo, reference) => store.manifestGet(repo, reference),
    blobHas: (repo, digest) => store.blobHas(repo, digest),
    blobGet: (repo, digest) => store.blobGet(repo, digest),
    tagList: (repo) => store.tagList(repo),
    referrersList: (repo, digest, artifactType) => store.referrersList(repo, digest, artifactType),
    referrersApi: store.referrersApi ? () => store.referrersApi!() : undefined,
    catalog: store.catalog ? (prefix) => store.catalog!(prefix) : undefined,
    withSignal: store.withSignal ? (signal) => readOnlyStore(store.withSignal!(signal)) : undefined,
    manifestPut: refuse('manifestPut'),
    blobPut: refuse('blobPut'),
    blobMount: refuse('blobMount'),
    referrerPut: refuse('referrerPut')
  }
}
