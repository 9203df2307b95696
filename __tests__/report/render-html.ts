// Markdown -> HTML as GitHub shows a job summary or a PR comment: GitHub-flavoured markdown
// (marked, gfm) inside a page styled like github.com, for snapshot tests and screenshots.
import { Marked } from 'marked'

const marked = new Marked({ gfm: true, breaks: false, async: false })

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown) as string
}

// The parts of GitHub's markdown-body stylesheet that change layout: fonts, tables, details.
const CSS = `
body { margin: 0; background: #f6f8fa; }
.frame { max-width: 980px; margin: 16px auto; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; }
.frame > header { padding: 8px 16px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; font: 600 14px -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; }
.markdown-body { padding: 16px 24px; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji"; color: #1f2328; word-wrap: break-word; }
.markdown-body h2 { font-size: 1.5em; border-bottom: 1px solid #d8dee4; padding-bottom: .3em; margin: 0 0 16px; }
.markdown-body h3 { font-size: 1.25em; margin: 24px 0 16px; }
.markdown-body h4 { font-size: 1em; margin: 24px 0 16px; }
.markdown-body p, .markdown-body ul, .markdown-body table, .markdown-body details { margin: 0 0 16px; }
.markdown-body ul { padding-left: 2em; }
.markdown-body a { color: #0969da; text-decoration: none; }
.markdown-body code { font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; background: rgba(175,184,193,.2); padding: .2em .4em; border-radius: 6px; }
.markdown-body table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
.markdown-body table th { font-weight: 600; }
.markdown-body table th, .markdown-body table td { padding: 6px 13px; border: 1px solid #d0d7de; }
.markdown-body table tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body sub { color: #59636e; }
.markdown-body summary { cursor: pointer; }
`

/** A standalone page with `title` above the rendered markdown. */
export function htmlPage(title: string, markdown: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>${CSS}</style></head><body><div class="frame"><header>${title}</header><div class="markdown-body">${markdownToHtml(markdown)}</div></div></body></html>\n`
}
