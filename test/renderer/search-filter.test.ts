import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventRow, MatchGroup } from '@contract/model';
import { filterRows, narrows, warmRowText } from '../../src-renderer/src/lib/visible-rows';
import { parseSearchQuery } from '@contract/search-query';
import { bindCoreSearch } from '../../src-renderer/src/state/core-search';
import { resetStore, useHookscope } from '../../src-renderer/src/state/store';
import { visibleRows } from '../../src-renderer/src/state/visible';
import { createFakeApi, makeGroup, makePoll, makePush, rowOf } from './fake-api';

const mapOf = (...gs: MatchGroup[]): Map<string, MatchGroup> => new Map(gs.map((g) => [g.key, g]));
const ids = (rows: readonly EventRow[]): string[] => rows.map((r) => r.id);

describe('filterRows with the query syntax', () => {
  const post = rowOf(makePush({ method: 'POST', path: '/hooks/github', status: 200, summary: 'push main', matchKey: 'k1' }));
  const get = rowOf(makePush({ method: 'GET', path: '/health', status: 404, summary: 'probe' }));
  const rej = rowOf(makePush({ method: 'POST', path: '/hooks/big', status: 413, rejected: 'body too large', matchKey: 'k3' }));
  const polled = rowOf(makePoll({ summary: 'new item', matchKey: 'k2' }));
  const base = rowOf(makePoll({ change: 'baseline', matchKey: 'k4' }));
  const rows: EventRow[] = [post, get, rej, polled, base];
  const groups = mapOf(makeGroup({ key: 'k1', cls: 'push-only', pushIds: [post.id] }), makeGroup({ key: 'k2', cls: 'poll-only', pollIds: [polled.id] }));
  const f = (text: string, coreIds: ReadonlySet<string> | null = null): string[] => ids(filterRows(rows, { text, cls: null, coreIds }, groups));

  it('method, path and status apply to pushes; polled rows have none of them', () => {
    expect(f('method:post')).toEqual([post.id, rej.id]);
    expect(f('-method:POST')).toEqual([get.id, polled.id, base.id]);
    expect(f('path:/hooks')).toEqual([post.id, rej.id]);
    expect(f('status:4xx')).toEqual([get.id, rej.id]);
    expect(f('status:>=413 method:POST')).toEqual([rej.id]);
  });

  it('class follows the summary strip for group classes and the row colour for the others', () => {
    expect(f('class:push-only')).toEqual([post.id]);
    expect(f('class:poll-only')).toEqual([polled.id]);
    expect(f('class:rejected')).toEqual([rej.id]);
    expect(f('class:baseline')).toEqual([base.id]);
    expect(f('class:unkeyed')).toEqual([get.id]);
  });

  it('free words and negated words combine with terms', () => {
    expect(f('probe')).toEqual([get.id]);
    expect(f('post -github')).toEqual([rej.id]);
    expect(f('"too large"')).toEqual([rej.id]);
  });

  it('header/body terms narrow to the core ids once known, and not before', () => {
    expect(f('body:x')).toEqual(ids(rows));
    expect(f('body:x', new Set([polled.id, get.id]))).toEqual([get.id, polled.id]);
    expect(f('body:x method:GET', new Set([polled.id, get.id]))).toEqual([get.id]);
  });

  it('a query with only mistakes filters nothing', () => {
    expect(filterRows(rows, { text: 'status:abc', cls: null }, groups)).toBe(rows);
  });

  it('narrows() recognises typing one more letter, not a changed term', () => {
    expect(narrows(parseSearchQuery('push_0'), parseSearchQuery('push_00'))).toBe(true);
    expect(narrows(parseSearchQuery('a'), parseSearchQuery('a b'))).toBe(true);
    expect(narrows(parseSearchQuery('ab'), parseSearchQuery('a'))).toBe(false);
    expect(narrows(parseSearchQuery('a method:GET'), parseSearchQuery('ab method:POST'))).toBe(false);
  });
});

