// Scale-out: two shards (one per destination host) promote exactly what one unsharded run does.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runPromotion } from '../../src/pipeline/run.js'
import { assignShards, parseShard } from '../../src/pipeline/shard.js'
import type { Edge } from '../../src/manifest/model.js'
import { buildImage } from '../harness/images.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { pushImage, writeThinManifests } from '../harness/seed.js'

let staging: TestRegistry
let prodA: TestRegistry
let prodB: TestRegistry
const images: Array<{ name: string; digest: string }> = []

beforeAll(async () => {
  ;[staging, prodA, prodB] = await Promise.all([startRegistry(), startRegistry(), startRegistry()])
  for (let i = 0; i < 4; i++) {
    const name = `img-${i}`
    images.push({
      name,
      digest: await pushImage(staging, `staging/${name}`, buildImage({ seed: `shard/${i}` }))
    })
  }
})
afterAll(async () => Promise.all([staging, prodA, prodB].map((r) => r?.stop())))

function manifests(dests: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'shard-'))
  const imagesYaml = images
    .map((i) => `- name: ${i.name}\n  dmap:\n    "${i.digest}": ["v1"]\n`)
    .join('')
  writeThinManifests(dir, { src: `${staging.host}/staging`, dests, imagesYaml })
  return dir
}

async function tags(registry: TestRegistry, prefix: string): Promise<string[]> {
  const found: string[] = []
  for (const { name, digest } of images) {
    const res = await fetch(`${registry.url}/v2/${prefix}/${name}/manifests/v1`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' }
    })
    if (res.headers.get('docker-content-digest') === digest)
      found.push(`${registry.host}/${prefix}/${name}:v1`)
  }
  return found
}

describe('shards', () => {
  it('deals destination hosts to shards in a stable order', () => {
    const edge = (dst: string): Edge => ({
      srcRegistry: 's.io/x',
      dstRegistry: dst,
      image: 'i',
      digest: 'sha256:x',
      tag: 't',
      position: { file: 'f', line: 1, column: 1 }
    })
    const assignment = assignShards(
      [edge('b.io/p'), edge('a.io/p'), edge('c.io/p'), edge('a.io/q')],
      2
    )
    expect([...assignment]).toEqual([
      ['a.io', 1],
      ['b.io', 2],
      ['c.io', 1]
    ])
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 })
    expect(() => parseShard('4/3')).toThrow(/K\/N/)
  })

  it('the union of two shards equals the unsharded run', async () => {
    const dir = manifests([`${prodA.host}/sharded`, `${prodB.host}/sharded`])
    const run = (shard?: { index: number; count: number }) =>
      runPromotion(
        {
          thinManifestDir: dir,
          confirm: true,
          shard,
          trust: { sign: false, provenance: { mode: 'off' } }
        },
        dir
      )
    const one = await run({ index: 1, count: 2 })
    const two = await run({ index: 2, count: 2 })
    expect(one.report.counts.promoted + two.report.counts.promoted).toBe(8)
    // each shard touched only its own destination host
    const hostsOf = (r: typeof one) =>
      Object.keys(r.report.requests.byHost).filter((h) => h !== staging.host)
    expect(hostsOf(one)).toHaveLength(1)
    expect(hostsOf(two)).toHaveLength(1)
    expect(hostsOf(one)[0]).not.toBe(hostsOf(two)[0])

    const whole = manifests([`${prodA.host}/whole`, `${prodB.host}/whole`])
    const unsharded = await runPromotion(
      {
        thinManifestDir: whole,
        confirm: true,
        trust: { sign: false, provenance: { mode: 'off' } }
      },
      whole
    )
    expect(unsharded.report.counts.promoted).toBe(8)
    const sharded = [...(await tags(prodA, 'sharded')), ...(await tags(prodB, 'sharded'))].map(
      (t) => t.replace('/sharded/', '/')
    )
    const reference = [...(await tags(prodA, 'whole')), ...(await tags(prodB, 'whole'))].map((t) =>
      t.replace('/whole/', '/')
    )
    expect(sharded.sort()).toEqual(reference.sort())
    expect(sharded).toHaveLength(8)
  })
})
