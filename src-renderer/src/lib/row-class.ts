// What colour a row carries. The class answers "did the other stream see this too?".
import type { EventRow, MatchGroup } from '@contract/model';

export type RowClass = 'both' | 'push-only' | 'poll-only' | 'duplicate' | 'rejected' | 'baseline' | 'unkeyed';

export const ROW_CLASS_LABEL: Record<RowClass, string> = {
  both: 'seen by both streams',
  'push-only': 'push only: polling missed it',
  'poll-only': 'poll only: the webhook never came',
  duplicate: 'duplicate delivery',
  rejected: 'rejected by the receiver',
  baseline: 'baseline: existed before the session',
  unkeyed: 'no match key',
};

export type MatchLookup = Pick<ReadonlyMap<string, MatchGroup>, 'get'>;

export function rowClass(row: EventRow, matches: MatchLookup): RowClass {
  if (row.stream === 'push' && row.rejected !== undefined) return 'rejected';
  // Baseline items existed before the session: neither stream "missed" them.
  if (row.stream === 'poll' && row.change === 'baseline') return 'baseline';
  const group = row.matchKey === undefined ? undefined : matches.get(row.matchKey);
  if (!group) {
    if (row.matchKey === undefined) return 'unkeyed';
    return row.stream === 'push' ? 'push-only' : 'poll-only';
  }
  // Only deliveries beyond the first are duplicates; the first one keeps the group's class.
  if (row.stream === 'push' && group.pushIds.indexOf(row.id) > 0) return 'duplicate';
  if (group.cls === 'both') return 'both';
  return row.stream === 'push' ? 'push-only' : 'poll-only';
}

/** The classes the summary strip can filter by. */
export type ClassFilter = 'both' | 'push-only' | 'poll-only' | 'duplicate';

/**
 * Whether a row belongs to a filter class. Filters work on the row's group, so choosing
 * "duplicates" shows the first delivery beside its repeats, and "both" shows both sides.
 */
export function rowInClass(row: EventRow, filter: ClassFilter, matches: MatchLookup): boolean {
  if (row.stream === 'poll' && row.change === 'baseline') return false;
  if (row.stream === 'push' && row.rejected !== undefined) return false;
  const group = row.matchKey === undefined ? undefined : matches.get(row.matchKey);
  if (!group) return false;
  if (filter === 'duplicate') return group.duplicates > 0;
  return group.cls === filter;
}
