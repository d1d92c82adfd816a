// The json report gives moments in whole epoch milliseconds (the README's promise), though the clock
// that stamps rows is finer; durations keep their fraction.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src-main/core/report/report-data';
import { renderReport } from '../../../src-main/core/report/write-report';
import { poll, push, record } from '../figures/rows';

interface JsonFigures { from?: number; to?: number }
interface JsonReport {
  figures: JsonFigures;
  windows: { start: number; end: number; figures: JsonFigures }[];
  events: { key: string; sourceTime?: number; firstPushT?: number; firstPollT?: number; seenAt: number; pushDelayMs?: number; pollDelayMs?: number; leadMs?: number }[];
}

describe('report json times', () => {
  const base = 1_796_372_001_592;
  const report = buildReport('/data', {
    push: [push('a', base + 0.0527, base - 99.5), push('b', base + 70_000.6, base + 69_000.25)],
    poll: [poll('a', base + 2000.4, 'new', base - 99.5)],
    pollRecords: [record(base + 1000.3), record(base + 2000.4, { newCount: 1 })],
  }, Date.parse('2026-12-03T00:00:00Z'));
  const json = JSON.parse(renderReport(report, 'json')) as JsonReport;

  it('writes from, to, window bounds and event times as whole milliseconds', () => {
    expect(json.figures.from).toBe(base);
    expect(json.figures.to).toBe(base + 70_001);
    expect(json.windows.length).toBeGreaterThan(1);
    for (const w of json.windows) {
      for (const t of [w.start, w.end, w.figures.from, w.figures.to]) if (t !== undefined) expect(Number.isInteger(t), String(t)).toBe(true);
    }
    const a = json.events.find((e) => e.key === 'a');
    expect(a).toMatchObject({ sourceTime: base - 99, firstPushT: base, firstPollT: base + 2000, seenAt: base });
    for (const e of json.events) {
      for (const t of [e.sourceTime, e.firstPushT, e.firstPollT, e.seenAt]) if (t !== undefined) expect(Number.isInteger(t), String(t)).toBe(true);
    }
  });

  it('keeps durations as measured and leaves the in-memory report untouched', () => {
    const a = json.events.find((e) => e.key === 'a');
    expect(a?.pushDelayMs).toBeCloseTo(99.5527, 3);
    expect(a?.leadMs).toBeCloseTo(2000.3473, 3);
    expect(report.figures.from).toBe(base + 0.0527);
    expect(report.events.find((e) => e.key === 'a')?.firstPushT).toBe(base + 0.0527);
  });
});
