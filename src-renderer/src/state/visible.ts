// The rows a column shows right now, shared by the column and the keyboard handler so both
// agree on what "the next row" is. Memoised on its inputs: filtering 100k rows once per change.
import type { EventRow, Stream } from '@contract/model';
import { filterRows } from '../lib/visible-rows';
import { selectViewMatches, selectViewMatchesVersion, selectViewPoll, selectViewPush, type State } from './store';

interface Entry {
  rows: readonly EventRow[];
  version: number;
  text: string;
  cls: State['classFilter'];
  result: readonly EventRow[];
}

const cache: Record<Stream, Entry | null> = { push: null, poll: null };

export function visibleRows(s: State, stream: Stream): readonly EventRow[] {
  const rows: readonly EventRow[] = stream === 'push' ? selectViewPush(s) : selectViewPoll(s);
  const version = selectViewMatchesVersion(s);
  const c = cache[stream];
  // The match version only matters when a class filter reads the groups.
  if (c && c.rows === rows && c.text === s.filterText && c.cls === s.classFilter && (s.classFilter === null || c.version === version)) {
    return c.result;
  }
  const result = filterRows(rows, { text: s.filterText, cls: s.classFilter }, selectViewMatches(s));
  cache[stream] = { rows, version, text: s.filterText, cls: s.classFilter, result };
  return result;
}
