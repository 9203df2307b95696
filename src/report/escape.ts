// The one home of markdown escaping. Text from outside (manifests, registries, scan reports) that
// lands in the job summary, the PR comment or an annotation stays inside its table cell or quote:
// no line breaks, no table pipes, no HTML, no links or images, no autolinks, and no @mentions or
// #references (GitHub links those after rendering, so an entity alone is not enough: a zero-width
// space follows the sign). One pass over the text, so nothing is escaped twice.

const ZWSP = '\u200B'

/** Line breaks (CRLF, CR, LF, U+2028/9), tabs and other controls, and bidi overrides. */
const BREAKS = /\r\n|[\r\n\u2028\u2029\t\v\f]/
// eslint-disable-next-line no-control-regex -- control characters are exactly what is dropped
const DROPPED = /[\u0000-\u0008\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/
/** Markdown and HTML syntax, plus `:` and `www.` that start GFM autolinks. */
const SYNTAX = /[&<>|`*_[\]()!\\~:"'=$]|www\./i
const MENTION = /[@#]/

const PATTERN = new RegExp([BREAKS, DROPPED, SYNTAX, MENTION].map((r) => r.source).join('|'), 'giu')

const entity = (text: string): string => [...text].map((c) => `&#${c.codePointAt(0)};`).join('')

function replace(match: string): string {
  if (BREAKS.test(match)) return ' '
  if (DROPPED.test(match)) return ''
  if (MENTION.test(match)) return `${entity(match)}${ZWSP}`
  // `www.` keeps its letters; only the dot becomes an entity, which stops the autolink.
  if (match.length > 1) return `${match.slice(0, 3)}&#46;`
  return entity(match)
}

/** `text` as inert inline markdown: safe in a table cell, a quote, a heading or a list item. */
export function escapeMarkdown(text: string): string {
  return text.replace(PATTERN, replace)
}

/** `text` as one inert line of an annotation or warning (no markdown there, but no line breaks). */
export function oneLine(text: string): string {
  return text
    .replace(new RegExp(BREAKS.source, 'g'), ' ')
    .replace(new RegExp(DROPPED.source, 'gu'), '')
}
