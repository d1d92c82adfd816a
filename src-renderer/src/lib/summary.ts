// The five-second answer: how many events each stream saw that the other did not.
import type { MatchGroup } from '@contract/model';

export interface Summary {
  both: number;
  pushOnly: number;
  pollOnly: number;
  /** Push deliveries beyond the first, over all groups. */
  duplicates: number;
  /**
   * Median of (poll time − push time) over groups both sides saw: positive means push was
   * first. Undefined when no group has both sides yet.
   */
  p50LeadMs?: number;
  /** How many groups the median is taken over. */
  leadSamples: number;
}

/** Signed lead of push over poll for one group, when both sides saw it. */
export function pushLeadMs(g: MatchGroup): number | undefined {
  if (g.cls !== 'both') return undefined;
  if (g.firstPushT !== undefined && g.firstPollT !== undefined) return g.firstPollT - g.firstPushT;
  if (g.leadMs === undefined || g.first === undefined) return undefined;
  if (g.first === 'tie') return 0;
  return g.first === 'push' ? g.leadMs : -g.leadMs;
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  // A typed array sorts numerically in native code: ~10× faster than a comparator at 100k values.
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * `ignore` lets the caller leave out groups that are not real events of the session, such as
 * poll-only groups made only of baseline items (they existed before the session started).
 */
export function summarize(groups: Iterable<MatchGroup>, ignore?: (g: MatchGroup) => boolean): Summary {
  let both = 0;
  let pushOnly = 0;
  let pollOnly = 0;
  let duplicates = 0;
  const leads: number[] = [];
  for (const g of groups) {
    if (ignore?.(g)) continue;
    if (g.cls === 'both') both++;
    else if (g.cls === 'push-only') pushOnly++;
    else if (g.cls === 'poll-only') pollOnly++;
    duplicates += Math.max(0, g.duplicates);
    const lead = pushLeadMs(g);
    if (lead !== undefined) leads.push(lead);
  }
  return { both, pushOnly, pollOnly, duplicates, p50LeadMs: median(leads), leadSamples: leads.length };
}
