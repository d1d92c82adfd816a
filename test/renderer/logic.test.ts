import { describe, expect, it } from 'vitest';
import type { MatchGroup } from '@contract/model';
import { bodyModel, hexDump, parseQuery, tokenizeJson } from '../../src-renderer/src/lib/body-view';
import { delayOf, formatBytes, formatClock, formatCountdown, formatDelay, formatDuration } from '../../src-renderer/src/lib/format';
import { crossTarget, moveSelection, partnerIn } from '../../src-renderer/src/lib/navigation';
import { rowClass, rowInClass } from '../../src-renderer/src/lib/row-class';
import { median, summarize } from '../../src-renderer/src/lib/summary';
import { filterRows } from '../../src-renderer/src/lib/visible-rows';
import { makeGroup, makePoll, makePush, rowOf } from './fake-api';

const mapOf = (...gs: MatchGroup[]): Map<string, MatchGroup> => new Map(gs.map((g) => [g.key, g]));

describe('rowClass', () => {
  const p1 = rowOf(makePush({ matchKey: 'k' }));
  const p2 = rowOf(makePush({ matchKey: 'k' }));
  const q1 = rowOf(makePoll({ matchKey: 'k' }));

  it('follows the group: both, push-only, poll-only', () => {
    expect(rowClass(p1, mapOf(makeGroup({ key: 'k', cls: 'both', pushIds: [p1.id], pollIds: [q1.id] })))).toBe('both');
    expect(rowClass(p1, mapOf(makeGroup({ key: 'k', cls: 'push-only', pushIds: [p1.id] })))).toBe('push-only');
    expect(rowClass(q1, mapOf(makeGroup({ key: 'k', cls: 'poll-only', pollIds: [q1.id] })))).toBe('poll-only');
  });

  it('marks deliveries after the first as duplicates, not the first one', () => {
    const g = makeGroup({ key: 'k', cls: 'both', pushIds: [p1.id, p2.id], duplicates: 1 });
    expect(rowClass(p1, mapOf(g))).toBe('both');
    expect(rowClass(p2, mapOf(g))).toBe('duplicate');
  });

  it('rejected and baseline win over the group; no key is its own class', () => {
    const rej = rowOf(makePush({ matchKey: 'k', rejected: 'too big', status: 413 }));
    const base = rowOf(makePoll({ matchKey: 'k', change: 'baseline' }));
    const g = mapOf(makeGroup({ key: 'k', cls: 'poll-only', pollIds: [base.id] }));
    expect(rowClass(rej, g)).toBe('rejected');
    expect(rowClass(base, g)).toBe('baseline');
    expect(rowClass(rowOf(makePush()), new Map())).toBe('unkeyed');
  });

  it('a keyed row whose group has not arrived yet is "only" its own stream', () => {
    expect(rowClass(p1, new Map())).toBe('push-only');
    expect(rowClass(q1, new Map())).toBe('poll-only');
  });

  it('class filters select whole groups and never baseline rows', () => {
    const g = mapOf(makeGroup({ key: 'k', cls: 'both', pushIds: [p1.id, p2.id], pollIds: [q1.id], duplicates: 1 }));
    expect(rowInClass(p1, 'duplicate', g)).toBe(true);
    expect(rowInClass(q1, 'duplicate', g)).toBe(true);
    expect(rowInClass(q1, 'both', g)).toBe(true);
    expect(rowInClass(q1, 'poll-only', g)).toBe(false);
    expect(rowInClass(rowOf(makePoll({ matchKey: 'k', change: 'baseline' })), 'both', g)).toBe(false);
  });
});

