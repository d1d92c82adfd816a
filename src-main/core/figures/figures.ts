// The measured comparison of the two streams: counts per class, coverage, delays, who was first,
// and what each side cost. Pure and synchronous, so the live UI, the report and the tests share it.
import type { PollRecord, PollRow, PushRow } from '../../contract/model';
import { classify, SKEW_TOLERANCE_MS, type EventRecord } from './classify';
import { statsOf, type Stats } from './stats';

export interface FiguresInput {
  push: readonly PushRow[];
  poll: readonly PollRow[];
  pollRecords: readonly PollRecord[];
  contentDiffers?: ReadonlySet<string>;
}

export interface ClassCounts {
  /** Logical events (keys) seen by at least one side. */
  events: number;
  both: number;
  pushOnly: number;
  pollOnly: number;
  /** Events pushed more than once, and the extra deliveries in all. */
  duplicatePush: number;
  duplicateDeliveries: number;
  outOfOrderPush: number;
  changedAfterPush: number;
  removedFromApi: number;
}

export interface DelayFigures {
  /** `source-time` when the payloads carry a usable time; `gap` when only the two sides can be compared. */
  basis: 'source-time' | 'gap';
  push: Stats | null;
  poll: Stats | null;
  /** How far ahead the source clock runs, when delays below zero show it does. */
  sourceClockAheadMs?: number;
  /** Events whose delays were left out because they came out negative. */
  negativeDelays: number;
  note?: string;
}

export interface FirstFigures {
  push: number;
  poll: number;
  tie: number;
  /** By how much push was first where it was, and poll where it was. */
  pushLead: Stats | null;
  pollLead: Stats | null;
  /** Poll time minus push time over the pairs: positive means push is earlier. */
  gap: Stats | null;
}

export interface PushCost {
  requests: number;
  bytes: number;
  rejected: number;
}

export interface PollCost {
  requests: number;
  bytes: number;
  /** Polls that answered but found nothing new, changed or removed (304s included). */
  empty: number;
  notModified: number;
  /** 429 / 503 answers: time spent waiting for the rate limit. */
  rateLimited: number;
  errors: number;
  /** Items the polls reported as new or changed (baseline excluded). */
  changesFound: number;
}

export interface CostPerChange {
  pushRequests: number | null;
  pushBytes: number | null;
  pollRequests: number | null;
  pollBytes: number | null;
}

export interface Figures {
  from?: number;
  to?: number;
  counts: ClassCounts;
  /** Share (0..1) of all logical events each side saw. */
  coverage: { push: number | null; poll: number | null };
  delays: DelayFigures;
  first: FirstFigures;
  cost: { push: PushCost; poll: PollCost };
  perChange: CostPerChange;
}

export function computeFigures(input: FiguresInput, records: readonly EventRecord[] = classify(input)): Figures {
  const counts = countClasses(records);
  const cost = { push: pushCost(input.push), poll: pollCost(input.pollRecords) };
  const span = spanOf(records, input.pollRecords);
  const pushSaw = counts.both + counts.pushOnly;
  const pollSaw = counts.both + counts.pollOnly;
  return {
    ...(span && { from: span[0], to: span[1] }),
    counts,
    coverage: {
      push: counts.events > 0 ? pushSaw / counts.events : null,
      poll: counts.events > 0 ? pollSaw / counts.events : null,
    },
    delays: delayFigures(records),
    first: firstFigures(records),
    cost,
    perChange: {
      pushRequests: pushSaw > 0 ? cost.push.requests / pushSaw : null,
      pushBytes: pushSaw > 0 ? cost.push.bytes / pushSaw : null,
      pollRequests: cost.poll.changesFound > 0 ? cost.poll.requests / cost.poll.changesFound : null,
      pollBytes: cost.poll.changesFound > 0 ? cost.poll.bytes / cost.poll.changesFound : null,
    },
  };
}

export interface WindowFigures {
  start: number;
  end: number;
  figures: Figures;
}

/** The same figures per time window, each event and poll in the window where it was first seen. */
export function computeWindows(input: FiguresInput, windowMs: number, records: readonly EventRecord[] = classify(input)): WindowFigures[] {
  if (!(windowMs > 0)) throw new RangeError(`the window must be a positive number of ms, got ${windowMs}`);
  const span = spanOf(records, input.pollRecords);
  if (!span) return [];
  const origin = Math.floor(span[0] / windowMs) * windowMs;
  const slot = (t: number): number => Math.floor((t - origin) / windowMs);
  const count = slot(span[1]) + 1;
  const buckets = Array.from({ length: count }, () => ({ records: [] as EventRecord[], push: [] as PushRow[], pollRecords: [] as PollRecord[], }));
  const pushIds = new Map(input.push.map((r) => [r.id, r]));
  for (const record of records) {
    const b = buckets[slot(record.seenAt)];
    b.records.push(record);
    for (const id of record.pushIds) {
      const row = pushIds.get(id);
      if (row) b.push.push(row);
    }
  }
  for (const rec of input.pollRecords) buckets[slot(rec.t)].pollRecords.push(rec);
  return buckets.map((b, i) => ({
    start: origin + i * windowMs,
    end: origin + (i + 1) * windowMs,
    figures: computeFigures({ push: b.push, poll: [], pollRecords: b.pollRecords }, b.records),
  }));
}

