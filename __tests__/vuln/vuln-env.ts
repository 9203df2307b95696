// Test environment for the gate: sigstore mocks on loopback, a layout store in a temp directory,
// keyless signers for chosen identities, and the verification options trusting one of them.
import type { StoreResolver } from '../../src/oci/open.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LayoutStore } from '../../src/oci/layout/index.js'
import type { VerificationOptions } from '../../src/trust/phases/verification.js'
import { createKeylessSigner } from '../../src/trust/signing/keyless-signer.js'
import type { RunSigner } from '../../src/trust/signing/run-signer.js'
import { createTrustRootProvider } from '../../src/trust/trust-root.js'
import { startSigstoreMocks, type SigstoreMocks } from '../harness/sigstore-mock.js'

export const SCANNER_ID =
  'https://github.com/example/app/.github/workflows/scan.yml@refs/heads/main'
export const SCANNER_ISSUER = 'https://token.actions.githubusercontent.com'

export interface VulnEnv {
  mocks: SigstoreMocks
  dir: string
  layout: LayoutStore
  /** `oci:<dir>` repositories go to the layout store. */
  resolve: StoreResolver
  signer: (identity?: string) => RunSigner
  verification: () => VerificationOptions
  stop: () => Promise<void>
}

export async function startVulnEnv(): Promise<VulnEnv> {
  const mocks = await startSigstoreMocks()
  const dir = await mkdtemp(join(tmpdir(), 'vuln-'))
  const layout = new LayoutStore({ baseDir: dir })
  return {
    mocks,
    dir,
    layout,
    resolve: (name) => ({ store: layout, repo: name.replace(/^oci:/, '') }),
    signer: (identity = SCANNER_ID) =>
      createKeylessSigner({
        fulcioURL: mocks.fulcioURL,
        rekorURL: mocks.rekorURL,
        tsaURL: mocks.tsaURL,
        getIdentityToken: async () => mocks.token(identity, SCANNER_ISSUER)
      }),
    verification: () => ({
      policy: { identity: SCANNER_ID, issuer: SCANNER_ISSUER },
      trustRoot: createTrustRootProvider({ trustedRootPath: mocks.trustedRootPath })
    }),
    stop: async () => {
      await mocks.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
