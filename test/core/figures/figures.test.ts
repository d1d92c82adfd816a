import { describe, expect, it } from 'vitest';
import { comparisonTable } from '../../../src-main/core/figures/comparison-table';
import { computeFigures, computeWindows } from '../../../src-main/core/figures/figures';
import { statsOf } from '../../../src-main/core/figures/stats';
import { whatIf, whatIfPoint } from '../../../src-main/core/figures/what-if';
import { poll, push, record } from './rows';

describe('figures', () => {
  const input = {
    push: [push('a', 1100, 1000), push('a', 2100, 1000), push('b', 1300, 1200), push('c', 2000, 1900)],
    poll: [poll('a', 5000, 'new', 1000), poll('d', 5000, 'new', 4000), poll('b', 10000, 'new', 1200)],
    pollRecords: [
      record(0, { baseline: true, newCount: 5, itemCount: 5 }),
      record(5000, { newCount: 2 }),
      record(10000, { newCount: 1 }),
      record(15000, { status: 304, notModified: true, bytes: 0 }),
      record(20000, { status: 429, bytes: 50 }),
      record(25000, { status: null, error: 'timeout', bytes: 0 }),
    ],
  };

  it('counts classes, coverage, delays, who was first and the cost of each side', () => {
    const f = computeFigures(input);
    expect(f.counts).toMatchObject({ events: 4, both: 2, pushOnly: 1, pollOnly: 1, duplicatePush: 1, duplicateDeliveries: 1 });
    expect(f.coverage).toEqual({ push: 0.75, poll: 0.75 });
    expect(f.delays.basis).toBe('source-time');
    expect(f.delays.push).toMatchObject({ n: 3, p50: 100, max: 100 });
    expect(f.delays.poll).toMatchObject({ n: 3, min: 1000, max: 8800 });
    expect(f.first).toMatchObject({ push: 2, poll: 0, tie: 0 });
    expect(f.cost.push).toEqual({ requests: 4, bytes: 400, rejected: 0 });
    expect(f.cost.poll).toMatchObject({ requests: 6, empty: 1, notModified: 1, rateLimited: 1, errors: 1, changesFound: 3 });
    expect(f.perChange.pollRequests).toBe(2);
    expect(f.perChange.pushRequests).toBeCloseTo(4 / 3);
  });

  it('leaves the size a refused request announced out of the bytes pushed, and counts it as rejected', () => {
    const big = { ...push('r', 1500, undefined, { rejected: 'body exceeds the 25 MB limit' }), size: 30_000_000, status: 413 };
    const f = computeFigures({ ...input, push: [...input.push, big] });
    expect(f.cost.push).toEqual({ requests: 5, bytes: 400, rejected: 1 });
    expect(f.perChange.pushBytes).toBeCloseTo(400 / 3);
  });

  it('has no delay note before any event: an empty session says nothing about source times', () => {
    const f = computeFigures({ push: [], poll: [], pollRecords: [] });
    expect(f.delays).toEqual({ basis: 'source-time', push: null, poll: null, negativeDelays: 0 });
    const delay = comparisonTable(f).find((r) => r.label.startsWith('Delay'));
    expect(delay?.push.text).toBe('no events yet');
  });

  it('says the source clock runs ahead instead of reporting negative delays', () => {
    const f = computeFigures({ push: [push('a', 1000, 3000), push('b', 2000, 4000)], poll: [], pollRecords: [] });
    expect(f.delays.basis).toBe('gap');
    expect(f.delays.push).toBeNull();
    expect(f.delays.sourceClockAheadMs).toBe(2000);
    expect(f.delays.note).toMatch(/ahead .* 2000 ms/);
  });

  it('falls back to the gap between sides when no payload carries a time', () => {
    const f = computeFigures({ push: [push('a', 1000)], poll: [poll('a', 3000)], pollRecords: [] });
    expect(f.delays).toMatchObject({ basis: 'gap', push: null });
    expect(f.first.gap).toMatchObject({ p50: 2000 });
  });

  it('splits the figures into time windows', () => {
    const w = computeWindows(input, 10_000);
    expect(w.map((x) => x.start)).toEqual([0, 10_000, 20_000]);
    expect(w[0].figures.counts.events).toBe(4);
    expect(w[0].figures.cost.poll.requests).toBe(2);
    expect(w[2].figures.counts.events).toBe(0);
    expect(() => computeWindows(input, 0)).toThrow(/positive/);
  });

  it('fills the comparison table with measured values', () => {
    const t = comparisonTable(computeFigures(input));
    const missed = t.find((r) => r.id === 'missed');
    expect(missed?.push).toEqual({ value: 1, text: '1 of 4 · 25.0 %' });
    expect(t.find((r) => r.id === 'requests')?.poll.value).toBe(2);
    expect(t.find((r) => r.id === 'realtime')?.push.text).toBe('100 ms / 100 ms');
    expect(comparisonTable(computeFigures({ push: [], poll: [], pollRecords: [] })).find((r) => r.id === 'bytes')?.push.value).toBeNull();
  });

  it('uses nearest-rank percentiles', () => {
    expect(statsOf([5, 1, 3, 2, 4])).toEqual({ n: 5, min: 1, p50: 3, p95: 5, max: 5 });
    expect(statsOf([])).toBeNull();
  });
});

describe('what-if', () => {
  it('gives half an interval of delay plus the request time, and requests per hour', () => {
    expect(whatIfPoint(10_000, 0.5, 20)).toMatchObject({ expectedDelayMs: 5020, requestsPerHour: 360, eventsPerPoll: 5 });
    expect(whatIfPoint(1000, 0, 0).emptyShare).toBe(1);
    const w = whatIf({ eventsPerSec: Number.NaN, requestMs: -1, currentIntervalMs: 5000 });
    expect(w.eventsPerSec).toBe(0);
    expect(w.points[0].intervalMs).toBe(1000);
    expect(w.points.at(-1)?.intervalMs).toBe(3_600_000);
    expect(w.current?.expectedDelayMs).toBe(2500);
  });
});
