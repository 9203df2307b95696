// The summary and the PR comment as GitHub renders them (GFM via marked): what a reviewer sees
// first, errors before warnings, repeated problems folded with their count, every row and problem
// linked to its manifest line, hostile manifest text inert, sizes under GitHub's limits. The
// screenshots (`npm run render:summaries`) are for eyes; these assertions keep what they showed.
import { describe, expect, it } from '@jest/globals'
import { COMMENT_BUDGET, COMMENT_LIMIT } from '../../src/action/comment.js'
import { lineUrl } from '../../src/report/links.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import { startFailureReport } from '../../src/report/run-report.js'
import { promotedList } from '../../src/report/step-outputs.js'
import { markdownToHtml } from './render-html.js'
import { errorsPr, largePr, LINKS, smallPr } from './summary-cases.js'

const BLOB = `https://github.com/my-org/k8s.io/blob/${LINKS.sha}/registry.k8s.io/`
const summary = (r: ReturnType<typeof smallPr>) =>
  renderMarkdown(r, { jsonReportPath: '/tmp/run-report.json', links: LINKS })
const comment = (r: ReturnType<typeof smallPr>) =>
  renderMarkdown(r, {
    jsonReportPath: '/tmp/run-report.json',
    links: LINKS,
    budget: COMMENT_BUDGET
  })

/** Positions of the first match of each pattern, in order. */
const at = (html: string, ...patterns: RegExp[]): number[] => patterns.map((p) => html.search(p))

const tableRows = (html: string): string[] =>
  [...html.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)]
    .slice(0, 1)
    .flatMap((m) => m[1]!.split('</tr>').filter((r) => r.includes('<td')))

