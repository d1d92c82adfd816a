import { describe, expect, it } from 'vitest';
import type { PollRecord, PollRow, PollSourceView, PushRow } from '@contract/model';
import { liveFigures } from '../../src-renderer/src/lib/figures';
import { payloadDiff } from '../../src-renderer/src/lib/payload-diff';
import { nearestMark, timelineMarks } from '../../src-renderer/src/lib/timeline-marks';

const pushRow = (id: string, key: string | undefined, t: number, sourceTime?: number): PushRow => ({
  id, stream: 'push', receivedAt: '', t, summary: '', size: 100, method: 'POST', path: '/', query: '', remoteAddress: '', via: 'direct', status: 200,
  ...(key !== undefined && { matchKey: key }), ...(sourceTime !== undefined && { sourceTime }),
});
const pollRow = (id: string, key: string, t: number, change: PollRow['change'] = 'new'): PollRow => ({
  id, stream: 'poll', receivedAt: '', t, summary: '', size: 100, sourceId: 's', pollId: 'p', itemId: key, change, matchKey: key,
});
const rec = (t: number, found: number, extra: Partial<PollRecord> = {}): PollRecord => ({
  id: `r${t}`, sourceId: 's', t, receivedAt: '', status: 200, durationMs: 20, bytes: 500, itemCount: found, newCount: found, changedCount: 0, removedCount: 0, ...extra,
});

describe('payload diff', () => {
  it('lists fields only the webhook has, only the API has, and stale values, by path', () => {
    const rows = payloadDiff({ id: 1, data: { status: 'pending', note: 'x' }, tags: ['a'] }, { id: 1, data: { status: 'accepted' }, updated_at: 'now', tags: ['a'] });
    expect(rows).toEqual([
      { path: 'data.status', kind: 'changed', push: '"pending"', poll: '"accepted"' },
      { path: 'data.note', kind: 'push-only', push: '"x"' },
      { path: 'updated_at', kind: 'poll-only', poll: '"now"' },
    ]);
    expect(payloadDiff({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('matches array items by id', () => {
    const rows = payloadDiff({ items: [{ id: 'x', v: 1 }, { id: 'y', v: 1 }] }, { items: [{ id: 'y', v: 2 }] });
    expect(rows.map((r) => r.kind).sort()).toEqual(['changed', 'push-only']);
  });
});

describe('timeline marks', () => {
  const push = [pushRow('p1', 'a', 1000), pushRow('p2', 'a', 1500), pushRow('p3', undefined, 1200), pushRow('p4', 'b', 1300)];
  const poll = [pollRow('q0', 'old', 500, 'baseline'), pollRow('q1', 'a', 3000), pollRow('q2', 'c', 3000)];
  const records = [rec(500, 1, { baseline: true }), rec(3000, 2), rec(5500, 0, { status: 304, notModified: true }), rec(8000, 0, { status: null, error: 'timeout' })];

  it('marks each event by class, joins pairs, and fades empty polls', () => {
    const live = liveFigures(push, poll, records, []);
    const m = timelineMarks(push, poll, records, live.records);
    expect(m.marks.map((x) => `${x.id}:${x.kind}`)).toEqual(['p1:both', 'p2:duplicate', 'p3:unkeyed', 'p4:push-only', 'q1:both', 'q2:poll-only']);
    expect(m.pairs).toEqual([[1000, 3000]]);
    expect(m.ticks.map((t) => [t.empty, t.failed])).toEqual([[false, false], [false, false], [true, false], [true, true]]);
    expect([m.from, m.to]).toEqual([500, 8000]);
    expect(nearestMark(m.marks, 'push', 1280, 50)?.id).toBe('p4');
    expect(nearestMark(m.marks, 'poll', 1280, 50)).toBeUndefined();
  });

  it('computes the live figures, table and what-if from the store rows', () => {
    const sources = [{ config: { intervalMs: 2500, enabled: true }, status: { state: 'waiting' } }] as unknown as PollSourceView[];
    const live = liveFigures(push, poll, records, sources);
    expect(live.figures.counts).toMatchObject({ events: 3, both: 1, pushOnly: 1, pollOnly: 1, duplicatePush: 1 });
    expect(live.table.find((r) => r.id === 'missed')?.poll.text).toBe('1 of 3 · 33.3 %');
    expect(live.whatIf.current?.intervalMs).toBe(2500);
    expect(live.whatIf.measured?.requestsPerHour).toBeCloseTo((3 / 7500) * 3_600_000);
  });
});

describe('live figures in a window', () => {
  it('counts only what was first seen in the window but keeps pairs across its edge', () => {
    const push = [pushRow('p1', 'a', 1000), pushRow('p2', 'b', 9000)];
    const poll = [pollRow('q1', 'a', 9500), pollRow('q2', 'b', 9600)];
    const records = [rec(1000, 0), rec(9500, 2)];
    const live = liveFigures(push, poll, records, [], 5000);
    expect(live.figures.counts).toMatchObject({ events: 1, both: 1 });
    expect(live.figures.cost.push.requests).toBe(1);
    expect(live.figures.cost.poll.requests).toBe(1);
    expect(live.records).toHaveLength(2);
  });
});
