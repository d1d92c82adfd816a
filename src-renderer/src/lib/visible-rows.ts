// Which rows a column shows, given the filter box's query and the class chosen in the summary strip.
import type { EventRow } from '@contract/model';
import { isEmptyQuery, parseSearchQuery, type SearchQuery, type SearchTerm } from '@contract/search-query';
import { rowClass, rowInClass, type ClassFilter, type MatchLookup } from './row-class';

/** The text a filter query is matched against: what the row shows plus its ids. */
export function rowSearchText(row: EventRow): string {
  if (row.stream === 'push') {
    return `${row.id} ${row.method} ${row.path} ${row.query} ${row.summary} ${row.matchKey ?? ''} ${row.rejected ?? ''}`;
  }
  return `${row.id} ${row.change} ${row.itemId} ${row.summary} ${row.matchKey ?? ''} ${row.sourceId}`;
}

// Rows are immutable, so each one's lower-cased text is built once, not on every keystroke. It is
// kept on the row itself under a symbol (not enumerable: invisible to JSON, spreads and equality
// checks): a WeakMap lookup per row was most of the cost of filtering 100k rows (~4× a property
// read). A row that cannot take the property (frozen) falls back to the WeakMap.
const LOWERED = Symbol('lowered search text');
type Cached = EventRow & { [LOWERED]?: string };
const loweredFrozen = new WeakMap<EventRow, string>();

function loweredText(row: EventRow): string {
  const cached = (row as Cached)[LOWERED];
  if (cached !== undefined) return cached;
  let text = loweredFrozen.get(row);
  if (text !== undefined) return text;
  text = rowSearchText(row).toLowerCase();
  if (Object.isExtensible(row)) Object.defineProperty(row, LOWERED, { value: text });
  else loweredFrozen.set(row, text);
  return text;
}

/**
 * Builds the lower-cased text of rows[from…] until `budgetMs` is spent; returns where it stopped
 * (rows.length when done). Run ahead of time so the first keystroke finds every text ready.
 */
export function warmRowText(rows: readonly EventRow[], from: number, budgetMs: number): number {
  const end = performance.now() + budgetMs;
  let i = from;
  while (i < rows.length) {
    loweredText(rows[i++]);
    if ((i & 1023) === 0 && performance.now() >= end) break;
  }
  return i;
}

export interface RowFilter {
  text: string;
  cls: ClassFilter | null;
  /**
   * The ids the core found for the query's header:/body: terms; null (or absent) while unknown,
   * in which case those terms do not narrow the rows yet.
   */
  coreIds?: ReadonlySet<string> | null;
}

// The last query parsed: typing re-filters often with the same text (new rows, class changes).
let lastText: string | null = null;
let lastQuery: SearchQuery = parseSearchQuery('');

export function parseCached(text: string): SearchQuery {
  if (text !== lastText) {
    lastQuery = parseSearchQuery(text);
    lastText = text;
  }
  return lastQuery;
}

export function isFilterActive(f: RowFilter): boolean {
  return f.cls !== null || !isEmptyQuery(parseCached(f.text));
}

function termHolds(row: EventRow, t: SearchTerm, matches: MatchLookup): boolean {
  switch (t.field) {
    case 'method':
      return row.stream === 'push' && row.method.toLowerCase() === t.value.toLowerCase();
    case 'path':
      return row.stream === 'push' && row.path.toLowerCase().includes(t.value.toLowerCase());
    case 'status':
      return row.stream === 'push' && row.status >= (t.min ?? 0) && row.status <= (t.max ?? 999);
    case 'class':
      if (t.value === 'both' || t.value === 'push-only' || t.value === 'poll-only' || t.value === 'duplicate') {
        return rowInClass(row, t.value, matches);
      }
      return rowClass(row, matches) === t.value;
    case 'header':
    case 'body':
      // Checked together in rowPasses: the core answers for all of them at once.
      return !t.negate;
  }
}

/** Whether one row passes the parsed query (and class filter). */
export function rowPasses(row: EventRow, q: SearchQuery, f: RowFilter, matches: MatchLookup): boolean {
  if (f.cls !== null && !rowInClass(row, f.cls, matches)) return false;
  if (q.words.length > 0 || q.notWords.length > 0) {
    const text = loweredText(row);
    for (const w of q.words) if (!text.includes(w)) return false;
    for (const w of q.notWords) if (text.includes(w)) return false;
  }
  let core = false;
  for (const t of q.terms) {
    if (t.field === 'header' || t.field === 'body') {
      core = true;
      continue;
    }
    if (termHolds(row, t, matches) === t.negate) return false;
  }
  // The core's ids already combine every header/body term, negations included; until they
  // arrive, those terms do not narrow the rows.
  if (core && f.coreIds) return f.coreIds.has(row.id);
  return true;
}

/** Returns the same array when no filter is active, so an unfiltered column costs nothing. */
export function filterRows<R extends EventRow>(rows: readonly R[], f: RowFilter, matches: MatchLookup): readonly R[] {
  if (!isFilterActive(f)) return rows;
  const q = parseCached(f.text);
  const out: R[] = [];
  for (const row of rows) if (rowPasses(row, q, f, matches)) out.push(row);
  return out;
}

/**
 * Whether every row query `b` passes also passes query `a` (b only narrows a): then b can be
 * filtered from a's result instead of from every row. True when b only adds free words or makes
 * them longer, the usual case while typing.
 */
export function narrows(a: SearchQuery, b: SearchQuery): boolean {
  if (JSON.stringify(a.terms) !== JSON.stringify(b.terms)) return false;
  if (!a.notWords.every((w) => b.notWords.includes(w))) return false;
  return a.words.every((w) => b.words.some((x) => x.includes(w)));
}