describe('summarize', () => {
  it('counts classes and duplicates, and takes the median push lead', () => {
    const s = summarize([
      makeGroup({ key: 'a', cls: 'both', firstPushT: 0, firstPollT: 100 }),
      makeGroup({ key: 'b', cls: 'both', firstPushT: 0, firstPollT: 300, duplicates: 2 }),
      makeGroup({ key: 'c', cls: 'both', firstPushT: 50, firstPollT: 0 }),
      makeGroup({ key: 'd', cls: 'push-only', duplicates: 1 }),
      makeGroup({ key: 'e', cls: 'poll-only' }),
      makeGroup({ key: 'f', cls: 'poll-only' }),
    ]);
    expect(s).toEqual({ both: 3, pushOnly: 1, pollOnly: 2, duplicates: 3, p50LeadMs: 100, leadSamples: 3 });
  });

  it('uses first/leadMs when the first times are missing, and signs poll-first leads negative', () => {
    const s = summarize([makeGroup({ key: 'a', cls: 'both', first: 'poll', leadMs: 40 })]);
    expect(s.p50LeadMs).toBe(-40);
  });

  it('has no lead without pairs, and leaves out ignored groups', () => {
    const s = summarize([makeGroup({ key: 'a', cls: 'poll-only', pollIds: ['b1'] })], (g) => g.key === 'a');
    expect(s.pollOnly).toBe(0);
    expect(s.p50LeadMs).toBeUndefined();
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('format', () => {
  it('formats the clock with milliseconds in local time', () => {
    const t = new Date(2025, 0, 2, 3, 4, 5, 67).getTime();
    expect(formatClock(t)).toBe('03:04:05.067');
  });
  it('formats durations, delays, sizes and countdowns', () => {
    expect(formatDuration(0.25)).toBe('0.25 ms');
    expect(formatDuration(840)).toBe('840 ms');
    // Where rounding would carry into the next unit, the next unit is used.
    expect(formatDuration(999.4)).toBe('999 ms');
    expect(formatDuration(999.7)).toBe('1.00 s');
    expect(formatDuration(9_996)).toBe('10.0 s');
    expect(formatDuration(59_960)).toBe('1m 00s');
    expect(formatDuration(-999.7)).toBe('-1.00 s');
    expect(formatDuration(2412)).toBe('2.41 s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(-1500)).toBe('-1.50 s');
    expect(formatDelay(undefined)).toBe('—');
    expect(delayOf({ t: 1000, sourceTime: 400 })).toBe(600);
    expect(delayOf({ t: 1000 })).toBeUndefined();
    expect(delayOf({ t: 1000, sourceTime: 400, change: 'baseline' })).toBeUndefined();
    expect(delayOf({ t: 1000, sourceTime: 400, change: 'removed' })).toBeUndefined();
    expect(delayOf({ t: 1000, sourceTime: 400, change: 'new' })).toBe(600);
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(formatCountdown(10_000, 7_100)).toBe('in 3s');
    expect(formatCountdown(7_000, 7_100)).toBe('now');
    expect(formatCountdown(undefined, 0)).toBeUndefined();
  });
});

describe('navigation', () => {
  const rows = [10, 20, 30, 40].map((t, i) => rowOf(makePoll({ t, matchKey: `k${i}` })));
  it('moves within bounds and starts at an end when nothing is selected', () => {
    expect(moveSelection(rows, rows[1].id, 1)?.id).toBe(rows[2].id);
    expect(moveSelection(rows, rows[3].id, 1)?.id).toBe(rows[3].id);
    expect(moveSelection(rows, rows[0].id, -5)?.id).toBe(rows[0].id);
    expect(moveSelection(rows, undefined, 1)?.id).toBe(rows[0].id);
    expect(moveSelection(rows, undefined, -1)?.id).toBe(rows[3].id);
    expect(moveSelection(rows, rows[1].id, Infinity)?.id).toBe(rows[3].id);
    expect(moveSelection([], undefined, 1)).toBeUndefined();
  });
  it('crosses to the partner, else to the row nearest in time', () => {
    const push = rowOf(makePush({ t: 26, matchKey: 'k2' }));
    expect(partnerIn(rows, 'k2')?.id).toBe(rows[2].id);
    expect(crossTarget(rows, push)?.id).toBe(rows[2].id);
    const lone = rowOf(makePush({ t: 26, matchKey: 'nope' }));
    expect(crossTarget(rows, lone)?.id).toBe(rows[2].id);
    expect(crossTarget(rows, rowOf(makePush({ t: 24 })))?.id).toBe(rows[1].id);
    expect(crossTarget(rows, undefined)?.id).toBe(rows[3].id);
  });
});

describe('filterRows', () => {
  it('matches every word against summary, path and ids; returns the same array when idle', () => {
    const a = rowOf(makePush({ path: '/hooks/stripe', summary: 'invoice.paid', matchKey: 'evt_9' }));
    const b = rowOf(makePush({ path: '/hooks/github', summary: 'push' }));
    const rows = [a, b];
    expect(filterRows(rows, { text: '', cls: null }, new Map())).toBe(rows);
    expect(filterRows(rows, { text: 'STRIPE paid', cls: null }, new Map())).toEqual([a]);
    expect(filterRows(rows, { text: 'evt_9', cls: null }, new Map())).toEqual([a]);
    expect(filterRows(rows, { text: b.id, cls: null }, new Map())).toEqual([b]);
    const g = mapOf(makeGroup({ key: 'evt_9', cls: 'push-only', pushIds: [a.id] }));
    expect(filterRows(rows, { text: '', cls: 'push-only' }, g)).toEqual([a]);
  });
});

describe('body view', () => {
  it('pretty-prints JSON and keeps the raw text', () => {
    const m = bodyModel({ body: '{"a":1}', bodyEncoding: 'utf8', contentType: 'application/json' });
    expect(m).toEqual({ kind: 'json', text: '{"a":1}', pretty: '{\n  "a": 1\n}', value: { a: 1 } });
  });
  it('falls back to text for invalid JSON and parses forms with duplicates in order', () => {
    expect(bodyModel({ body: '{oops', bodyEncoding: 'utf8', contentType: 'application/json' }).kind).toBe('text');
    const f = bodyModel({ body: 'a=1&b=x+y&a=%E2%9C%93', bodyEncoding: 'utf8', contentType: 'application/x-www-form-urlencoded' });
    expect(f).toMatchObject({ kind: 'form', pairs: [['a', '1'], ['b', 'x y'], ['a', '✓']] });
    expect(parseQuery('x=%zz&y')).toEqual([['x', '%zz'], ['y', '']]);
  });
  it('decodes base64 bodies to bytes and dumps them as hex', () => {
    const m = bodyModel({ body: btoa(String.fromCharCode(0, 1, 0x41, 0xff)), bodyEncoding: 'base64' });
    expect(m.kind).toBe('binary');
    if (m.kind !== 'binary') return;
    expect(Array.from(m.bytes)).toEqual([0, 1, 0x41, 0xff]);
    expect(hexDump(m.bytes)).toBe(`00000000  00 01 41 ff ${' '.repeat(3 * 12 + 1)} |..A.|`);
    expect(bodyModel({ body: '', bodyEncoding: 'base64' }).kind).toBe('empty');
    expect(bodyModel({ body: '!!not base64!!', bodyEncoding: 'base64' }).kind).toBe('text');
  });
  it('tokenizes JSON losslessly, telling keys from string values', () => {
    const text = JSON.stringify({ k: 'v', n: -1.5e3, b: true, z: null, a: ['<script>'] }, null, 2);
    const tokens = tokenizeJson(text);
    expect(tokens.map((t) => t.text).join('')).toBe(text);
    expect(tokens.find((t) => t.text === '"k"')?.kind).toBe('key');
    expect(tokens.find((t) => t.text === '"v"')?.kind).toBe('string');
    expect(tokens.find((t) => t.text === '-1500')?.kind).toBe('number');
    expect(tokens.find((t) => t.text === 'true')?.kind).toBe('boolean');
    expect(tokens.find((t) => t.text === 'null')?.kind).toBe('null');
  });
});
