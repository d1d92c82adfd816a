// Joins the two streams into logical events by key. Works on rows only (no bodies), so it can be
// rebuilt from the store's index at start-up without reading payloads back from disk.
import type { FirstSide, MatchGroup, PollRow, PushRow } from '../../contract/model';

/** Push and poll times closer than this count as a tie: below what either side can resolve. */
const TIE_MS = 1;

interface GroupState extends MatchGroup {
  /** Poll events that count as "polling saw it" (new / changed), as opposed to removals. */
  pollSightings: number;
}

export class Matcher {
  private readonly byKey = new Map<string, GroupState>();

  /**
   * Joins every stored row at start-up, without building a view per row nobody asked for, and works
   * out each group's class and delays once, after all its rows are in.
   */
  rebuild(push: readonly PushRow[], poll: readonly PollRow[]): void {
    for (const row of push) this.joinPush(row);
    for (const row of poll) this.joinPoll(row);
    for (const group of this.byKey.values()) this.update(group);
  }

  /** Returns the group the row joined, or undefined when the row takes no part in matching. */
  addPush(row: PushRow): MatchGroup | undefined {
    const group = this.joinPush(row);
    return group && this.refresh(group);
  }

  addPoll(row: PollRow): MatchGroup | undefined {
    const group = this.joinPoll(row);
    return group && this.refresh(group);
  }

  private joinPush(row: PushRow): GroupState | undefined {
    if (row.rejected || row.matchKey === undefined) return undefined;
    const group = this.groupFor(row.matchKey);
    group.pushIds.push(row.id);
    if (group.firstPushT === undefined || row.t < group.firstPushT) group.firstPushT = row.t;
    if (group.sourceTime === undefined && row.sourceTime !== undefined) group.sourceTime = row.sourceTime;
    group.duplicates = Math.max(0, group.pushIds.length - 1);
    return group;
  }

  private joinPoll(row: PollRow): GroupState | undefined {
    // Items already in the API when polling began say nothing about push versus poll.
    if (row.change === 'baseline' || row.matchKey === undefined) return undefined;
    const group = this.groupFor(row.matchKey);
    group.pollIds.push(row.id);
    if (row.change !== 'removed') {
      group.pollSightings += 1;
      if (group.firstPollT === undefined || row.t < group.firstPollT) group.firstPollT = row.t;
    }
    if (group.sourceTime === undefined && row.sourceTime !== undefined) group.sourceTime = row.sourceTime;
    return group;
  }

  get(key: string): MatchGroup | undefined {
    const group = this.byKey.get(key);
    return group && publicView(group);
  }

  groups(): MatchGroup[] {
    return [...this.byKey.values()].map(publicView);
  }

  /** The first event of the other stream joined with this one, for exports. */
  partnerOf(row: { stream: 'push' | 'poll'; matchKey?: string }): string | undefined {
    if (row.matchKey === undefined) return undefined;
    const group = this.byKey.get(row.matchKey);
    if (!group) return undefined;
    return row.stream === 'push' ? group.pollIds[0] : group.pushIds[0];
  }

  reset(): void {
    this.byKey.clear();
  }

  private groupFor(key: string): GroupState {
    let group = this.byKey.get(key);
    if (!group) {
      // Every field from the start, in one order: groups gaining fields one by one in different
      // orders made the matcher's property accesses polymorphic (a reopen builds 50,000 of them).
      group = {
        key, cls: 'push-only', pushIds: [], pollIds: [], sourceTime: undefined, firstPushT: undefined, firstPollT: undefined,
        pushDelayMs: undefined, pollDelayMs: undefined, first: undefined, leadMs: undefined, duplicates: 0, pollSightings: 0,
      };
      this.byKey.set(key, group);
    }
    return group;
  }

  private refresh(group: GroupState): MatchGroup {
    this.update(group);
    return publicView(group);
  }

  private update(group: GroupState): void {
    const pushed = group.pushIds.length > 0;
    const polled = group.pollSightings > 0;
    group.cls = pushed && polled ? 'both' : pushed ? 'push-only' : 'poll-only';
    if (group.sourceTime !== undefined) {
      if (group.firstPushT !== undefined) group.pushDelayMs = group.firstPushT - group.sourceTime;
      if (group.firstPollT !== undefined) group.pollDelayMs = group.firstPollT - group.sourceTime;
    }
    if (group.firstPushT !== undefined && group.firstPollT !== undefined) {
      const diff = group.firstPollT - group.firstPushT;
      group.first = firstSide(diff);
      group.leadMs = Math.abs(diff);
    }
  }
}

function firstSide(pollMinusPush: number): FirstSide {
  if (Math.abs(pollMinusPush) < TIE_MS) return 'tie';
  return pollMinusPush > 0 ? 'push' : 'poll';
}

function publicView(group: GroupState): MatchGroup {
  // Copies, so a caller cannot change the matcher's state. slice() is the cheapest copy, but a copy
  // all the same: a group with n duplicates costs O(n) per push here (and again on the wire).
  const view: MatchGroup = { key: group.key, cls: group.cls, pushIds: group.pushIds.slice(), pollIds: group.pollIds.slice(), duplicates: group.duplicates };
  // Fields not known yet stay absent, as the contract has them (optional, not undefined).
  if (group.sourceTime !== undefined) view.sourceTime = group.sourceTime;
  if (group.firstPushT !== undefined) view.firstPushT = group.firstPushT;
  if (group.firstPollT !== undefined) view.firstPollT = group.firstPollT;
  if (group.pushDelayMs !== undefined) view.pushDelayMs = group.pushDelayMs;
  if (group.pollDelayMs !== undefined) view.pollDelayMs = group.pollDelayMs;
  if (group.first !== undefined) view.first = group.first;
  if (group.leadMs !== undefined) view.leadMs = group.leadMs;
  return view;
}
