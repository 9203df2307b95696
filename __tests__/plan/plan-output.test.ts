import { describe, expect, it } from '@jest/globals'
// ajv 6 (present through eslint) validates draft-07 keywords, all the plan schema uses.
import Ajv from 'ajv'
import { PLAN_JSON_SCHEMA, planJsonChunks, planToJson } from '../../src/plan/plan-json.js'
import { emptyPlan } from '../../src/plan/index.js'
import { computePlan } from '../../src/plan/plan.js'
import { renderPlanText } from '../../src/report/plan-text.js'
import { digestOf, fakeResolver, FakeStore } from './fake-store.js'
import { DST2, edge } from './edges.js'

async function samplePlan() {
  const src = new FakeStore('gcr.io')
    .add('staging/foo', digestOf('a'))
    .add('staging/foo', digestOf('c'))
  const us = new FakeStore('us.gcr.io')
    .add('prod/foo', digestOf('b'), 'v1')
    .add('prod/foo', digestOf('c'), 'v3')
  const eu = new FakeStore('eu.gcr.io')
  eu.failing.add('prod/foo')
  const edges = [
    edge('foo', digestOf('a'), 'v1'),
    edge('foo', digestOf('a'), 'v2'),
    edge('foo', digestOf('d'), 'v4'),
    edge('foo', digestOf('c'), 'v3'),
    edge('foo', digestOf('a'), '', DST2)
  ]
  return computePlan({ edges, resolve: fakeResolver(src, us, eu) })
}

describe('plan JSON', () => {
  it('validates against the published schema', async () => {
    const { $schema: _ignored, ...schema } = PLAN_JSON_SCHEMA
    const validate = new Ajv({ allErrors: true }).compile(schema)
    const json = JSON.parse(JSON.stringify(planToJson(await samplePlan())))
    expect(validate(json) ? [] : validate.errors).toEqual([])
    expect(json.edges[0]).toMatchObject({
      state: 'conflict',
      destinationDigest: digestOf('b'),
      position: { file: 'images/a/images.yaml' }
    })
  })

  it('the schema rejects an unknown state', async () => {
    const { $schema: _ignored, ...schema } = PLAN_JSON_SCHEMA
    const json = JSON.parse(JSON.stringify(planToJson(await samplePlan())))
    json.edges[0].state = 'maybe'
    expect(new Ajv().compile(schema)(json)).toBe(false)
  })
})

describe('planJsonChunks', () => {
  it('streams exactly the text of JSON.stringify(planToJson(plan), null, 2), in pieces', async () => {
    const plan = await samplePlan()
    plan.edges[1]!.fromCache = true
    // Text that needs escaping, shared by two edges (quoted strings are remembered).
    plan.edges[2]!.reason = 'a "quoted" reason \\ with a newline\n, a tab\t and \u2028'
    plan.edges[3]!.reason = plan.edges[2]!.reason
    for (const perChunk of [1, 2, 5, 1000]) {
      const chunks = [...planJsonChunks(plan, perChunk)]
      expect(chunks.join('')).toBe(JSON.stringify(planToJson(plan), null, 2))
      if (perChunk === 1) expect(chunks.length).toBeGreaterThan(plan.edges.length)
    }
  })

  it('streams an empty plan the same way', () => {
    const plan = emptyPlan()
    expect([...planJsonChunks(plan)].join('')).toBe(JSON.stringify(planToJson(plan), null, 2))
  })
})

describe('renderPlanText', () => {
  it('summarises, then lists failures with positions before promotions', async () => {
    const text = renderPlanText(await samplePlan())
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toMatch(
      /^plan: 5 edges, 1 done, 1 to promote, 1 lost, 1 conflict, 1 error \(\d+ registry reads, \d+ ms\)$/
    )
    expect(lines[1]).toMatch(
      /^ {2}conflict us\.gcr\.io\/prod\/foo:v1 \(images\/a\/images\.yaml:\d+:5\): the destination tag points at another digest.* \(it is on sha256:b+, the manifest says sha256:a+\)$/
    )
    expect(lines[2]).toMatch(/^ {2}error {4}eu\.gcr\.io\/prod\/foo@sha256:a+ /)
    expect(lines[3]).toMatch(/^ {2}lost/)
    expect(lines[4]).toBe(`  promote  us.gcr.io/prod/foo:v2 <- gcr.io/staging/foo@${digestOf('a')}`)
    expect(lines).toHaveLength(5)
  })

  it('caps lines per state and says nothing to promote for an empty plan', async () => {
    const plan = await samplePlan()
    expect(renderPlanText(plan, { maxLinesPerState: 0 })).toContain('... and 1 more conflict')
    const empty = await computePlan({ edges: [], resolve: fakeResolver() })
    expect(renderPlanText(empty)).toBe('nothing to promote\n')
  })
})
