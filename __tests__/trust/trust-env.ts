// Test environment for the trust phases: a real distribution registry, the sigstore mocks on
// loopback, a RegistryClient-backed store resolver, and a keyless signer for a fixed identity.
import { createStoreResolver, type StoreResolver } from '../../src/oci/open.js'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import type { PromotedImage } from '../../src/trust/phases/types.js'
import { createKeylessSigner } from '../../src/trust/signing/keyless-signer.js'
import type { RunSigner } from '../../src/trust/signing/run-signer.js'
import { createTrustRootProvider, type TrustRootProvider } from '../../src/trust/trust-root.js'
import { buildImage, buildIndex } from '../harness/images.js'
import { pushImage, pushIndex } from '../harness/push.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { startSigstoreMocks, type SigstoreMocks } from '../harness/sigstore-mock.js'

export const SIGNER_ID = 'krel-trust@k8s-releng-prod.iam.gserviceaccount.com'
export const SIGNER_ISSUER = 'https://accounts.google.com'

export interface TrustEnv {
  registry: TestRegistry
  mocks: SigstoreMocks
  client: RegistryClient
  resolveStore: StoreResolver
  trustRoot: () => TrustRootProvider
  keylessSigner: (identity?: string, issuer?: string) => RunSigner
  pushTestImage: (repo: string, seed: string, tags?: string[]) => Promise<string>
  pushTestIndex: (
    repo: string,
    seed: string,
    tags?: string[]
  ) => Promise<{ digest: string; children: string[] }>
  promoted: (repos: string[], digest: string, tags?: string[]) => PromotedImage
  stop: () => Promise<void>
}

export async function startTrustEnv(): Promise<TrustEnv> {
  const [registry, mocks] = await Promise.all([startRegistry(), startSigstoreMocks()])
  const client = new RegistryClient()
  const resolve = createStoreResolver({
    registryStore: (h) => client.store(h),
    layoutStore: new LayoutStore()
  })
  return {
    registry,
    mocks,
    client,
    resolveStore: (name) => resolve(name),
    trustRoot: () => createTrustRootProvider({ trustedRootPath: mocks.trustedRootPath }),
    keylessSigner: (identity = SIGNER_ID, issuer = SIGNER_ISSUER) =>
      createKeylessSigner({
        fulcioURL: mocks.fulcioURL,
        rekorURL: mocks.rekorURL,
        tsaURL: mocks.tsaURL,
        getIdentityToken: async () => mocks.token(identity, issuer)
      }),
    pushTestImage: (repo, seed, tags = []) =>
      pushImage(registry, repo, buildImage({ seed, layers: [64] }), tags),
    pushTestIndex: async (repo, seed, tags = []) => {
      const index = buildIndex([
        buildImage({ seed: `${seed}/amd64`, layers: [64] }),
        buildImage({
          seed: `${seed}/arm64`,
          layers: [64],
          platform: { os: 'linux', architecture: 'arm64' }
        })
      ])
      const digest = await pushIndex(registry, repo, index, tags)
      return { digest, children: index.children.map((c) => c.manifest.digest) }
    },
    promoted: (repos, digest, tags = ['v1']) => ({
      destinations: repos.map((r) => `${registry.host}/${r}`),
      source: `staging.example/${repos[0]}`,
      digest,
      tags,
      positions: [{ file: 'images.yaml', line: 3, column: 5 }]
    }),
    stop: async () => {
      await client.close()
      await Promise.all([registry.stop(), mocks.stop()])
    }
  }
}
