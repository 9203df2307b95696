// Thin-manifest directories: kpromo's layout rules and file names, every rule applied to thin
// manifests too, and real registry.k8s.io manifests loaded with their exact counts.
import { describe, expect, it } from '@jest/globals'
import { relative as relativePath } from 'node:path'
import { buildEdges, countManifests, loadManifests } from '../../src/manifest/index.js'
import { at, fixture, loadThin } from './fixtures.js'

describe('thin-manifest layout', () => {
  it('reports a manifest without its images file and still loads the others', async () => {
    const set = await loadThin('thin-missing-images')
    expect(set.errors.map(at)).toEqual([
      'MISSING_IMAGES_FILE manifests/a/promoter-manifest.yaml:1:1'
    ])
    expect(set.errors[0]!.message).toBe('corresponding file "images/a/images.yaml" does not exist')
    expect(set.manifests.map((m) => m.file)).toEqual(['manifests/b/promoter-manifest.yaml'])
  })

  it('rejects nested manifests and a manifest directly in manifests/', async () => {
    const set = await loadThin('thin-nested')
    expect(set.errors.map(at)).toEqual([
      'NESTED_MANIFEST manifests/a/extra/promoter-manifest.yaml:1:1',
      'NESTED_MANIFEST manifests/promoter-manifest.yaml:1:1'
    ])
    expect(set.errors[0]!.message).toBe(
      'unexpected manifest path "manifests/a/extra/promoter-manifest.yaml"'
    )
    expect(set.manifests).toHaveLength(1)
  })

  it('reports a directory with no manifests', async () => {
    const set = await loadThin('thin-empty')
    expect(set.errors.map(at)).toEqual(['NO_MANIFESTS manifests:1:1'])
    expect(set.errors[0]!.message).toBe(`no manifests found in dir: ${fixture('thin-empty')}`)
  })

  it('reports a missing images/ directory and a missing thin-manifest directory', async () => {
    expect((await loadThin('thin-no-images-dir')).errors.map(at)).toEqual(['LAYOUT images:1:1'])
    const missing = await loadThin('no-such-dir')
    expect(missing.errors.map(at)).toEqual(['LAYOUT .:1:1'])
    expect(missing.errors[0]!.message).toBe('the thin-manifest directory does not exist')
  })

  it('does not care about a trailing slash or a ./ prefix on the directory (unlike kpromo)', async () => {
    const plain = await loadThin('thin-overlap')
    const relative = `./${relativePath(process.cwd(), fixture('thin-overlap'))}/`
    for (const dir of [`${fixture('thin-overlap')}/`, `${fixture('thin-overlap')}//`, relative]) {
      const set = await loadManifests({ thinManifestDir: dir })
      expect(set.errors).toEqual([])
      expect(set.root).toBe(plain.root)
      expect(set.manifests).toEqual(plain.manifests)
    }
  })
})

describe('rules on thin manifests', () => {
  it('applies V1-V5 and F1 as errors and V6-V8 as warnings, with positions in each file', async () => {
    const set = await loadThin('thin-rules')
    expect(set.errors.map(at)).toEqual([
      'EMPTY_IMAGE_NAME images/alpha/images.yaml:4:3',
      'DUPLICATE_KEY images/gamma/images.yaml:4:5',
      'MULTIPLE_SOURCES manifests/alpha/promoter-manifest.yaml:5:3',
      'EMPTY_REGISTRY_NAME manifests/alpha/promoter-manifest.yaml:6:3',
      'UNKNOWN_KEY manifests/alpha/promoter-manifest.yaml:8:1',
      'NO_SOURCE manifests/beta/promoter-manifest.yaml:1:1'
    ])
    expect(set.warnings.map(at)).toEqual([
      'INVALID_DIGEST images/alpha/images.yaml:3:5',
      'INVALID_TAG images/alpha/images.yaml:3:26',
      'EMPTY_DMAP images/alpha/images.yaml:8:3',
      'IGNORED_IMAGES_PATH manifests/gamma/promoter-manifest.yaml:5:13',
      'SKIPPED_DIRECTORY manifests/notes:1:1'
    ])
    expect(set.errors[4]!.message).toBe(
      'unknown key "images" in promoter-manifest.yaml; expected one of: registries, imagesPath, provenance'
    )
  })

  it('orders manifests by directory name and records both files of each', async () => {
    const set = await loadThin('thin-rules')
    expect(set.manifests.map((m) => [m.file, m.imagesFile, m.kind])).toEqual([
      ['manifests/alpha/promoter-manifest.yaml', 'images/alpha/images.yaml', 'thin'],
      ['manifests/gamma/promoter-manifest.yaml', 'images/gamma/images.yaml', 'thin']
    ])
    // The second src: true is an error, and the registry is kept as a destination (as kpromo).
    expect(set.manifests[0]!.destinations.map((r) => r.name)).toContain('gcr.io/beta-staging')
  })
})

describe('broken thin manifests', () => {
  it('reports syntax errors of one file and still checks the images file beside it', async () => {
    const set = await loadThin('thin-broken')
    expect(set.errors.map(at)).toEqual([
      'WRONG_TYPE images/a/images.yaml:4:7',
      'WRONG_TYPE images/b/images.yaml:1:1',
      'YAML_SYNTAX manifests/a/promoter-manifest.yaml:4:1',
      'YAML_SYNTAX manifests/a/promoter-manifest.yaml:4:3',
      'YAML_SYNTAX manifests/a/promoter-manifest.yaml:4:3'
    ])
    expect(set.errors[1]!.message).toBe('images.yaml: expected a list, got a mapping')
    expect(set.warnings.map(at)).toEqual(['INVALID_DIGEST images/a/images.yaml:3:5'])
    expect(set.manifests.map((m) => m.file)).toEqual(['manifests/b/promoter-manifest.yaml'])
  })
})

describe('real registry.k8s.io thin manifests', () => {
  it('load with exact counts, no errors, and the two empty dmaps of sig-storage as warnings', async () => {
    const set = await loadThin('k8s-thin')
    expect(set.errors).toEqual([])
    expect(countManifests(set.manifests)).toEqual({ manifests: 6, images: 62, digests: 459 })
    const { edges, errors } = buildEdges(set.manifests)
    expect(errors).toEqual([])
    expect(edges).toHaveLength(10164)
    expect(set.warnings.map(at)).toEqual([
      'EMPTY_DMAP images/k8s-staging-sig-storage/images.yaml:259:3',
      'EMPTY_DMAP images/k8s-staging-sig-storage/images.yaml:261:3'
    ])
  })

  it('accept imagesPath when it names the conventional file, and keep registry names as written', async () => {
    const set = await loadThin('k8s-thin')
    const lws = set.manifests.find((m) => m.file.includes('k8s-staging-lws'))!
    expect(lws.source).toMatchObject({ name: 'gcr.io/k8s-staging-lws', src: true })
    expect(lws.destinations).toHaveLength(22)
    expect(lws.destinations[0]).toMatchObject({
      name: 'asia-east1-docker.pkg.dev/k8s-artifacts-prod/images/lws',
      serviceAccount: 'k8s-infra-gcr-promoter@k8s-artifacts-prod.iam.gserviceaccount.com'
    })
    const e2e = set.manifests.find((m) => m.file.includes('e2e-test-images'))!
    expect(e2e.images.filter((i) => i.name.includes('/')).length).toBeGreaterThan(0)
  })
})
