// One poll's requests: the first page with the conditional headers, then the next pages (Link
// rel=next or has_more) without them, until a page holds an item already known, the list ends, or
// the page limit is reached. Reads what the API says about pacing from the last response.
import type { RateBudget } from '../../contract/model';
import { getPath, keyOf } from '../json-path';
import { redact } from './auth';
import { httpGet, type HttpGetOptions, type HttpGetResult } from './http-get';
import { findItems } from './items';
import { nextFromHasMore, nextFromLink } from './pagination';
import { parsePollInterval, parseRateBudget, parseRetryAfter } from './rate-limit';

export const DEFAULT_MAX_PAGES = 5;

/** One GET's options (`headers` are the first page's, conditional ones included), plus paging. */
export interface FetchPagesOptions extends HttpGetOptions {
  itemsPath: string;
  idPath: string;
  maxPages: number;
  /** Stop following pages once a page holds one of these ids; undefined before the baseline. */
  isKnown?: (id: string) => boolean;
  now: () => number;
  /** Masked out of any error text. */
  secret?: string;
}

export interface FetchPagesResult {
  status: number | null;
  statusText: string;
  bytes: number;
  requests: number;
  /** Set when the caller's signal ended a request. */
  aborted?: unknown;
  error?: string;
  notModified?: boolean;
  items: unknown[];
  /** The list had a next page: ids missing from it are not evidence of removal. */
  paginated: boolean;
  /** Stopped at the page limit with more pages left. */
  pageLimitHit: boolean;
  etag?: string;
  lastModified?: string;
  retryAfterMs?: number;
  pollIntervalMs?: number;
  budget?: RateBudget;
}

const PACE_STATUSES = new Set([429, 503]);

export async function fetchPages(opts: FetchPagesOptions): Promise<FetchPagesResult> {
  const out: FetchPagesResult = { status: null, statusText: '', bytes: 0, requests: 0, items: [], paginated: false, pageLimitHit: false };
  let url: string | undefined = opts.url;
  let headers = opts.headers;
  const idPath = opts.idPath.trim() || 'id';
  while (url !== undefined) {
    const res: HttpGetResult = await httpGet({ url, headers, fetch: opts.fetch, timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes, signal: opts.signal });
    out.requests += 1;
    out.bytes += res.bytes;
    out.status = res.status;
    out.statusText = res.statusText;
    readPacing(out, res, opts.now());
    if (res.aborted !== undefined) {
      out.aborted = res.aborted;
      return out;
    }
    if (res.error !== undefined) return fail(out, redact(res.error, opts.secret), out.requests);
    if (out.requests === 1 && res.status === 304) {
      out.notModified = true;
      return out;
    }
    if (res.status === null || res.status < 200 || res.status > 299) {
      const text = `HTTP ${res.status ?? '?'}${res.statusText ? ` ${res.statusText}` : ''}`;
      const hint = res.status === 429 && out.retryAfterMs === undefined ? ' (no Retry-After: backing off)' : '';
      return fail(out, text + hint, out.requests);
    }
    if (out.requests === 1) {
      out.etag = res.headers?.get('etag') ?? undefined;
      out.lastModified = res.headers?.get('last-modified') ?? undefined;
    }
    const parsed = parseBody(res.body);
    if (!parsed.ok) return fail(out, parsed.error, out.requests);
    const found = findItems(parsed.body, opts.itemsPath);
    if (!found.ok) return fail(out, found.error, out.requests);
    out.items.push(...found.items);

    const next: string | undefined = nextFromLink(res.headers?.get('link'), url) ?? nextFromHasMore(parsed.body, found.items, idPath, opts.url);
    if (next === undefined) break;
    out.paginated = true;
    const reachedKnown = opts.isKnown !== undefined && found.items.some((item) => {
      const id = keyOf(getPath(item, idPath));
      return id !== undefined && opts.isKnown?.(id) === true;
    });
    if (reachedKnown) break;
    if (out.requests >= opts.maxPages) {
      out.pageLimitHit = true;
      break;
    }
    if (next === url) break;
    url = next;
    headers = withoutValidators(opts.headers);
  }
  return out;
}

function fail(out: FetchPagesResult, error: string, page: number): FetchPagesResult {
  out.error = page > 1 ? `page ${page}: ${error}` : error;
  out.items = [];
  return out;
}

function readPacing(out: FetchPagesResult, res: HttpGetResult, now: number): void {
  if (!res.headers) return;
  if (res.status !== null && PACE_STATUSES.has(res.status)) out.retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now);
  out.pollIntervalMs = parsePollInterval(res.headers.get('x-poll-interval')) ?? out.pollIntervalMs;
  out.budget = parseRateBudget(res.headers, now) ?? out.budget;
}

function withoutValidators(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.delete('if-none-match');
  copy.delete('if-modified-since');
  return copy;
}

export function parseBody(body: Buffer | undefined): { ok: true; body: unknown } | { ok: false; error: string } {
  const text = (body ?? Buffer.alloc(0)).toString('utf8').replace(/^\uFEFF/, '');
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    const head = text.replace(/\s+/g, ' ').trim().slice(0, 80);
    return { ok: false, error: `response is not JSON: ${head === '' ? '(empty body)' : head}` };
  }
}
