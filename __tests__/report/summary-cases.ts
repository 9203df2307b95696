// Three RunReports as a pull-request check produces them, for the render tests and for
// `npm run render:summaries` (screenshots): a small PR, a PR with errors, and a 500-edge PR.
import {
  emptyCounts,
  emptyRequests,
  RUN_REPORT_SCHEMA,
  type ReportEdgeGroup,
  type ReportProblem,
  type ReportPromotion,
  type RunReport
} from '../../src/report/run-report.js'
import type { ReportLinks } from '../../src/report/links.js'

export const LINKS: ReportLinks = {
  serverUrl: 'https://github.com',
  repository: 'my-org/k8s.io',
  sha: '0123456789abcdef0123456789abcdef01234567',
  root: 'registry.k8s.io',
  runUrl: 'https://github.com/my-org/k8s.io/actions/runs/1000'
}

const STAGING = 'us-central1-docker.pkg.dev/k8s-staging/images'
const PROD = [
  'us-docker.pkg.dev/k8s-artifacts-prod/images',
  'europe-docker.pkg.dev/k8s-artifacts-prod/images',
  'asia-docker.pkg.dev/k8s-artifacts-prod/images',
  'registry.example.com/prod',
  'mirror.example.net/k8s'
]

export const digestOf = (n: number): string =>
  `sha256:${(n * 2654435761).toString(16).padStart(8, '0').repeat(8)}`

function row(
  image: string,
  n: number,
  tags: string[],
  destinations: string[],
  line: number,
  groups?: ReportEdgeGroup[]
): ReportPromotion {
  const g = groups ?? [{ state: 'promote', tags, destinations }]
  return {
    image,
    digest: digestOf(n),
    tags,
    source: STAGING,
    destinations,
    state: g.map((x) => x.state).sort()[0]!,
    position: { file: `images/${image.split('/')[0]}/images.yaml`, line, column: 5 },
    groups: g
  }
}

function countsOf(promotions: ReportPromotion[], problems: ReportProblem[]) {
  const counts = emptyCounts()
  for (const p of promotions)
    for (const g of p.groups ?? []) {
      const n = Math.max(1, g.tags.length) * g.destinations.length
      counts.edges += n
      if (g.state === 'promote') counts.planned += n
      if (g.state === 'done') counts.skipped += n
      if (g.state === 'conflict') counts.conflicts += n
      if (g.state === 'lost') counts.lost += n
      if (g.state === 'error') counts.errors += n
    }
  const failed = problems.some((p) => p.severity === 'error')
  return { counts, failed }
}

function report(promotions: ReportPromotion[], problems: ReportProblem[]): RunReport {
  const { counts, failed } = countsOf(promotions, problems)
  return {
    schema: RUN_REPORT_SCHEMA,
    startedAt: '2026-12-03T07:00:00Z',
    finishedAt: '2026-12-03T07:00:04Z',
    mode: 'check',
    scope: 'changed 1a2b3c4d5e6f..0123456789ab',
    outcome: failed ? 'failure' : 'success',
    counts,
    phases: [
      { name: 'setup', ms: 120, status: 'ok' },
      { name: 'plan', ms: 2300, status: 'ok' },
      { name: 'provenance', ms: 900, status: 'ok' },
      { name: 'validate', ms: 700, status: 'stopped', note: 'pull request: read-only check' }
    ],
    promotions,
    problems,
    requests: { ...emptyRequests(), total: 42, byHost: { 'us-docker.pkg.dev': 42 } },
    details: {}
  }
}

function provenanceWarnings(n: number): ReportProblem[] {
  return Array.from({ length: n }, (_, i) => ({
    severity: 'warning' as const,
    kind: 'provenance' as const,
    message: `${STAGING}/app-${i}@${digestOf(i).slice(0, 19)}: no SLSA provenance attestation found (policy warn)`,
    position: { file: `images/app-${i}/images.yaml`, line: 3, column: 5 },
    digest: digestOf(i)
  }))
}

