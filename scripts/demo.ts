// `npm run demo`: a complete promotion on the embedded default, with no network and no registry.
// Builds a staging OCI image-layout (a two-platform index and a plain image), writes a kpromo
// thin-manifest tree promoting them to two production layouts, and runs the real CLI:
// plan, promote, sign (ephemeral key), attest, then verifies what was promoted.
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildImage,
  buildIndex,
  type BuiltImage,
  type BuiltIndex
} from '../__tests__/harness/images.js'
import { main } from '../src/cli/main.js'
import type { CliIo } from '../src/cli/io.js'
import { LayoutStore } from '../src/oci/layout/index.js'

async function pushToLayout(
  store: LayoutStore,
  dir: string,
  item: BuiltImage | BuiltIndex
): Promise<void> {
  const images = item.kind === 'index' ? item.children : [item]
  for (const image of images) {
    for (const blob of [image.config, ...image.layers])
      await store.blobPut(dir, blob.digest, blob.size, blob.bytes)
    await store.manifestPut(dir, image.manifest.digest, image.manifest)
  }
  if (item.kind === 'index') await store.manifestPut(dir, item.manifest.digest, item.manifest)
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
}

async function demo(): Promise<number> {
  const root = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'image-promoter-demo-'))
  const started = Date.now()
  console.log(`demo directory: ${root}\n`)

  // 1. Staging: what a build pipeline would have pushed.
  const store = new LayoutStore({ baseDir: root })
  const platforms = [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' }
  ]
  const app = buildIndex(
    platforms.map((platform, i) =>
      buildImage({ seed: `demo/app/${i}`, platform, layers: [4096, 2048] })
    )
  )
  const tool = buildImage({ seed: 'demo/tool', family: 'docker', layers: [8192] })
  await pushToLayout(store, 'staging/app', app)
  await pushToLayout(store, 'staging/tool', tool)

  // 2. The reviewed manifests (kpromo thin-manifest layout).
  const manifests = join(root, 'manifests-repo')
  write(
    join(manifests, 'manifests/demo/promoter-manifest.yaml'),
    [
      'registries:',
      '- name: oci:../staging',
      '  src: true',
      '- name: oci:../prod-eu',
      '- name: oci:../prod-us',
      ''
    ].join('\n')
  )
  write(
    join(manifests, 'images/demo/images.yaml'),
    [
      '- name: app',
      '  dmap:',
      `    "${app.manifest.digest}": ["1.0.0", "1.0"]`,
      '- name: tool',
      '  dmap:',
      `    "${tool.manifest.digest}": []`,
      ''
    ].join('\n')
  )

  // 3. An ephemeral signing key (keyless signing needs a workflow's OIDC identity).
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  write(
    join(root, 'signing-key.pem'),
    privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  )
  write(join(root, 'signing-key.pub'), publicKey.export({ format: 'pem', type: 'spki' }).toString())

  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: root,
    env: {},
    isTTY: false
  }
  const common = ['--thin-manifest-dir', manifests]
  console.log('$ image-promoter validate')
  if ((await main(['validate', ...common], io)) !== 0) return 1
  console.log('\n$ image-promoter run --confirm --signing-key signing-key.pem')
  const code = await main(
    [
      'run',
      ...common,
      '--confirm',
      '--signing-key',
      'signing-key.pem',
      '--provenance',
      'off',
      '--report',
      'run-report.json'
    ],
    io
  )
  if (code !== 0) return code
  console.log('\n$ image-promoter run --confirm (again: nothing left to do)')
  if (
    (await main(
      ['run', ...common, '--confirm', '--signing-key', 'signing-key.pem', '--provenance', 'off'],
      io
    )) !== 0
  )
    return 1
  for (const image of [
    `oci:prod-eu/app@${app.manifest.digest}`,
    `oci:prod-eu/tool@${tool.manifest.digest}`
  ]) {
    console.log(`\n$ image-promoter verify ${image} --key signing-key.pub`)
    const verified = await main(['verify', image, '--key', 'signing-key.pub'], io)
    if (verified !== 0) return verified
  }
  console.log(
    `\ndemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; run report: ${join(root, 'run-report.json')}`
  )
  return 0
}

process.exitCode = await demo()