describe('visibleRows, incremental', () => {
  beforeEach(() => resetStore());

  it('gives the same rows as a full filter as rows arrive, leave by the cap, and the query narrows', () => {
    const all = Array.from({ length: 60 }, (_, i) => rowOf(makePush({ summary: i % 3 === 0 ? `lead.replied ${i}` : `lead.created ${i}` })));
    const check = (): void => {
      const s = useHookscope.getState();
      expect(ids(visibleRows(s, 'push'))).toEqual(ids(filterRows(s.push, { text: s.filterText, cls: null }, s.matches)));
    };
    useHookscope.setState({ push: all.slice(0, 30), filterText: 'replied' });
    check();
    useHookscope.setState({ push: all.slice(0, 45) }); // appended
    check();
    useHookscope.setState({ push: all.slice(10, 50) }); // trimmed at the front and appended
    check();
    useHookscope.setState({ filterText: 'replied 3' }); // narrowed
    check();
    useHookscope.setState({ filterText: 'replied' }); // widened: a full pass
    check();
    useHookscope.setState({ push: all.slice(55, 60) }); // no overlap at all
    check();
  });
});

describe('bindCoreSearch', () => {
  beforeEach(() => {
    resetStore();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('asks the core after typing pauses, keeps only the latest answer, and clears when no longer needed', async () => {
    const fake = createFakeApi();
    fake.searchResults.set('body:lead', ['push_a', 'push_b']);
    const stop = bindCoreSearch(fake.api, useHookscope, { debounceMs: 50, refreshMs: 100 });
    try {
      useHookscope.getState().setFilterText('body:le');
      expect(useHookscope.getState().coreSearch).toMatchObject({ text: 'body:le', pending: true, ids: null });
      useHookscope.getState().setFilterText('body:lead');
      await vi.advanceTimersByTimeAsync(60);
      expect(fake.calls.filter((c) => c.name === 'search').map((c) => c.args)).toEqual([['body:lead']]);
      expect(useHookscope.getState().coreSearch.pending).toBe(false);
      expect([...(useHookscope.getState().coreSearch.ids ?? [])]).toEqual(['push_a', 'push_b']);

      // New rows refresh the answer (throttled), the old one stays shown meanwhile.
      useHookscope.setState({ push: [rowOf(makePush())] });
      await vi.advanceTimersByTimeAsync(110);
      expect(fake.calls.filter((c) => c.name === 'search')).toHaveLength(2);

      useHookscope.getState().setFilterText('method:POST');
      expect(useHookscope.getState().coreSearch).toMatchObject({ text: '', ids: null, pending: false });
    } finally {
      stop();
    }
  });

  it('shows a failed search as an error, not as an empty result', async () => {
    const fake = createFakeApi();
    fake.failNext('search', 'the search was cancelled');
    const stop = bindCoreSearch(fake.api, useHookscope, { debounceMs: 10 });
    try {
      useHookscope.getState().setFilterText('header:x-a');
      await vi.advanceTimersByTimeAsync(20);
      expect(useHookscope.getState().coreSearch).toMatchObject({ ids: null, pending: false });
      expect(useHookscope.getState().coreSearch.error).toMatch(/Searching headers and bodies failed: the search was cancelled/);
    } finally {
      stop();
    }
  });
});

describe('warmRowText', () => {
  it('works through the rows in slices and says where it stopped', () => {
    const rows = Array.from({ length: 3000 }, () => rowOf(makePush()));
    expect(warmRowText(rows, 0, 1_000)).toBe(3000);
    expect(warmRowText(rows, 3000, 1_000)).toBe(3000);
    // A spent budget still makes progress (one slice of 1024 rows at least).
    expect(warmRowText(rows, 0, -1)).toBe(1024);
  });
});

describe('the cached search text of a row', () => {
  it('stays invisible to JSON, spreads and equality, and frozen rows are filtered too', () => {
    const row = rowOf(makePush({ summary: 'Lead Replied', path: '/hooks/x' }));
    const before = { ...row };
    const frozen = Object.freeze(rowOf(makePush({ summary: 'lead replied twice' })));
    const other = rowOf(makePush({ summary: 'something else' }));
    expect(warmRowText([row, frozen, other], 0, 1_000)).toBe(3);
    expect(ids(filterRows([row, frozen, other], { text: 'LEAD replied', cls: null }, new Map()))).toEqual([row.id, frozen.id]);
    expect(JSON.stringify(row)).toBe(JSON.stringify(before));
    expect(Object.keys(row)).toEqual(Object.keys(before));
    expect(row).toStrictEqual(before);
  });
});
