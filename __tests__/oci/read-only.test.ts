// One read-only mechanism: every store a read-only run can reach (registry and layout alike)
// refuses every write with the same error, naming where, before any request or file operation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256Digest } from '../../src/oci/digest.js'
import { MEDIA_TYPE } from '../../src/oci/media-types.js'
import { ReadOnlyStoreError } from '../../src/oci/read-only.js'
import type { Store } from '../../src/oci/store.js'
import { createRunStores, type RunStores } from '../../src/pipeline/stores.js'
import { scripted, type Script } from './registry/scripted-send.js'

const manifest = { mediaType: MEDIA_TYPE.ociManifest, bytes: Buffer.from('{}') }
const digest = sha256Digest('{}')
const writes = (store: Store, repo: string) => ({
  manifestPut: () => store.manifestPut(repo, 'v1', manifest),
  blobPut: () => store.blobPut(repo, digest, 2, Buffer.from('{}')),
  blobMount: () => store.blobMount(repo, digest, 'elsewhere'),
  referrerPut: () => store.referrerPut(repo, manifest)
})

let dir: string
let script: Script
let stores: RunStores
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-only-'))
  script = scripted([])
  stores = createRunStores({
    registry: { baseSend: script.send },
    readOnly: true,
    layoutBaseDir: dir
  })
})
afterAll(async () => {
  await stores.close()
  await rm(dir, { recursive: true, force: true })
})

describe('a read-only run', () => {
  it.each([
    ['a registry repository', 'reg.example/team/app', 'reg.example/team/app'],
    ['a layout directory', 'oci:out/app', 'out/app']
  ])('refuses every write to %s with READ_ONLY, before any I/O', async (_, name, where) => {
    const { store, repo } = stores.resolve(name)
    for (const [method, write] of Object.entries(writes(store, repo))) {
      const error = await write().then(
        () => undefined,
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(ReadOnlyStoreError)
      expect(error).toMatchObject({ code: 'READ_ONLY' })
      expect((error as Error).message).toContain(`${method} on `)
      expect((error as Error).message).toContain(where)
    }
    expect(script.requests).toHaveLength(0)
    expect(await readdir(dir)).toEqual([])
  })

  it('still reads: a missing layout manifest is simply absent', async () => {
    const { store, repo } = stores.resolve('oci:out/app')
    await expect(store.manifestHead(repo, 'v1')).resolves.toBeUndefined()
  })
})
