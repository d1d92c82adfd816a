// Searching stored headers and bodies for the filter's header:/body: terms. Small bodies are in
// memory, large ones are read from disk by the store's iterator; either way the scan hands the event
// loop back every few milliseconds, so a search over 100k events never stalls capture, and it stops
// as soon as its signal is aborted (a newer search, a cleared session, shutdown).
import type { HookEvent } from '../../contract/model';
import { matchesContent, needsCoreSearch, parseSearchQuery, type SearchableContent } from '../../contract/search-query';
import { decodeBody } from '../body-codec';

export interface SearchOptions {
  signal?: AbortSignal;
  /** Longest stretch of scanning between two turns of the event loop. */
  sliceMs?: number;
}

export class SearchCancelledError extends Error {
  constructor(reason?: unknown) {
    super(typeof reason === 'string' ? reason : 'the search was cancelled');
    this.name = 'SearchCancelledError';
  }
}

function contentOf(ev: HookEvent): SearchableContent {
  if (ev.stream === 'push') {
    let body: string;
    try {
      body = ev.bodyEncoding === 'utf8' ? ev.body : decodeBody(ev.body, ev.bodyEncoding).toString('utf8');
    } catch {
      // A damaged record still gets its headers searched; its body cannot match anything.
      body = '';
    }
    return { headers: ev.headers.map(([n, v]) => [n.toLowerCase(), v.toLowerCase()] as const), body: body.toLowerCase() };
  }
  let item: string;
  try {
    item = JSON.stringify(ev.item) ?? '';
  } catch {
    item = '';
  }
  return { headers: [], body: item.toLowerCase() };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Ids of the events, oldest first, whose headers and bodies satisfy the query's header: and body:
 * terms. Throws when the query has none (every event would match: the caller wanted row terms) or
 * is not understood, and SearchCancelledError when the signal fires.
 */
export async function searchEvents(events: AsyncIterable<HookEvent>, query: string, opts: SearchOptions = {}): Promise<string[]> {
  const q = parseSearchQuery(query);
  const refused = q.problems.find((p) => p.startsWith('the query is longer'));
  if (refused) throw new Error(refused);
  if (!needsCoreSearch(q)) throw new Error('the query has no header: or body: term to search for');
  const sliceMs = opts.sliceMs ?? 8;
  const signal = opts.signal;
  const ids: string[] = [];
  let sliceStart = performance.now();
  for await (const ev of events) {
    if (signal?.aborted) throw new SearchCancelledError(signal.reason);
    if (matchesContent(q, contentOf(ev))) ids.push(ev.id);
    if (performance.now() - sliceStart >= sliceMs) {
      await turn();
      sliceStart = performance.now();
    }
  }
  if (signal?.aborted) throw new SearchCancelledError(signal.reason);
  return ids;
}
