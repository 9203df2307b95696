// The vulnerability gate inside the pipeline: an image whose signed scan has a finding at or
// above the threshold is not promoted (its manifest line carries the error and the summary lists
// it); every other image still is.
import { describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { runPromotion } from '../../src/pipeline/run.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import { createKeyedSigner } from '../../src/trust/signing/keyed-signer.js'
import { DEFAULT_VULN_POLICY } from '../../src/vuln/index.js'
import { attachScan, cosignVulnPredicate, putImage, trivyReport } from '../vuln/scan-helpers.js'

describe('vulnerability gate in a run', () => {
  it('blocks only the image with a high finding', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vuln-run-'))
    const layout = new LayoutStore({ baseDir: root })
    const vulnerable = await putImage(layout, 'staging/vulnerable', 'run/vulnerable')
    const clean = await putImage(layout, 'staging/clean', 'run/clean')
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const signer = createKeyedSigner({
      privateKeyPEM: keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    })
    const now = new Date()
    const at = (repo: string) => ({ store: layout, repo })
    // a cosign `attest --key` style `.att` layer: key-signed DSSE, verified against the trusted key
    await attachScan(at('staging/vulnerable'), vulnerable, {
      format: 'att',
      signer,
      predicate: cosignVulnPredicate(
        trivyReport([{ id: 'CVE-2026-1234', severity: 'HIGH', fixed: '1.2.4' }]),
        now
      )
    })
    await attachScan(at('staging/clean'), clean, {
      format: 'referrer',
      signer,
      predicate: cosignVulnPredicate(
        trivyReport([{ id: 'CVE-2026-0001', severity: 'LOW', fixed: '0.1' }]),
        now
      )
    })
    const dir = join(root, 'manifests')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'promoter.yaml'),
      [
        'registries:',
        '- name: oci:../staging',
        '  src: true',
        '- name: oci:../prod',
        'images:',
        '- name: vulnerable',
        '  dmap:',
        `    "${vulnerable}": ["v1"]`,
        '- name: clean',
        '  dmap:',
        `    "${clean}": ["v1"]`,
        ''
      ].join('\n')
    )
    const { report } = await runPromotion(
      {
        manifest: join(dir, 'promoter.yaml'),
        confirm: true,
        trust: {
          sign: false,
          provenance: { mode: 'off' },
          trustedKeys: [keys.publicKey],
          vuln: { ...DEFAULT_VULN_POLICY, threshold: 4 }
        }
      },
      root
    )
    expect(report.outcome).toBe('failure')
    expect(report.counts).toMatchObject({ planned: 2, promoted: 1, errors: 1 })
    const problem = report.problems.find((p) => p.kind === 'vulnerability')!
    expect(problem.position).toEqual({ file: 'promoter.yaml', line: 8, column: 5 })
    expect(problem.message).toContain('CVE-2026-1234')
    expect(await layout.manifestHead('prod/clean', 'v1')).toBeDefined()
    expect(await layout.manifestHead('prod/vulnerable', 'v1')).toBeUndefined()
    const markdown = renderMarkdown(report)
    expect(markdown).toContain('### Vulnerabilities')
    expect(markdown).toContain('1.2.4')
  })
})
