// The Store conformance battery on RegistryStore against the real distribution registry: once
// direct (distribution 2.8 has no referrers API, so the fallback-tag scheme is exercised) and
// once through a proxy that emulates the OCI 1.1 referrers API.
import { RegistryClient } from '../../src/oci/registry/index.js'
import { startFaultProxy } from '../harness/fault-proxy.js'
import { startRegistry } from '../harness/registry.js'
import { describeStoreConformance } from './store-conformance.js'

describeStoreConformance('RegistryStore (distribution 2.8, fallback-tag referrers)', async () => {
  const registry = await startRegistry()
  const client = new RegistryClient()
  return {
    store: client.store(registry.host),
    repo: (name) => `conformance/${name}`,
    teardown: async () => {
      await client.close()
      await registry.stop()
    }
  }
})

describeStoreConformance('RegistryStore (referrers API emulated)', async () => {
  const registry = await startRegistry()
  const proxy = await startFaultProxy({ target: registry.url, referrers: true })
  const client = new RegistryClient()
  return {
    store: client.store(proxy.host),
    repo: (name) => `conformance/${name}`,
    teardown: async () => {
      await client.close()
      await proxy.stop()
      await registry.stop()
    }
  }
})
