// Builds each row's lower-cased filter text while the page is idle, in small slices, so the first
// filter keystroke over 100k rows scans ready strings instead of building them all at once.
import type { EventRow } from '@contract/model';
import { warmRowText } from '../lib/visible-rows';
import type { HookscopeStore } from './store';

const SLICE_MS = 6;

type Later = (fn: () => void) => () => void;

const idle: Later = (fn) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: 500 });
    return () => cancelIdleCallback(id);
  }
  const t = setTimeout(fn, 16);
  return () => clearTimeout(t);
};

export function bindTextWarmup(store: HookscopeStore, later: Later = idle): () => void {
  const cursor = new Map<readonly EventRow[], number>();
  let cancel: (() => void) | null = null;

  const step = (): void => {
    cancel = null;
    const s = store.getState();
    let left = false;
    for (const rows of [s.push, s.poll] as readonly EventRow[][]) {
      const at = warmRowText(rows, cursor.get(rows) ?? 0, SLICE_MS);
      cursor.set(rows, at);
      if (at < rows.length) left = true;
    }
    // Only the current arrays matter; older ones are dropped with their cursors.
    for (const rows of cursor.keys()) if (rows !== s.push && rows !== s.poll) cursor.delete(rows);
    if (left) cancel = later(step);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if ((s.push !== prev.push || s.poll !== prev.poll) && cancel === null) cancel = later(step);
  });
  cancel = later(step);
  return () => {
    cancel?.();
    cancel = null;
    unsubscribe();
  };
}