/** First and last moment anything was seen; a loop, since spreading 100k values into Math.min overflows the stack. */
function spanOf(records: readonly EventRecord[], pollRecords: readonly PollRecord[]): [number, number] | undefined {
  let from = Infinity;
  let to = -Infinity;
  for (const r of records) {
    if (r.seenAt < from) from = r.seenAt;
    if (r.seenAt > to) to = r.seenAt;
  }
  for (const r of pollRecords) {
    if (r.t < from) from = r.t;
    if (r.t > to) to = r.t;
  }
  return Number.isFinite(from) && Number.isFinite(to) ? [from, to] : undefined;
}

function countClasses(records: readonly EventRecord[]): ClassCounts {
  const c: ClassCounts = { events: 0, both: 0, pushOnly: 0, pollOnly: 0, duplicatePush: 0, duplicateDeliveries: 0, outOfOrderPush: 0, changedAfterPush: 0, removedFromApi: 0 };
  for (const r of records) {
    c.events += 1;
    if (r.cls === 'both') c.both += 1;
    else if (r.cls === 'push-only') c.pushOnly += 1;
    else c.pollOnly += 1;
    if (r.duplicates > 0) c.duplicatePush += 1;
    c.duplicateDeliveries += r.duplicates;
    if (r.outOfOrder) c.outOfOrderPush += 1;
    if (r.changedAfterPush) c.changedAfterPush += 1;
    if (r.removed) c.removedFromApi += 1;
  }
  return c;
}

function delayFigures(records: readonly EventRecord[]): DelayFigures {
  const push: number[] = [];
  const poll: number[] = [];
  let lowest = Infinity;
  let negative = 0;
  let timed = 0;
  for (const r of records) {
    if (r.sourceTime === undefined) continue;
    timed += 1;
    lowest = Math.min(lowest, r.pushDelayMs ?? Infinity, r.pollDelayMs ?? Infinity);
    if (r.negativeDelay) {
      negative += 1;
      continue;
    }
    if (r.pushDelayMs !== undefined) push.push(Math.max(0, r.pushDelayMs));
    if (r.pollDelayMs !== undefined) poll.push(Math.max(0, r.pollDelayMs));
  }
  // Nothing seen yet says nothing about the payloads' times.
  if (records.length === 0) return { basis: 'source-time', push: null, poll: null, negativeDelays: 0 };
  if (timed === 0) {
    return { basis: 'gap', push: null, poll: null, negativeDelays: 0, note: 'no source time in the payloads: only the gap between the two sides is measured' };
  }
  const figures: DelayFigures = { basis: 'source-time', push: statsOf(push), poll: statsOf(poll), negativeDelays: negative };
  if (lowest < -SKEW_TOLERANCE_MS) {
    figures.sourceClockAheadMs = -lowest;
    figures.note = `the source clock runs ahead of this machine by at least ${Math.round(-lowest)} ms: ${negative} event${negative === 1 ? '' : 's'} with a negative delay left out; the gap between the sides stays exact`;
    // When most delays are nonsense, none of them is trustworthy: fall back to the gap.
    if (negative * 2 >= timed) return { ...figures, basis: 'gap', push: null, poll: null };
  }
  return figures;
}

function firstFigures(records: readonly EventRecord[]): FirstFigures {
  const pushLead: number[] = [];
  const pollLead: number[] = [];
  const gap: number[] = [];
  let tie = 0;
  for (const r of records) {
    if (r.first === undefined || r.leadMs === undefined || r.firstPollT === undefined || r.firstPushT === undefined) continue;
    gap.push(r.firstPollT - r.firstPushT);
    if (r.first === 'push') pushLead.push(r.leadMs);
    else if (r.first === 'poll') pollLead.push(r.leadMs);
    else tie += 1;
  }
  return { push: pushLead.length, poll: pollLead.length, tie, pushLead: statsOf(pushLead), pollLead: statsOf(pollLead), gap: statsOf(gap) };
}

function pushCost(rows: readonly PushRow[]): PushCost {
  const cost: PushCost = { requests: 0, bytes: 0, rejected: 0 };
  for (const r of rows) {
    cost.requests += 1;
    // A refused request's size is what it announced (a 30 MB upload answered 413 at once): counting
    // it would make one stranger's upload the cost of every event. It counts as a rejected request.
    if (r.rejected) cost.rejected += 1;
    else cost.bytes += r.size;
  }
  return cost;
}

function pollCost(records: readonly PollRecord[]): PollCost {
  const cost: PollCost = { requests: 0, bytes: 0, empty: 0, notModified: 0, rateLimited: 0, errors: 0, changesFound: 0 };
  for (const r of records) {
    cost.requests += 1;
    cost.bytes += r.bytes;
    if (r.status === 429 || r.status === 503) cost.rateLimited += 1;
    const failed = r.error !== undefined || r.status === null || (r.status >= 400 && r.status !== 429 && r.status !== 503);
    if (failed) cost.errors += 1;
    if (r.notModified || r.status === 304) cost.notModified += 1;
    const found = r.newCount + r.changedCount + r.removedCount;
    if (!r.baseline) cost.changesFound += r.newCount + r.changedCount;
    if (!failed && !r.baseline && r.status !== 429 && r.status !== 503 && found === 0) cost.empty += 1;
  }
  return cost;
}