/** Two images, three digests, two destinations, one warning. */
export function smallPr(): RunReport {
  const dst = PROD.slice(0, 2)
  return report(
    [
      row('kube-state-metrics', 1, ['v2.14.0'], dst, 4),
      row('kube-state-metrics', 2, ['v2.15.0', 'v2.15'], dst, 6),
      row('pause', 3, ['3.10'], dst, 12)
    ],
    provenanceWarnings(1)
  )
}

/**
 * Errors of every kind: a conflict on one tag of three, a lost digest, a destination host whose
 * credentials are wrong (24 edges), 80 provenance warnings, and manifest text with @mentions,
 * newlines and markdown.
 */
export function errorsPr(): RunReport {
  const dst = PROD.slice(0, 3)
  const auth = 'registry.example.com/prod'
  const promotions = [
    row('coredns', 10, ['v1.12.0', 'v1.12', 'latest'], dst, 8, [
      { state: 'promote', tags: ['v1.12', 'v1.12.0'], destinations: dst },
      { state: 'promote', tags: ['latest'], destinations: dst.slice(1) },
      { state: 'conflict', tags: ['latest'], destinations: [dst[0]!] }
    ]),
    row('etcd', 11, ['3.5.17-0'], dst, 3, [
      { state: 'lost', tags: ['3.5.17-0'], destinations: dst }
    ]),
    ...Array.from({ length: 6 }, (_, i) =>
      row('kube-proxy', 20 + i, [`v1.3${i}.0`, `v1.3${i}`], [...dst, auth], 4 + 2 * i, [
        { state: 'promote', tags: [`v1.3${i}`, `v1.3${i}.0`], destinations: dst },
        { state: 'error', tags: [`v1.3${i}`, `v1.3${i}.0`], destinations: [auth] }
      ])
    ),
    row('evil@maintainers\n**bold** <b>x</b>', 30, ['v1 | drop'], dst, 2)
  ]
  const problems: ReportProblem[] = [
    {
      severity: 'error',
      kind: 'conflict',
      message: `${dst[0]}/coredns:latest (points at sha256:aaaaaaaaaaaa, not ${digestOf(10).slice(0, 19)}): the destination tag points at another digest and tags are never moved: fix the manifest or retag by hand`,
      position: { file: 'images/coredns/images.yaml', line: 8, column: 5 }
    },
    {
      severity: 'error',
      kind: 'lost',
      message: `${STAGING}/etcd@${digestOf(11).slice(0, 19)}: the source digest is missing from the source repository: push it there, or drop it from the manifest`,
      position: { file: 'images/etcd/images.yaml', line: 3, column: 5 }
    },
    ...Array.from({ length: 12 }, (_, i) => ({
      severity: 'error' as const,
      kind: 'registry' as const,
      message: `${auth}/kube-proxy:v1.3${i >> 1}${i % 2 ? '' : '.0'}: cannot read the destination: GET https://registry.example.com/v2/prod/kube-proxy/tags/list: unauthorized (check the credentials for this registry)`,
      position: { file: 'images/kube-proxy/images.yaml', line: 4 + 2 * (i >> 1), column: 5 },
      registry: auth
    })),
    {
      severity: 'warning',
      kind: 'manifest',
      message:
        'image "evil@maintainers\n**bold** <b>x</b>" cc @kubernetes/release-managers #123\n[click](https://evil.example) ![x](https://evil.example/x.png)',
      position: { file: 'images/evil/images.yaml', line: 2, column: 3 }
    },
    ...provenanceWarnings(80)
  ]
  return report(promotions, problems)
}

/** 50 images x 2 digests x 5 destinations: 500 edges, with 80 provenance warnings. */
export function largePr(): RunReport {
  const promotions = Array.from({ length: 50 }, (_, i) => [
    row(`app-${String(i).padStart(2, '0')}`, 100 + 2 * i, [`v1.${i}.0`], PROD, 3),
    row(`app-${String(i).padStart(2, '0')}`, 101 + 2 * i, [`v1.${i}.1`], PROD, 5)
  ]).flat()
  return report(promotions, provenanceWarnings(80))
}

export const CASES = { 'small-pr': smallPr, 'errors-pr': errorsPr, 'large-pr': largePr } as const
