// The rows a column shows right now, shared by the column and the keyboard handler so both
// agree on what "the next row" is. Memoised on its inputs, and incremental where it can be: new
// rows at the end are filtered alone, and a query that only narrows the last one (typing one more
// letter) filters the last result instead of all 100k rows.
import type { EventRow, Stream } from '@contract/model';
import { filterRows, isFilterActive, narrows, parseCached, rowPasses, type RowFilter } from '../lib/visible-rows';
import { selectViewMatches, selectViewMatchesVersion, selectViewPoll, selectViewPush, type State } from './store';

interface Entry {
  rows: readonly EventRow[];
  version: number;
  text: string;
  cls: State['classFilter'];
  coreIds: ReadonlySet<string> | null;
  result: readonly EventRow[];
}

const cache: Record<Stream, Entry | null> = { push: null, poll: null };

/** Where `rows` continues `prev` (rows dropped from the front, rows added at the end), or -1. */
function continuation(prev: readonly EventRow[], rows: readonly EventRow[]): number {
  if (prev.length === 0) return 0;
  if (rows.length === 0) return -1;
  // Rows only leave from the front (the cap) and arrive at the end.
  const dropped = prev.indexOf(rows[0]);
  if (dropped < 0) return -1;
  const kept = prev.length - dropped;
  if (kept > rows.length || rows[kept - 1] !== prev[prev.length - 1]) return -1;
  return dropped;
}

export function visibleRows(s: State, stream: Stream, text: string = s.filterText): readonly EventRow[] {
  const rows: readonly EventRow[] = stream === 'push' ? selectViewPush(s) : selectViewPoll(s);
  const version = selectViewMatchesVersion(s);
  const coreIds = s.coreSearch.text === text ? s.coreSearch.ids : null;
  const filter: RowFilter = { text, cls: s.classFilter, coreIds };
  const q = parseCached(text);
  const usesGroups = s.classFilter !== null || q.terms.some((t) => t.field === 'class');
  const c = cache[stream];
  const sameFilter = c !== null && c.cls === s.classFilter && c.coreIds === coreIds && (!usesGroups || c.version === version);
  if (c && sameFilter && c.rows === rows && c.text === text) return c.result;

  let result: readonly EventRow[];
  if (!isFilterActive(filter)) {
    result = rows;
  } else if (c && sameFilter && c.text === text && c.result !== c.rows) {
    const dropped = continuation(c.rows, rows);
    if (dropped < 0) {
      result = filterRows(rows, filter, selectViewMatches(s));
    } else {
      const gone = new Set(c.rows.slice(0, dropped));
      const next = c.result.filter((r, i) => i >= gone.size || !gone.has(r));
      const matches = selectViewMatches(s);
      for (let i = c.rows.length - dropped; i < rows.length; i++) if (rowPasses(rows[i], q, filter, matches)) next.push(rows[i]);
      result = next;
    }
  } else if (c && sameFilter && c.rows === rows && c.result !== c.rows && narrows(parseCached(c.text), q)) {
    const matches = selectViewMatches(s);
    result = c.result.filter((r) => rowPasses(r, q, filter, matches));
  } else {
    result = filterRows(rows, filter, selectViewMatches(s));
  }
  cache[stream] = { rows, version, text, cls: s.classFilter, coreIds, result };
  return result;
}
