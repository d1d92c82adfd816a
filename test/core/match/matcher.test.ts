import { describe, expect, it } from 'vitest';
import type { PollRow, PushRow } from '../../../src-main/contract/model';
import { Matcher } from '../../../src-main/core/match/matcher';

function push(id: string, key: string | undefined, t: number, extra: Partial<PushRow> = {}): PushRow {
  return {
    id, stream: 'push', receivedAt: new Date(t).toISOString(), t, summary: '', size: 0, matchKey: key,
    method: 'POST', path: '/', query: '', remoteAddress: '127.0.0.1', via: 'direct', status: 200, ...extra,
  };
}

function poll(id: string, key: string | undefined, t: number, change: PollRow['change'] = 'new', extra: Partial<PollRow> = {}): PollRow {
  return {
    id, stream: 'poll', receivedAt: new Date(t).toISOString(), t, summary: '', size: 0, matchKey: key,
    sourceId: 's', pollId: 'r', itemId: key ?? '?', change, ...extra,
  };
}

describe('Matcher', () => {
  it('joins both sides by key and measures each delay from the source time', () => {
    const m = new Matcher();
    expect(m.addPush(push('a', 'evt_1', 1_250, { sourceTime: 1_000 }))?.cls).toBe('push-only');
    const g = m.addPoll(poll('b', 'evt_1', 4_000, 'new', { sourceTime: 1_000 }));
    expect(g).toMatchObject({ cls: 'both', pushIds: ['a'], pollIds: ['b'], pushDelayMs: 250, pollDelayMs: 3_000, first: 'push', leadMs: 2_750, duplicates: 0 });
  });

  it('says poll came first when the webhook was late', () => {
    const m = new Matcher();
    m.addPoll(poll('b', 'k', 2_000));
    expect(m.addPush(push('a', 'k', 9_000))).toMatchObject({ cls: 'both', first: 'poll', leadMs: 7_000 });
  });

  it('counts repeated deliveries as duplicates and keeps the earliest push time', () => {
    const m = new Matcher();
    m.addPush(push('a', 'k', 5_000, { sourceTime: 1_000 }));
    const g = m.addPush(push('c', 'k', 3_000));
    expect(g).toMatchObject({ duplicates: 1, pushIds: ['a', 'c'], firstPushT: 3_000, pushDelayMs: 2_000 });
  });

  it('leaves baseline items, rejected requests and keyless events out', () => {
    const m = new Matcher();
    expect(m.addPoll(poll('b', 'k', 1, 'baseline'))).toBeUndefined();
    expect(m.addPush(push('a', 'k', 1, { rejected: 'too large', status: 413 }))).toBeUndefined();
    expect(m.addPush(push('x', undefined, 1))).toBeUndefined();
    expect(m.groups()).toEqual([]);
  });

  it('does not count a removal alone as polling having seen the event', () => {
    const m = new Matcher();
    m.addPush(push('a', 'k', 1));
    expect(m.addPoll(poll('r', 'k', 5, 'removed'))?.cls).toBe('push-only');
    expect(m.addPoll(poll('n', 'k2', 5))?.cls).toBe('poll-only');
  });

  it('names the partner for exports and forgets everything on reset', () => {
    const m = new Matcher();
    m.addPush(push('a', 'k', 1));
    m.addPoll(poll('b', 'k', 2));
    expect(m.partnerOf({ stream: 'push', matchKey: 'k' })).toBe('b');
    expect(m.partnerOf({ stream: 'poll', matchKey: 'k' })).toBe('a');
    m.reset();
    expect(m.groups()).toEqual([]);
    expect(m.partnerOf({ stream: 'push', matchKey: 'k' })).toBeUndefined();
  });

  it('returns copies, so callers cannot corrupt its state', () => {
    const m = new Matcher();
    const g = m.addPush(push('a', 'k', 1))!;
    g.pushIds.push('zzz');
    expect(m.get('k')?.pushIds).toEqual(['a']);
  });
});

describe('Matcher.rebuild', () => {
  it('ends in the same groups as adding every row one by one', () => {
    const pushes = [push('a', 'k1', 1_000, { sourceTime: 500 }), push('b', 'k1', 900), push('c', 'k2', 2_000), push('r', 'k3', 1, { rejected: 'x' })];
    const polls = [poll('p', 'k1', 4_000), poll('q', 'k4', 5_000, 'baseline'), poll('s', 'k2', 1_500, 'removed'), poll('u', 'k5', 6_000)];
    const oneByOne = new Matcher();
    pushes.forEach((r) => oneByOne.addPush(r));
    polls.forEach((r) => oneByOne.addPoll(r));
    const rebuilt = new Matcher();
    rebuilt.rebuild(pushes, polls);
    expect(rebuilt.groups()).toEqual(oneByOne.groups());
    expect(rebuilt.get('k1')).toMatchObject({ cls: 'both', pushIds: ['a', 'b'], pollIds: ['p'], duplicates: 1, firstPushT: 900 });
  });
});
