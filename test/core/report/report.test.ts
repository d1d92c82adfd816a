import { describe, expect, it } from 'vitest';
import type { HookEvent } from '../../../src-main/contract/model';
import { toCsv } from '../../../src-main/core/report/report-csv';
import { buildReport, differingKeys, leaves, payloadsDiffer } from '../../../src-main/core/report/report-data';
import { renderReport } from '../../../src-main/core/report/write-report';
import { poll, push, record } from '../figures/rows';

async function* iterate(events: HookEvent[]): AsyncIterable<HookEvent> {
  for (const ev of events) yield await Promise.resolve(ev);
}

function pushEvent(key: string, body: unknown): HookEvent {
  return { ...push(key, 1), headers: [], body: JSON.stringify(body), bodyEncoding: 'utf8', size: JSON.stringify(body).length };
}

function pollEvent(key: string, item: unknown, change: 'new' | 'changed' | 'removed' = 'new'): HookEvent {
  return { ...poll(key, 2, change), item };
}

describe('payload comparison', () => {
  it('counts any difference when the API object is the pushed one, and only shared fields when shapes differ', () => {
    const pushed = leaves({ id: 1, data: { status: 'new' } });
    expect(payloadsDiffer(pushed, leaves({ data: { status: 'new' }, id: 1 }))).toBe(false);
    expect(payloadsDiffer(pushed, leaves({ id: 1, data: { status: 'done' } }))).toBe(true);
    expect(payloadsDiffer(pushed, leaves({ id: 1, data: { status: 'new', revision: 2 } }))).toBe(true);
    // Different shapes: only `id` is shared, and it agrees.
    expect(payloadsDiffer(leaves({ id: 1, order: { status: 'x' } }), leaves({ id: 1, status: 'y', type: 't' }))).toBe(false);
  });

  it('compares the first push with the last sighting, ignoring removals', async () => {
    const keys = await differingKeys(
      iterate([
        pushEvent('a', { id: 'a', v: 1 }), pollEvent('a', { id: 'a', v: 1 }), pollEvent('a', { id: 'a', v: 2 }, 'changed'),
        pushEvent('b', { id: 'b', v: 1 }), pollEvent('b', { id: 'b', v: 1 }), pollEvent('b', { id: 'b', v: 9 }, 'removed'),
        pushEvent('c', { id: 'c' }), { ...pushEvent('c', { id: 'c', other: true }) }, pollEvent('c', { id: 'c' }),
      ]),
    );
    expect([...keys]).toEqual(['a']);
  });
});

describe('report formats', () => {
  const report = buildReport('/data', {
    push: [push('=cmd', 1000, 900), push('k,"2"', 1100, 1000)],
    poll: [poll('=cmd', 2000, 'new', 900)],
    pollRecords: [record(1000), record(2000, { newCount: 1 })],
  }, Date.parse('2026-12-03T00:00:00Z'));

  it('writes one csv line per event, quoted and safe from spreadsheet formulas', () => {
    const lines = toCsv(report.events).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^'=cmd,both,0,false,false,false,/);
    expect(lines[2]).toMatch(/^"k,""2""",push-only,/);
  });

  it('writes json with the figures and events but not the raw rows', () => {
    const json = JSON.parse(renderReport(report, 'json')) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['dataDir', 'events', 'figures', 'generatedAt', 'table', 'whatIf', 'windowMs', 'windows']);
    expect(json.windowMs).toBe(60_000);
    expect((json.windows as unknown[]).length).toBe(1);
    expect(json.generatedAt).toBe('2026-12-03T00:00:00.000Z');
  });

  it('writes one html page with nothing external and every key escaped', () => {
    const html = renderReport(buildReport('/d', { push: [push('<b>x</b>', 1000)], poll: [], pollRecords: [] }), 'html');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>x</b>');
    expect(html).not.toMatch(/<script|<link/);
  });

  it('measures the poll interval and the event rate for the what-if', () => {
    expect(report.whatIf.current?.intervalMs).toBe(1000);
    expect(report.whatIf.measured?.intervalMs).toBe(1000);
    expect(report.whatIf.eventsPerSec).toBeGreaterThan(0);
  });
});

describe('report windows', () => {
  it('picks the narrowest window giving at most 60 of them', async () => {
    const { windowFor } = await import('../../../src-main/core/report/report-data');
    const f = (span: number) => ({ from: 0, to: span }) as Parameters<typeof windowFor>[0];
    expect(windowFor(f(0))).toBe(60_000);
    expect(windowFor(f(3_600_000))).toBe(60_000);
    expect(windowFor(f(3_600_001))).toBe(300_000);
    expect(windowFor(f(30 * 24 * 3_600_000))).toBe(24 * 3_600_000);
    expect(windowFor(f(120 * 24 * 3_600_000))).toBe(2 * 24 * 3_600_000);
  });
});
