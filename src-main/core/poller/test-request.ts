// The source editor's "test request": one GET with the source's settings, nothing recorded or
// remembered, answering with the raw response and what the poller would find in it.
import type { PollSourceConfig, PollTestResult } from '../../contract/model';
import { nowMs } from '../clock';
import { getPath } from '../json-path';
import { applyAuth, redact } from './auth';
import { parseBody } from './fetch-pages';
import { httpGet } from './http-get';
import { findItems, indexItems, indexWarning } from './items';
import { nextFromHasMore, nextFromLink } from './pagination';
import { parseRateBudget } from './rate-limit';

const SHOWN_BODY = 64 * 1024;
const SAMPLE = 5;
const IDS = 20;

export interface TestRequestOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
}

export async function testRequest(config: Omit<PollSourceConfig, 'id' | 'enabled' | 'intervalMs' | 'name'>, secret: string | undefined, opts: TestRequestOptions = {}): Promise<PollTestResult> {
  const result: PollTestResult = { url: config.url, status: null, statusText: '', durationMs: 0, bytes: 0, headers: [], body: '', bodyTruncated: false, ids: [], sample: [] };
  const headers = new Headers();
  try {
    for (const [name, value] of config.headers) headers.append(name, value);
  } catch (err) {
    return { ...result, error: `invalid header: ${err instanceof Error ? err.message : String(err)}` };
  }
  const authed = applyAuth(config.url, headers, config.auth, secret);
  if (typeof authed === 'string') return { ...result, error: authed };
  result.url = authed.shownUrl;
  if (!headers.has('accept')) headers.set('accept', 'application/json');

  const t = nowMs();
  const res = await httpGet({
    url: authed.url,
    headers,
    fetch: opts.fetch ?? globalThis.fetch,
    timeoutMs: opts.timeoutMs ?? 15_000,
    maxBytes: opts.maxBytes ?? 50 * 1024 * 1024,
    signal: opts.signal ?? new AbortController().signal,
  });
  result.durationMs = Math.round(nowMs() - t);
  result.status = res.status;
  result.statusText = res.statusText;
  result.bytes = res.bytes;
  result.headers = res.headers ? [...res.headers].filter(([name]) => name !== 'set-cookie') : [];
  if (res.error !== undefined) return { ...result, error: redact(res.error, secret) };
  const text = (res.body ?? Buffer.alloc(0)).toString('utf8');
  result.body = text.length > SHOWN_BODY ? text.slice(0, SHOWN_BODY) : text;
  result.bodyTruncated = text.length > SHOWN_BODY;
  if (res.headers) {
    const budget = parseRateBudget(res.headers, nowMs());
    if (budget) result.budget = budget;
  }
  if (res.status === null || res.status < 200 || res.status > 299) return { ...result, error: `HTTP ${res.status ?? '?'}${res.statusText ? ` ${res.statusText}` : ''}` };

  const parsed = parseBody(res.body);
  if (!parsed.ok) return { ...result, itemsError: parsed.error };
  const found = findItems(parsed.body, config.itemsPath);
  if (!found.ok) return { ...result, itemsError: found.error };
  const indexed = indexItems(found.items, config.idPath, config.updatedAtPath);
  const next = nextFromLink(res.headers?.get('link'), config.url) ?? nextFromHasMore(parsed.body, found.items, config.idPath, config.url);
  return {
    ...result,
    itemCount: found.items.length,
    ids: [...indexed.byId.keys()].slice(0, IDS),
    sample: found.items.slice(0, SAMPLE),
    ...(indexWarning(indexed, config.idPath) && { warning: indexWarning(indexed, config.idPath) }),
    ...(next && { nextPage: redact(next, secret) }),
    ...(getPath(parsed.body, 'has_more') === true && !next && { warning: 'has_more is true but the last item has no id at the id path' }),
  };
}