describe('the rendered summary', () => {
  it('small PR: verdict, then what will happen, then the table, then problems', () => {
    const html = markdownToHtml(summary(smallPr()))
    expect(html.trimStart()).toMatch(/^<h2>✅ image-promoter check passed, 1 warning<\/h2>/)
    const [overview, table, problems, phases] = at(
      html,
      /On merge this promotes 2 images<\/strong> \(3 digests, 4 tags\) <strong>to 2 destinations<\/strong>: 8 edges/,
      /<table>/,
      /<h3>Problems<\/h3>/,
      /Phases and registry requests/
    )
    expect(overview).toBeGreaterThan(0)
    expect([overview, table, problems, phases]).toEqual(
      [overview, table, problems, phases].sort((a, b) => a - b)
    )
    expect(html).toContain('An edge is one tag (or one untagged digest) copied to one destination')
    const rows = tableRows(html)
    expect(rows).toHaveLength(3)
    for (const row of rows)
      expect(row).toMatch(new RegExp(`<a href="${BLOB}images/[\\w-]+/images\\.yaml#L\\d+">`))
    expect(html).toContain(
      `<a href="${BLOB}images/app-0/images.yaml#L3">images/app-0/images.yaml:3</a>`
    )
  })

  it('PR with errors: errors first and marked apart, one line per host with the fix, warnings folded with a count', () => {
    const md = summary(errorsPr())
    const html = markdownToHtml(md)
    expect(html).toMatch(/^<h2>❌ image-promoter check failed: 14 errors, 81 warnings<\/h2>/)
    expect(html).not.toMatch(/\b0 errors/)
    const [errors, warnings] = at(html, /<h4>❌ 14 errors<\/h4>/, /<h4>⚠️ 81 warnings<\/h4>/)
    expect(errors).toBeGreaterThan(html.indexOf('</table>'))
    expect(warnings).toBeGreaterThan(errors)
    // 12 unauthorized edges on one host: one line, with the fix naming the input.
    const host = [
      ...html.matchAll(/<summary>❌ <b>registry\.example\.com<\/b>: 12 problems[^]*?<\/summary>/g)
    ]
    expect(host).toHaveLength(1)
    expect(host[0]![0]).toContain('<code>registry-auth</code>')
    // 80 provenance warnings: one line with the count, a collapsed list of 80 linked entries.
    const folded = /<details>\s*<summary>⚠️ <b>provenance<\/b> × 80:[^]*?<\/details>/.exec(html)
    expect(folded).not.toBeNull()
    expect(folded![0].match(/<li>/g)).toHaveLength(80)
    expect(
      folded![0].match(new RegExp(`<a href="${BLOB}images/app-\\d+/images\\.yaml#L3">`, 'g'))
    ).toHaveLength(80)
    // States per tag and destination: the conflicting tag is named, the other edges still count.
    const coredns = tableRows(html).find((r) => r.includes('coredns'))!
    expect(coredns).toContain('❌ tag conflict: latest → us-docker.pkg.dev')
    expect(coredns).toContain('➡️ to promote: 8 other edges')
    // Every problem entry links to its manifest line.
    const problems = html.slice(html.indexOf('<h3>Problems'), html.indexOf('Phases and registry'))
    const items = [...problems.matchAll(/<li>([^]*?)<\/li>/g)].map((m) => m[1]!)
    expect(items.length).toBeGreaterThan(90)
    for (const item of items)
      expect(item).toMatch(new RegExp(`^(❌|⚠️ <strong>\\w+</strong> · )?.*<a href="${BLOB}`))
  })

  it('manifest text with @mentions, newlines and markdown stays text', () => {
    const html = markdownToHtml(comment(errorsPr()))
    expect(html).not.toMatch(/<b>x<\/b>|<img|href="https:\/\/evil|<strong>bold/)
    expect(html).toContain('evil@\u200Bmaintainers **bold** &lt;b&gt;x&lt;/b&gt;')
    expect(html).toContain('@\u200Bkubernetes/release-managers #\u200B123')
    // The newline did not start a new table row or paragraph.
    expect(tableRows(html).find((r) => r.includes('maintainers'))).toContain('<td>v1 | drop</td>')
  })

  it('500-edge PR: grouped by image, per-digest detail collapsed, sizes under the limits', () => {
    const r = largePr()
    const md = summary(r)
    const html = markdownToHtml(md)
    expect(html).toMatch(/^<h2>✅ image-promoter check passed, 80 warnings<\/h2>/)
    expect(html).toContain('<h3>Promotions by image (50 images, 100 digests)</h3>')
    expect(html).toContain('5 destinations</strong>: 500 edges')
    const rows = tableRows(html)
    expect(rows).toHaveLength(50)
    for (const row of rows) expect(row).toContain('➡️ to promote 10')
    expect(html).toMatch(/<details>\s*<summary>Per digest: 100 digests not done yet<\/summary>/)
    expect(html.match(/<summary>⚠️ <b>provenance<\/b> × 80/g)).toHaveLength(1)
    expect(Buffer.byteLength(md)).toBeLessThan(100 * 1024)
    const c = comment(r)
    expect(c.length + 40).toBeLessThan(COMMENT_LIMIT)
  })

  it('10,000 edges stay under the summary and comment limits, failures listed first, with a pointer to the full report', () => {
    const r = largePr()
    const base = r.promotions
    r.promotions = Array.from({ length: 20 }, (_, k) =>
      base.map((p) => ({
        ...p,
        image: `${p.image}-${k}`,
        state: k === 19 ? 'lost' : p.state,
        groups: k === 19 ? [{ ...p.groups![0]!, state: 'lost' }] : p.groups
      }))
    ).flat()
    const md = summary(r)
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
    const html = markdownToHtml(md)
    const rows = tableRows(html)
    expect(rows).toHaveLength(100)
    expect(rows[0]).toContain('❌ source lost 10')
    expect(html).toMatch(
      /900 images more, cut to stay under GitHub&#39;s size limit: see the <a href="https:\/\/github.com\/my-org\/k8s.io\/actions\/runs\/1000">workflow run<\/a>/
    )
    expect(comment(r).length).toBeLessThan(COMMENT_BUDGET)
  })

  it('an input error still renders a verdict that names the error', () => {
    const html = markdownToHtml(
      summary(
        startFailureReport(
          'input "scope": "bogus" is not one of auto, changed, all, since',
          new Date(0)
        )
      )
    )
    expect(html).toMatch(/^<h2>❌ image-promoter could not start: 1 error<\/h2>/)
    expect(html).toContain('<em>the inputs are invalid: nothing was read or written</em>')
    expect(html).not.toContain('Edges:')
    expect(html).toContain('&quot;bogus&quot; is not one of auto, changed, all, since')
  })
})

describe('links to manifest lines', () => {
  it('encode every path part so a file name cannot end the link', () => {
    const url = lineUrl(LINKS, { file: 'images/a)b [c]/x y.yaml', line: 7, column: 1 })
    expect(url).toBe(`${BLOB}images/a%29b%20%5Bc%5D/x%20y.yaml#L7`)
  })

  it('are left out when the coordinates are not a plain repository and commit', () => {
    const position = { file: 'a.yaml', line: 1, column: 1 }
    expect(lineUrl({ ...LINKS, sha: 'main) [x](https://evil' }, position)).toBeUndefined()
    expect(lineUrl({ ...LINKS, repository: 'a/b/../c d' }, position)).toBeUndefined()
    expect(lineUrl({ ...LINKS, serverUrl: 'javascript:alert(1)' }, position)).toBeUndefined()
  })
})

describe('the promoted output', () => {
  it('lists exactly the edges this run promoted, by tag set', () => {
    const r = errorsPr()
    const coredns = r.promotions.find((p) => p.image === 'coredns')!
    coredns.groups = [
      { state: 'copied', tags: ['v1.12', 'v1.12.0'], destinations: ['a', 'b'] },
      { state: 'exists', tags: ['latest'], destinations: ['b'] },
      { state: 'conflict', tags: ['latest'], destinations: ['a'] }
    ]
    const list = promotedList(r)
    expect(list).toEqual([
      { image: 'coredns', digest: coredns.digest, tags: ['v1.12', 'v1.12.0'], destinations: ['a'] },
      {
        image: 'coredns',
        digest: coredns.digest,
        tags: ['latest', 'v1.12', 'v1.12.0'],
        destinations: ['b']
      }
    ])
  })
})
