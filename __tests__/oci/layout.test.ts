// LayoutStore on the shared Store conformance battery, in a fresh temporary base directory.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { describeStoreConformance } from './store-conformance.js'

describeStoreConformance('LayoutStore', async () => {
  const baseDir = await mkdtemp(join(tmpdir(), 'layout-conformance-'))
  return {
    store: new LayoutStore({ baseDir }),
    repo: (name) => `repos/${name}`,
    teardown: () => rm(baseDir, { recursive: true, force: true })
  }
})
