// Asks the core for the filter's header:/body: terms (the renderer has no bodies), debounced while
// typing, and again (throttled) as new rows arrive so a live filter keeps catching new events.
// Answers to an older query are dropped: only the latest filter text counts.
import type { HookscopeApi } from '@contract/api';
import { needsCoreSearch, parseSearchQuery } from '@contract/search-query';
import type { HookscopeStore } from './store';
import { initialSearch } from './search-slice';

export interface CoreSearchOptions {
  /** Quiet time after the last keystroke before the core is asked. */
  debounceMs?: number;
  /** At most one refresh per this while rows stream in. */
  refreshMs?: number;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function bindCoreSearch(api: Pick<HookscopeApi, 'search'>, store: HookscopeStore, opts: CoreSearchOptions = {}): () => void {
  const debounceMs = opts.debounceMs ?? 200;
  const refreshMs = opts.refreshMs ?? 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  let closed = false;
  let seenPush = store.getState().push;
  let seenPoll = store.getState().poll;

  const cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const run = (text: string): void => {
    timer = undefined;
    const mine = ++seq;
    const current = (): boolean => !closed && mine === seq && store.getState().filterText === text;
    api.search(text).then(
      (ids) => {
        if (current()) store.getState().setCoreSearch({ text, ids: new Set(ids), pending: false, error: null });
      },
      (err: unknown) => {
        if (current()) store.getState().setCoreSearch({ text, ids: null, pending: false, error: `Searching headers and bodies failed: ${messageOf(err)}` });
      },
    );
  };

  const onChange = (): void => {
    const s = store.getState();
    const text = s.filterText;
    const rowsChanged = s.push !== seenPush || s.poll !== seenPoll;
    seenPush = s.push;
    seenPoll = s.poll;
    if (!needsCoreSearch(parseSearchQuery(text))) {
      if (s.coreSearch.text !== '' || s.coreSearch.pending) {
        cancel();
        seq++;
        s.setCoreSearch(initialSearch().coreSearch);
      }
      return;
    }
    if (s.coreSearch.text !== text) {
      cancel();
      seq++;
      s.setCoreSearch({ text, ids: null, pending: true, error: null });
      timer = setTimeout(() => run(text), debounceMs);
      return;
    }
    // Same query, new rows: the earlier answer stays shown until the refreshed one arrives.
    if (rowsChanged && timer === undefined) timer = setTimeout(() => run(text), refreshMs);
  };

  const unsubscribe = store.subscribe(onChange);
  onChange();
  return () => {
    closed = true;
    cancel();
    unsubscribe();
  };
}
