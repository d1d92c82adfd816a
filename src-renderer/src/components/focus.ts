import type { Stream } from '@contract/model';

/** Moves keyboard focus to a column's list, where the arrow keys act. */
export function focusColumn(stream: Stream): void {
  const el = document.querySelector<HTMLElement>(`[data-column="${stream}"]`);
  el?.focus({ preventScroll: true });
}
