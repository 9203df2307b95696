// `npm run render:summaries [-- OUT_DIR]`: renders the job summary and the PR comment of three
// pull requests (small, with errors, 500 edges) with GitHub-flavoured markdown into HTML pages
// styled like github.com, and screenshots them with headless Chromium when it is installed.
// Look at the PNGs: the snapshot tests check structure, only eyes check that it reads well.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { htmlPage } from '../__tests__/report/render-html.js'
import { CASES, LINKS } from '../__tests__/report/summary-cases.js'
import { COMMENT_BUDGET, commentMarker } from '../src/action/comment.js'
import { renderMarkdown } from '../src/report/markdown.js'

const out = resolve(process.argv[2] ?? join(tmpdir(), 'image-promoter-renders'))
mkdirSync(out, { recursive: true })

function chromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      execFileSync('which', [name], { stdio: 'ignore' })
      return name
    } catch {
      // not this one
    }
  }
  return undefined
}

const browser = chromium()
for (const [name, build] of Object.entries(CASES)) {
  const report = build()
  const jsonReportPath = join(tmpdir(), 'image-promoter', 'run-report.json')
  const summary = renderMarkdown(report, { jsonReportPath, links: LINKS })
  const pages = {
    summary,
    // The same with every collapsed list opened, to look at what a click shows.
    'summary-expanded': summary.replaceAll('<details>', '<details open>'),
    comment: `${commentMarker('plan')}\n${renderMarkdown(report, { jsonReportPath, links: LINKS, budget: COMMENT_BUDGET })}`
  }
  for (const [kind, markdown] of Object.entries(pages)) {
    const base = join(out, `${name}-${kind}`)
    writeFileSync(`${base}.md`, markdown)
    writeFileSync(`${base}.html`, htmlPage(`${name}: ${kind}`, markdown))
    const line = `${base}.html (${Buffer.byteLength(markdown)} bytes of markdown)`
    if (!browser) {
      console.log(`${line}; no chromium: no screenshot`)
      continue
    }
    execFileSync(
      browser,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        `--screenshot=${base}.png`,
        `--window-size=1100,${kind === 'summary-expanded' ? 6000 : 2400}`,
        `file://${base}.html`
      ],
      { stdio: 'ignore' }
    )
    console.log(`${base}.png <- ${line}`)
  }
}
