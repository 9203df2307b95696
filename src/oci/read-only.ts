// A Store wrapper whose write methods throw before doing anything: what pull-request runs get
// for layout directories (the registry client has the same guarantee built in).
import { PromoterError } from '../errors.js'
import type { Store } from './store.js'

export class ReadOnlyStoreError extends PromoterError<'READ_ONLY'> {
  constructor(method: string) {
    super('READ_ONLY', `${method} refused: this run is read-only (pull-request check or dry run)`, {
      hint: 'writes happen only on confirmed runs (push, schedule, or confirm: true)'
    })
  }
}

const refuse = (method: string) => async (): Promise<never> => {
  throw new ReadOnlyStoreError(method)
}

export function readOnlyStore(store: Store): Store {
  return {
    kind: store.kind,
    host: store.host,
    manifestHead: (repo, reference) => store.manifestHead(repo, reference),
    manifestGet: (repo, reference) => store.manifestGet(repo, reference),
    blobHas: (repo, digest) => store.blobHas(repo, digest),
    blobGet: (repo, digest) => store.blobGet(repo, digest),
    tagList: (repo) => store.tagList(repo),
    referrersList: (repo, digest, artifactType) => store.referrersList(repo, digest, artifactType),
    catalog: store.catalog ? (prefix) => store.catalog!(prefix) : undefined,
    withSignal: store.withSignal ? (signal) => readOnlyStore(store.withSignal!(signal)) : undefined,
    manifestPut: refuse('manifestPut'),
    blobPut: refuse('blobPut'),
    blobMount: refuse('blobMount'),
    referrerPut: refuse('referrerPut')
  }
}
