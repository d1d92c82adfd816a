// What the timeline draws, computed once per data change: a mark per event on its stream's lane,
// a line joining the first push and first poll of each pair, and a tick per poll request.
import type { MatchClass, PollRecord, PollRow, PushRow, Stream } from '@contract/model';
import type { EventRecord } from './figures';

export type MarkKind = MatchClass | 'duplicate' | 'unkeyed';

export interface Mark {
  t: number;
  id: string;
  stream: Stream;
  key?: string;
  kind: MarkKind;
}

export interface PollTick {
  t: number;
  /** Found nothing new, changed or removed (304s included). */
  empty: boolean;
  failed: boolean;
}

export interface TimelineMarks {
  marks: Mark[];
  pairs: [pushT: number, pollT: number][];
  ticks: PollTick[];
  from: number;
  to: number;
}

export function timelineMarks(push: readonly PushRow[], poll: readonly PollRow[], pollRecords: readonly PollRecord[], records: readonly EventRecord[]): TimelineMarks {
  const byKey = new Map(records.map((r) => [r.key, r]));
  const marks: Mark[] = [];
  for (const row of push) {
    const rec = row.matchKey === undefined ? undefined : byKey.get(row.matchKey);
    const dup = rec !== undefined && rec.pushIds[0] !== row.id && rec.pushIds.includes(row.id);
    marks.push({ t: row.t, id: row.id, stream: 'push', key: row.matchKey, kind: rec ? (dup ? 'duplicate' : rec.cls) : 'unkeyed' });
  }
  for (const row of poll) {
    if (row.change === 'baseline') continue;
    const rec = row.matchKey === undefined ? undefined : byKey.get(row.matchKey);
    marks.push({ t: row.t, id: row.id, stream: 'poll', key: row.matchKey, kind: rec ? rec.cls : 'unkeyed' });
  }
  const pairs: [number, number][] = [];
  for (const r of records) if (r.firstPushT !== undefined && r.firstPollT !== undefined) pairs.push([r.firstPushT, r.firstPollT]);
  const ticks = pollRecords.map((r) => ({
    t: r.t,
    empty: r.newCount + r.changedCount + r.removedCount === 0,
    failed: r.error !== undefined || r.status === null || r.status >= 400,
  }));
  let from = Infinity;
  let to = -Infinity;
  for (const m of marks) {
    from = Math.min(from, m.t);
    to = Math.max(to, m.t);
  }
  for (const k of ticks) {
    from = Math.min(from, k.t);
    to = Math.max(to, k.t);
  }
  return { marks, pairs, ticks, from, to };
}

/** The mark nearest to a point, within `radius` on the time axis and on the same lane. */
export function nearestMark(marks: readonly Mark[], stream: Stream, t: number, radius: number): Mark | undefined {
  let best: Mark | undefined;
  let bestGap = radius;
  for (const m of marks) {
    if (m.stream !== stream) continue;
    const gap = Math.abs(m.t - t);
    if (gap <= bestGap) {
      best = m;
      bestGap = gap;
    }
  }
  return best;
}
