// `npm run bench -- sigcheck-fleet DIR [--state unsigned|signed] [--projects N] [--latency MS]
// [--rps N]`: the CLI audits signatures (`sigcheck --scope all`) of a whole thin-manifest tree
// against the simulated fleet (bench/lib/fleet-sim.ts) at its real host names over TLS. Every
// digest is served as a plain image manifest (its children are not simulated). `unsigned`: no
// signature anywhere; `signed`: every promoted digest has a cosign `.sig` image by the bench's
// key in its signing repository (the first destination), verified by sigcheck. No attestations
// either way (the run exits 1: unattested). `--projects N` audits the first N sub-projects only.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildEdges, loadManifests, type Edge } from '../../src/manifest/index.js'
import { sha256Digest } from '../../src/oci/digest.js'
import { MEDIA_TYPE } from '../../src/oci/media-types.js'
import { joinRepository, parseRepository } from '../../src/oci/ref.js'
import {
  COSIGN_ANNOTATION,
  COSIGN_MEDIA_TYPE,
  signatureTag
} from '../../src/trust/cosign/constants.js'
import { buildSignatureImage } from '../../src/trust/cosign/sig-image.js'
import { buildSimpleSigningPayload } from '../../src/trust/cosign/simple-signing.js'
import { buildFleet, type BuiltFleet } from '../lib/fleet-inventory.js'
import { startFleet, type FleetArtifacts } from '../lib/fleet-sim.js'
import { fleetCertificates } from '../lib/fleet-tls.js'
import { printResults, runPeer, type BenchResult } from '../lib/index.js'
import type { BenchGoal, BenchScenario } from '../scenario.js'
import { diffCounts, FLEET_ADDRESS } from './plan-fleet.js'
import { numberFlag } from './promote-common.js'

