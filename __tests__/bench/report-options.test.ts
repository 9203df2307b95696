import { describe, expect, it } from '@jest/globals'
import {
  commandLine,
  parseReportOptions,
  ReportUsageError
} from '../../bench/lib/report-options.js'
import { invocationsOf, inReportOrder } from '../../bench/lib/report-plan.js'

describe('parseReportOptions', () => {
  it.each([
    [[], { runs: 3, out: 'docs/benchmarks.md' }],
    [['--quick'], { runs: 1, out: 'docs/benchmarks.md' }],
    [
      ['--runs', '5', '--tree', '/t', '--only', 'parse,resolve', '--out', 'x.md'],
      { runs: 5, tree: '/t', only: ['parse', 'resolve'], out: 'x.md' }
    ],
    [['--from-json', 'r.json'], { runs: 3, out: 'docs/benchmarks.md', fromJson: 'r.json' }]
  ])('%j', (argv, expected) => {
    expect(parseReportOptions(argv)).toEqual(expected)
  })

  it.each([[['--runs', '0']], [['--runs']], [['--tree', '--quick']], [['--fast']]])(
    'rejects %j',
    (argv) => {
      expect(() => parseReportOptions(argv)).toThrow(ReportUsageError)
    }
  )
})

describe('commandLine', () => {
  it('shows the tree as DIR so the document names no local path', () => {
    expect(
      commandLine(['parse', '/home/me/k8s.io/registry.k8s.io'], '/home/me/k8s.io/registry.k8s.io')
    ).toBe('npm run bench -- parse DIR')
    expect(commandLine([], undefined)).toBe('npm run bench')
  })
})

describe('invocationsOf', () => {
  const options = { runs: 3, out: 'docs/benchmarks.md' }

  it('passes --runs to scenarios that repeat themselves, and nothing to unknown ones', () => {
    expect(invocationsOf('promote-noop', options)).toEqual([
      { args: ['--runs', '3'], repeatsItself: true }
    ])
    expect(invocationsOf('vuln-gate', options)).toEqual([{ args: [], repeatsItself: false }])
  })

  it('gives parse the fixture unless a tree is named', () => {
    expect(invocationsOf('parse', options)[0]!.args).toEqual([
      '__tests__/fixtures/manifests/k8s-thin'
    ])
    expect(invocationsOf('parse', { ...options, tree: '/t' })[0]!.args).toEqual(['/t'])
  })

  it('runs promote-cross-host with small and with 50 MiB layers', () => {
    expect(invocationsOf('promote-cross-host', options).map((i) => i.args.join(' '))).toEqual([
      '--runs 3',
      '--repos 2 --images 2 --layer 52428800 --runs 3'
    ])
  })
})

describe('inReportOrder', () => {
  it("follows the issues' order and keeps unknown scenarios last, as registered", () => {
    const names = ['peer-skopeo', 'zeta', 'resolve', 'alpha', 'parse'].map((name) => ({ name }))
    expect(inReportOrder(names).map((s) => s.name)).toEqual([
      'parse',
      'resolve',
      'peer-skopeo',
      'zeta',
      'alpha'
    ])
  })
})
