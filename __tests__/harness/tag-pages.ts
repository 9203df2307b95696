// Tag-list pagination in front of distribution 2.8, whose tags/list ignores `n` and sends no
// Link: the proxy fetches the full list and answers one sorted page (`n`, `last`) with a
// `Link: <...>; rel="next"` header, as the distribution spec describes.

export interface TagPage {
  body: string
  link?: string
}

export function tagPage(
  name: string,
  allTags: string[],
  query: URLSearchParams,
  maxPage: number
): TagPage {
  const sorted = [...allTags].sort()
  const last = query.get('last')
  const requested = Number(query.get('n') ?? maxPage)
  const n = Math.max(1, Math.min(Number.isFinite(requested) ? requested : maxPage, maxPage))
  const start = last === null ? 0 : sorted.findIndex((t) => t > last)
  const rest = start < 0 ? [] : sorted.slice(start)
  const page = rest.slice(0, n)
  const more = rest.length > n
  const link = more
    ? `</v2/${name}/tags/list?n=${n}&last=${encodeURIComponent(page[page.length - 1])}>; rel="next"`
    : undefined
  return { body: JSON.stringify({ name, tags: page }), link }
}
