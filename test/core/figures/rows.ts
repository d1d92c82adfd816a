// Row builders for the figures tests: only the fields classification reads.
import type { PollRecord, PollRow, PushRow } from '../../../src-main/contract/model';

let n = 0;
export function push(key: string | undefined, t: number, sourceTime?: number, extra: Partial<PushRow> = {}): PushRow {
  n += 1;
  return {
    id: `push_${n}`, stream: 'push', receivedAt: '', t, summary: '', size: 100, method: 'POST', path: '/', query: '',
    remoteAddress: '127.0.0.1', via: 'direct', status: 200, ...(key !== undefined && { matchKey: key }), ...(sourceTime !== undefined && { sourceTime }), ...extra,
  };
}

export function poll(key: string | undefined, t: number, change: PollRow['change'] = 'new', sourceTime?: number): PollRow {
  n += 1;
  return {
    id: `poll_${n}`, stream: 'poll', receivedAt: '', t, summary: '', size: 120, sourceId: 's', pollId: 'p', itemId: key ?? 'x', change,
    ...(key !== undefined && { matchKey: key }), ...(sourceTime !== undefined && { sourceTime }),
  };
}

export function record(t: number, extra: Partial<PollRecord> = {}): PollRecord {
  n += 1;
  return {
    id: `rec_${n}`, sourceId: 's', t, receivedAt: '', status: 200, durationMs: 10, bytes: 1000, itemCount: 0, newCount: 0, changedCount: 0, removedCount: 0, ...extra,
  };
}
