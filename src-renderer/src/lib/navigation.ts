// Keyboard movement over the visible rows of a column. Pure: index arithmetic only.
import type { EventRow } from '@contract/model';

export function indexOfId(rows: readonly EventRow[], id: string | undefined): number {
  if (id === undefined) return -1;
  // Selections sit near the newest rows more often than not, so search from the end.
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i].id === id) return i;
  return -1;
}

/**
 * The row ↑/↓ lands on. With nothing selected in this column, ↑ starts at the newest row and
 * ↓ at the oldest, like a terminal history.
 */
export function moveSelection(rows: readonly EventRow[], currentId: string | undefined, delta: number): EventRow | undefined {
  if (rows.length === 0) return undefined;
  const at = indexOfId(rows, currentId);
  if (at < 0 && Number.isFinite(delta)) return delta < 0 ? rows[rows.length - 1] : rows[0];
  if (delta === Infinity) return rows[rows.length - 1];
  if (delta === -Infinity) return rows[0];
  const next = Math.min(rows.length - 1, Math.max(0, at + delta));
  return rows[next];
}

/** The first visible row of the other column with the same match key, if any. */
export function partnerIn(rows: readonly EventRow[], matchKey: string | undefined): EventRow | undefined {
  if (matchKey === undefined) return undefined;
  for (const row of rows) if (row.matchKey === matchKey) return row;
  return undefined;
}

/**
 * Where ←/→ lands in the other column: the partner when there is one, else the row nearest
 * in time, so the eye stays at the same moment of the session.
 */
export function crossTarget(rows: readonly EventRow[], from: EventRow | undefined): EventRow | undefined {
  if (rows.length === 0) return undefined;
  if (!from) return rows[rows.length - 1];
  const partner = partnerIn(rows, from.matchKey);
  if (partner) return partner;
  // Rows are in arrival order, so a binary search by time finds the nearest one.
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].t < from.t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(rows[lo - 1].t - from.t) <= Math.abs(rows[lo].t - from.t)) return rows[lo - 1];
  return rows[lo];
}
