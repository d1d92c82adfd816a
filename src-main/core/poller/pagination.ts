// Where the next page of a list is: a `Link: <…>; rel="next"` header (GitHub and RFC 8288), or a
// Stripe-style body with `has_more: true`, continued with `starting_after=<last id>`.
import { getPath, keyOf } from '../json-path';

/** The rel="next" target of a Link header, resolved against the URL it came from. */
export function nextFromLink(link: string | null | undefined, base: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? '');
    if (!rels || !rels[1].toLowerCase().split(/\s+/).includes('next')) continue;
    try {
      return new URL(match[1], base).toString();
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The next Stripe-style page: the first page's URL with starting_after set to the last item's id. */
export function nextFromHasMore(body: unknown, items: unknown[], idPath: string, firstUrl: string): string | undefined {
  if (getPath(body, 'has_more') !== true || items.length === 0) return undefined;
  const lastId = keyOf(getPath(items[items.length - 1], idPath.trim() || 'id'));
  if (lastId === undefined) return undefined;
  const url = new URL(firstUrl);
  url.searchParams.set('starting_after', lastId);
  return url.toString();
}
