// Which rows a column shows, given the text filter and the class chosen in the summary strip.
import type { EventRow } from '@contract/model';
import { rowInClass, type ClassFilter, type MatchLookup } from './row-class';

/** The text a filter query is matched against: what the row shows plus its ids. */
export function rowSearchText(row: EventRow): string {
  if (row.stream === 'push') {
    return `${row.id} ${row.method} ${row.path} ${row.query} ${row.summary} ${row.matchKey ?? ''} ${row.rejected ?? ''}`;
  }
  return `${row.id} ${row.change} ${row.itemId} ${row.summary} ${row.matchKey ?? ''} ${row.sourceId}`;
}

export interface RowFilter {
  text: string;
  cls: ClassFilter | null;
}

export function isFilterActive(f: RowFilter): boolean {
  return f.text.trim() !== '' || f.cls !== null;
}

/** Returns the same array when no filter is active, so an unfiltered column costs nothing. */
export function filterRows<R extends EventRow>(rows: readonly R[], f: RowFilter, matches: MatchLookup): readonly R[] {
  if (!isFilterActive(f)) return rows;
  // Every word must appear somewhere in the row, in any order, case-insensitively.
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  const out: R[] = [];
  for (const row of rows) {
    if (f.cls !== null && !rowInClass(row, f.cls, matches)) continue;
    if (words.length > 0) {
      const text = rowSearchText(row).toLowerCase();
      if (!words.every((w) => text.includes(w))) continue;
    }
    out.push(row);
  }
  return out;
}
