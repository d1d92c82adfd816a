// The full classification of logical events, from rows only (no payloads): both / push-only /
// poll-only, plus what happened on the way — duplicate pushes, pushes that arrived after a later
// event, objects that changed after they were pushed, and delays that make no sense because the
// source clock runs ahead. Pure: the core, the report and the renderer all compute the same thing.
import type { FirstSide, MatchClass, PollRow, PushRow } from '../../contract/model';

/** Push and poll times closer than this count as a tie: below what either side can resolve. */
const TIE_MS = 1;
/** A delay below minus this means the source's clock is ahead of ours, not that we saw the future. */
export const SKEW_TOLERANCE_MS = 5;

export interface EventRecord {
  key: string;
  cls: MatchClass;
  /** Push deliveries beyond the first (retries, duplicates). */
  duplicates: number;
  /** Its first push arrived after the push of an event created later (by source time). */
  outOfOrder: boolean;
  /** The polled object is not the one that was pushed (changed in the API afterwards). */
  changedAfterPush: boolean;
  /** The item disappeared from the API while polling watched it. */
  removed: boolean;
  pushIds: string[];
  pollIds: string[];
  sourceTime?: number;
  firstPushT?: number;
  firstPollT?: number;
  /** Delay of each side from the source time (ms). May be negative: see `negativeDelay`. */
  pushDelayMs?: number;
  pollDelayMs?: number;
  /** A delay below -SKEW_TOLERANCE_MS: the source clock is ahead, the delay is not meaningful. */
  negativeDelay: boolean;
  first?: FirstSide;
  /** How much earlier the first side learned of it (ms), when both have. */
  leadMs?: number;
  /** When Hookscope first learned of the event, by either side. */
  seenAt: number;
}

export interface ClassifyInput {
  push: readonly PushRow[];
  poll: readonly PollRow[];
  /**
   * Keys whose last polled object differs from the pushed payload. Only a caller holding the
   * payloads (the report) knows this; without it a later `changed` poll row is the evidence.
   */
  contentDiffers?: ReadonlySet<string>;
}

interface Acc {
  key: string;
  pushIds: string[];
  pollIds: string[];
  pollSightings: number;
  changedRows: number;
  removed: boolean;
  sourceTime?: number;
  firstPushT?: number;
  firstPollT?: number;
}

export function classify(input: ClassifyInput): EventRecord[] {
  const byKey = new Map<string, Acc>();
  const accFor = (key: string): Acc => {
    let acc = byKey.get(key);
    if (!acc) {
      acc = { key, pushIds: [], pollIds: [], pollSightings: 0, changedRows: 0, removed: false };
      byKey.set(key, acc);
    }
    return acc;
  };
  for (const row of input.push) {
    if (row.rejected || row.matchKey === undefined) continue;
    const acc = accFor(row.matchKey);
    acc.pushIds.push(row.id);
    if (acc.firstPushT === undefined || row.t < acc.firstPushT) acc.firstPushT = row.t;
    // The pushed payload is the event as created: its time wins over a later API copy's.
    if (row.sourceTime !== undefined && acc.pushIds.length === 1) acc.sourceTime = row.sourceTime;
  }
  for (const row of input.poll) {
    // Items already in the API when polling began say nothing about push versus poll.
    if (row.change === 'baseline' || row.matchKey === undefined) continue;
    const acc = accFor(row.matchKey);
    acc.pollIds.push(row.id);
    if (row.change === 'removed') acc.removed = true;
    else {
      acc.pollSightings += 1;
      if (row.change === 'changed') acc.changedRows += 1;
      if (acc.firstPollT === undefined || row.t < acc.firstPollT) acc.firstPollT = row.t;
    }
    if (acc.sourceTime === undefined && row.sourceTime !== undefined) acc.sourceTime = row.sourceTime;
  }

  const outOfOrder = outOfOrderKeys(byKey);
  const records: EventRecord[] = [];
  for (const acc of byKey.values()) {
    // A group made of removals only is an item that vanished without being seen new: nothing to judge.
    if (acc.pushIds.length === 0 && acc.pollSightings === 0) continue;
    records.push(recordOf(acc, outOfOrder.has(acc.key), input.contentDiffers?.has(acc.key) ?? false));
  }
  records.sort((a, b) => a.seenAt - b.seenAt || (a.key < b.key ? -1 : 1));
  return records;
}

function recordOf(acc: Acc, outOfOrder: boolean, differs: boolean): EventRecord {
  const pushed = acc.pushIds.length > 0;
  const polled = acc.pollSightings > 0;
  const record: EventRecord = {
    key: acc.key,
    cls: pushed && polled ? 'both' : pushed ? 'push-only' : 'poll-only',
    duplicates: Math.max(0, acc.pushIds.length - 1),
    outOfOrder,
    changedAfterPush: pushed && polled && (differs || acc.changedRows > 0),
    removed: acc.removed,
    pushIds: acc.pushIds,
    pollIds: acc.pollIds,
    negativeDelay: false,
    seenAt: Math.min(acc.firstPushT ?? Infinity, acc.firstPollT ?? Infinity),
  };
  if (acc.sourceTime !== undefined) record.sourceTime = acc.sourceTime;
  if (acc.firstPushT !== undefined) record.firstPushT = acc.firstPushT;
  if (acc.firstPollT !== undefined) record.firstPollT = acc.firstPollT;
  if (acc.sourceTime !== undefined) {
    if (acc.firstPushT !== undefined) record.pushDelayMs = acc.firstPushT - acc.sourceTime;
    if (acc.firstPollT !== undefined) record.pollDelayMs = acc.firstPollT - acc.sourceTime;
    record.negativeDelay = (record.pushDelayMs ?? 0) < -SKEW_TOLERANCE_MS || (record.pollDelayMs ?? 0) < -SKEW_TOLERANCE_MS;
  }
  if (acc.firstPushT !== undefined && acc.firstPollT !== undefined) {
    const diff = acc.firstPollT - acc.firstPushT;
    record.first = Math.abs(diff) < TIE_MS ? 'tie' : diff > 0 ? 'push' : 'poll';
    record.leadMs = Math.abs(diff);
  }
  return record;
}

/**
 * A push is out of order when, at the moment it arrived, a push of an event created later had
 * already arrived. Walks the first deliveries in arrival order keeping the latest source time seen.
 */
function outOfOrderKeys(byKey: Map<string, Acc>): Set<string> {
  const firsts = [...byKey.values()]
    .filter((a): a is Acc & { firstPushT: number; sourceTime: number } => a.firstPushT !== undefined && a.sourceTime !== undefined)
    .sort((a, b) => a.firstPushT - b.firstPushT);
  const late = new Set<string>();
  let latestSource = -Infinity;
  for (const acc of firsts) {
    if (acc.sourceTime < latestSource) late.add(acc.key);
    else latestSource = acc.sourceTime;
  }
  return late;
}