const SIGCHECK =
  /sigcheck: (\d+) images, (\d+) signed, (\d+) unsigned.*\((\d+) registry requests \((\d+) tag listings/

function stringFlag(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? args[at + 1] : undefined
}

/** A thin-manifest tree of the first `n` sub-projects (a copy: the loader follows no symlinks). */
function subsetTree(dir: string, n: number, scratch: string): string {
  const out = join(scratch, 'tree')
  const projects = readdirSync(join(dir, 'manifests')).sort().slice(0, n)
  for (const part of ['manifests', 'images'])
    for (const p of projects)
      cpSync(join(dir, part, p), join(out, part, p), { recursive: true, dereference: true })
  return out
}

/** The signing repository of each promoted (source, digest): its first destination, edge order. */
function signingRepositories(edges: readonly Edge[]): Map<string, string> {
  const first = new Map<string, string>()
  for (const e of edges) {
    const key = `${joinRepository(e.srcRegistry, e.image)}@${e.digest}`
    if (!first.has(key)) first.set(key, joinRepository(e.dstRegistry, e.image))
  }
  return first
}

/** Our `.sig` image on every signing repository, listed in the inventory and served by GET. */
function signAll(edges: readonly Edge[], built: BuiltFleet, key: KeyObject) {
  const artifacts = new Map<string, Map<string, FleetArtifacts>>()
  let signed = 0
  for (const [key2, repository] of signingRepositories(edges)) {
    const digest = key2.slice(key2.lastIndexOf('@') + 1)
    const name = parseRepository(repository)
    if (name.kind !== 'registry') continue
    const repo = built.inventory.get(name.host)?.get(name.path)
    if (!repo) continue
    const payload = buildSimpleSigningPayload({
      dockerReference: repository,
      digest,
      optional: null
    })
    const layer = {
      mediaType: COSIGN_MEDIA_TYPE.simpleSigning,
      size: payload.length,
      digest: sha256Digest(payload),
      annotations: {
        [COSIGN_ANNOTATION.signature]: sign('sha256', payload, key).toString('base64')
      }
    }
    const image = buildSignatureImage([layer])
    const manifestDigest = sha256Digest(image.manifest)
    const tag = signatureTag(digest)
    repo.tags.set(tag, manifestDigest)
    repo.digests.set(manifestDigest, [tag])
    let byRepo = artifacts.get(name.host)
    if (!byRepo) artifacts.set(name.host, (byRepo = new Map()))
    let there = byRepo.get(name.path)
    if (!there) byRepo.set(name.path, (there = { manifests: new Map(), blobs: new Map() }))
    const served = {
      mediaType: MEDIA_TYPE.ociManifest,
      digest: manifestDigest,
      bytes: image.manifest
    }
    there.manifests.set(tag, served)
    there.manifests.set(manifestDigest, served)
    there.blobs.set(layer.digest, payload)
    there.blobs.set(sha256Digest(image.config), image.config)
    signed++
  }
  return { artifacts, signed }
}

export const sigcheckFleet: BenchScenario = {
  name: 'sigcheck-fleet',
  description:
    'the CLI audits signatures of a whole tree on the simulated fleet: sigcheck-fleet DIR [--state unsigned|signed]',
  run: async (args) => {
    const given = args[0]
    if (!given || given.startsWith('--'))
      throw new Error('usage: npm run bench -- sigcheck-fleet THIN-MANIFEST-DIR [flags]')
    const state = stringFlag(args, 'state') ?? 'unsigned'
    if (state !== 'unsigned' && state !== 'signed')
      throw new Error(`--state must be unsigned or signed, got ${state}`)
    const latencyMs = numberFlag(args, 'latency', 30)
    const rps = numberFlag(args, 'rps', 83)
    const projects = stringFlag(args, 'projects')
    const scratch = mkdtempSync(join(tmpdir(), 'bench-sigcheck-'))
    const dir = projects ? subsetTree(given, Number(projects), scratch) : given

    const set = await loadManifests({ thinManifestDir: dir })
    const { edges } = buildEdges(set.manifests)
    const built = buildFleet(edges, 'steady')
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const keyFile = join(scratch, 'ours.key')
    writeFileSync(keyFile, keys.privateKey.export({ format: 'pem', type: 'pkcs8' }))
    const { artifacts, signed } =
      state === 'signed'
        ? signAll(edges, built, keys.privateKey)
        : { artifacts: undefined, signed: 0 }
    console.error(
      `fleet: ${built.hosts.length} hosts, ${edges.length} edges, state ${state}` +
        (signed ? `, ${signed} signatures served` : '')
    )
    const certs = fleetCertificates(built.hosts)
    const fleet = await startFleet({
      inventory: built.inventory,
      latencyMs,
      rps,
      googleExt: true,
      mediaType: MEDIA_TYPE.ociManifest,
      artifacts,
      tls: { key: certs.key, cert: certs.cert },
      host: FLEET_ADDRESS,
      port: 443
    })
    const cli = [
      process.execPath,
      '--import',
      'tsx',
      '--import',
      join(process.cwd(), 'bench/lib/fleet-lookup.mjs'),
      join(process.cwd(), 'src/cli.ts'),
      'sigcheck',
      '--thin-manifest-dir',
      dir,
      '--scope',
      'all',
      '--signing-key',
      keyFile,
      '--ca-file',
      certs.caFile,
      '--cache-dir',
      join(scratch, 'cache'),
      '--allow',
      'lost'
    ]
    const env = { FLEET_HOSTS: built.hosts.join(','), FLEET_ADDRESS, NODE_OPTIONS: '' }
    const before = fleet.counts()
    let run
    try {
      run = await runPeer(
        'sh',
        ['-c', 'out="$1"; shift; exec "$@" > "$out"', 'sh', join(scratch, 'out'), ...cli],
        env
      )
    } finally {
      await fleet.close()
    }
    const perHost = diffCounts(fleet.counts(), before)
    rmSync(scratch, { recursive: true, force: true })
    rmSync(certs.dir, { recursive: true, force: true })
    const m = SIGCHECK.exec(run.stderr)
    for (const line of run.stderr.split('\n').filter((l) => /^(plan|sigcheck):/.test(l)))
      console.error(`  ${line}`)
    if (!m) console.error(run.stderr.slice(-1500))
    const hosts = Object.values(perHost)
    const requests = hosts.reduce((n, h) => n + h.requests, 0)
    const images = Number(m?.[1] ?? 0)
    const sigcheckRequests = Number(m?.[4] ?? 0)
    const result: BenchResult = {
      scenario: `sigcheck-fleet ${state}${projects ? ` (${projects} projects)` : ''}`,
      tool: 'image-promoter',
      requests,
      bytes: 0,
      wallMs: run.wallMs,
      peakRssMb: run.peakRssMb,
      extra: {
        exitCode: run.exitCode,
        cpuS: run.userS !== undefined ? run.userS + (run.sysS ?? 0) : undefined,
        edges: edges.length,
        images,
        signed: Number(m?.[2] ?? 0),
        sigcheckRequests,
        sigcheckTagLists: Number(m?.[5] ?? 0),
        perImage: images ? sigcheckRequests / images : undefined,
        throttled: hosts.reduce((n, h) => n + h.throttled, 0),
        latencyMs,
        rps
      }
    }
    printResults([result])
    const goals: BenchGoal[] = [
      {
        goal: 'every image audited with the expected verdict',
        met: m !== null && images > 0 && Number(m[2]) === (state === 'signed' ? images : 0),
        figure: m ? `${m[1]} images, ${m[2]} signed, ${m[3]} unsigned` : 'no sigcheck line'
      }
    ]
    if (state === 'unsigned')
      goals.push({
        goal: 'unsigned: about one listing per signing repository, nothing per digest',
        met: m !== null && sigcheckRequests <= Number(m[5]) + 2,
        figure: `${sigcheckRequests} requests, ${m?.[5]} tag listings, ${images} images`
      })
    for (const g of goals) console.log(`${g.met ? 'MET ' : 'MISS'} ${g.goal}: ${g.figure}`)
    return { results: [result], goals }
  }
}
