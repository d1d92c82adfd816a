// The bookkeeping behind a source's cost record, and the known set of a paginated list.
import type { PollCost, PollRecord } from '../../contract/model';
import type { KnownItem } from './items';

export const ZERO_COST: PollCost = { polls: 0, requests: 0, bytes: 0, emptyPolls: 0, notModified: 0, rateLimitWaits: 0, rateLimitWaitMs: 0, diffs: 0 };

/** The cost after one more poll. `sent`: a request went out; `ok`: it neither failed nor was aborted. */
export function addPoll(cost: PollCost, record: PollRecord, how: { sent: boolean; ok: boolean; diffed: boolean }): PollCost {
  const found = record.newCount + record.changedCount + record.removedCount;
  return {
    ...cost,
    polls: cost.polls + 1,
    requests: cost.requests + (how.sent ? (record.requests ?? 1) : 0),
    bytes: cost.bytes + record.bytes,
    // The baseline finds everything by definition; it is not an empty poll, nor a fruitful one.
    emptyPolls: cost.emptyPolls + (how.ok && found === 0 && !record.baseline ? 1 : 0),
    notModified: cost.notModified + (record.notModified ? 1 : 0),
    diffs: cost.diffs + (how.diffed ? 1 : 0),
  };
}

export function addRateLimitWait(cost: PollCost, waitMs: number): PollCost {
  return { ...cost, rateLimitWaits: cost.rateLimitWaits + 1, rateLimitWaitMs: cost.rateLimitWaitMs + waitMs };
}

/** Known ids kept for a paginated list; older ones are dropped past this. */
const MAX_KNOWN_PAGINATED = 50_000;

/** A paginated poll sees only the newest pages: what it saw, plus what was known before. */
export function mergeKnown(known: Map<string, KnownItem>, current: Map<string, KnownItem>): Map<string, KnownItem> {
  const merged = new Map(current);
  for (const [id, item] of known) {
    if (merged.size >= MAX_KNOWN_PAGINATED) break;
    if (!merged.has(id)) merged.set(id, item);
  }
  return merged;
}
