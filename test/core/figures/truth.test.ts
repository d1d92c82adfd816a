// The measurement checked against the truth: the demo SaaS with a fixed seed records every
// delivery, drop, duplicate, delay, removal and update; a recording proxy records what the API
// served to the poller. Every classification must be exactly right and every delay within 5 ms of
// the truth. The truth of an arrival is an interval — sent and answered for a webhook, served by the
// API and announced by Hookscope for a poll — because loopback transfer on a busy machine can take
// longer than 5 ms, and that transfer is part of the real delay, not an error of the measurement.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PollRow } from '../../../src-main/contract/model';
import { nowMs } from '../../../src-main/core/clock';
import type { DemoTruth, DemoTruthEvent } from '../../../src-main/core/demo/demo-saas';
import type { EventRecord } from '../../../src-main/core/figures/classify';
import { buildReport, loadReportInput } from '../../../src-main/core/report/report-data';
import { createSession, type Session } from '../../../src-main/core/session';
import { startTsChild } from './child-lines';
import { startRecordingProxy, type RecordingProxy, type Served } from './recording-proxy';

const SEED = 20261203;
const EVENTS = 40;
const POLL_MS = 1500;
const DELAY_TOLERANCE_MS = 5;
const DEMO_SCRIPT = fileURLToPath(new URL('./fixtures/demo-process.ts', import.meta.url));

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

interface Expected {
  cls: EventRecord['cls'];
  duplicates: number;
  outOfOrder: boolean;
  changedAfterPush: boolean;
  /** When the first delivery left the SaaS and when its answer came back: the arrival lies between. */
  pushDelayMs?: [number, number];
  /** When the API served it to the poller and when Hookscope announced the poll row: the poll's arrival lies between. */
  pollDelayMs?: [number, number];
}

/** What Hookscope should say about each event, from the demo's truth and what the API served. */
function expectedFrom(events: DemoTruthEvent[], served: Served[], answeredAt: Map<string, number>, announcedAt: Map<string, number>): Map<string, Expected> {
  // The first answer is the baseline: items in it predate polling and are not judged.
  const [baseline, ...later] = served.filter((s) => s.status === 200);
  const inBaseline = new Set(baseline?.ids ?? []);
  const firstServed = new Map<string, number>();
  for (const s of later) for (const id of s.ids) if (!firstServed.has(id) && !inBaseline.has(id)) firstServed.set(id, s.t);

  const out = new Map<string, Expected>();
  const pushed: { id: string; arrived: number; created: number }[] = [];
  for (const e of events) {
    const ok = e.deliveries.filter((d) => d.status !== undefined && d.status >= 200 && d.status < 300 && d.sentAt !== undefined);
    const first = ok.length > 0 ? ok.reduce((a, b) => (b.sentAt! < a.sentAt! ? b : a)) : undefined;
    const firstSent = first?.sentAt;
    const polledAt = firstServed.get(e.id);
    if (firstSent === undefined && polledAt === undefined) continue;
    if (firstSent !== undefined) pushed.push({ id: e.id, arrived: firstSent, created: e.createdAt });
    out.set(e.id, {
      cls: firstSent !== undefined && polledAt !== undefined ? 'both' : firstSent !== undefined ? 'push-only' : 'poll-only',
      duplicates: Math.max(0, ok.length - 1),
      outOfOrder: false,
      changedAfterPush: firstSent !== undefined && polledAt !== undefined && e.updatedAt !== undefined,
      ...(first && firstSent !== undefined && { pushDelayMs: [firstSent - e.createdAt, answeredAt.get(`${e.id}#${first.attempt}`)! - e.createdAt] }),
      ...(polledAt !== undefined && { pollDelayMs: [polledAt - e.createdAt, announcedAt.get(e.id)! - e.createdAt] }),
    });
  }
  pushed.sort((a, b) => a.arrived - b.arrived);
  let latest = -Infinity;
  for (const p of pushed) {
    if (p.created < latest) out.get(p.id)!.outOfOrder = true;
    else latest = p.created;
  }
  return out;
}

describe('measurement truth', () => {
  it('classifies every demo event exactly and measures every delay within 5 ms', { timeout: 90_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookscope-truth-'));
    const session: Session = await createSession({ dataDir, settings: { receiverPort: 0, demo: false } });
    let closed = false;
    cleanup.push(() => (closed ? Promise.resolve() : session.close()));
    const announcedAt = new Map<string, number>();
    session.subscribe((name, payload) => {
      if (name !== 'poll') return;
      const now = nowMs();
      for (const row of payload as PollRow[]) {
        if ((row.change === 'new' || row.change === 'changed') && row.matchKey && !announcedAt.has(row.matchKey)) announcedAt.set(row.matchKey, now);
      }
    });
    const saas = startTsChild(DEMO_SCRIPT, [String(SEED), `${session.receiverUrl}/webhooks/outreachly`, String(EVENTS)]);
    cleanup.push(() => Promise.resolve(saas.kill()));
    const { apiUrl } = await saas.next<{ apiUrl: string }>();
    const proxy: RecordingProxy = await startRecordingProxy(apiUrl);
    cleanup.push(() => proxy.close());
    await session.handle('upsertPollSource', [
      { id: 'truth', name: 'demo api', url: `${proxy.url}/v1/events?limit=100`, headers: [], intervalMs: POLL_MS, itemsPath: 'data', idPath: 'id', enabled: true },
    ]);
    await vi.waitFor(() => expect(proxy.served.length).toBeGreaterThan(0), { timeout: 10_000 });

    saas.send('go');
    expect(await saas.next<string>()).toBe('settled');
    // Two more polls see the end state; stop right after an answer, far from the next poll.
    const servedBefore = proxy.served.length;
    await vi.waitFor(() => expect(proxy.served.length).toBeGreaterThanOrEqual(servedBefore + 2), { timeout: 10_000, interval: 20 });
    await new Promise((r) => setTimeout(r, 300));
    await session.close();
    closed = true;
    saas.send('truth');
    const { truth, answeredAt } = await saas.next<{ truth: DemoTruth; answeredAt: Record<string, number> }>();

    const expected = expectedFrom(truth.events, proxy.served, new Map(Object.entries(answeredAt)), announcedAt);
    const report = buildReport(dataDir, await loadReportInput(dataDir));
    const measured = new Map(report.events.map((e) => [e.key, e]));

    // The run must exercise every class, or this test proves little.
    const all = [...expected.values()];
    expect(all.some((e) => e.cls === 'both')).toBe(true);
    expect(all.some((e) => e.cls === 'poll-only')).toBe(true);
    expect(all.some((e) => e.cls === 'push-only')).toBe(true);
    expect(all.some((e) => e.duplicates > 0)).toBe(true);
    expect(all.some((e) => e.outOfOrder)).toBe(true);
    expect(all.some((e) => e.changedAfterPush)).toBe(true);

    expect([...measured.keys()].sort()).toEqual([...expected.keys()].sort());
    let worstPush = 0;
    let worstPoll = 0;
    for (const [key, want] of expected) {
      const got = measured.get(key)!;
      expect({ key, cls: got.cls, duplicates: got.duplicates, outOfOrder: got.outOfOrder, changedAfterPush: got.changedAfterPush }).toEqual({
        key, cls: want.cls, duplicates: want.duplicates, outOfOrder: want.outOfOrder, changedAfterPush: want.changedAfterPush,
      });
      expect(got.pushDelayMs === undefined, `${key} push delay presence`).toBe(want.pushDelayMs === undefined);
      if (want.pushDelayMs) {
        const [sent, answered] = want.pushDelayMs;
        expect(got.pushDelayMs!, `${key} push delay`).toBeGreaterThanOrEqual(sent - DELAY_TOLERANCE_MS);
        expect(got.pushDelayMs!, `${key} push delay`).toBeLessThanOrEqual(answered + DELAY_TOLERANCE_MS);
        worstPush = Math.max(worstPush, got.pushDelayMs! - sent);
      }
      expect(got.pollDelayMs === undefined, `${key} poll delay presence`).toBe(want.pollDelayMs === undefined);
      if (want.pollDelayMs) {
        const [served, announced] = want.pollDelayMs;
        expect(got.pollDelayMs!, `${key} poll delay`).toBeGreaterThanOrEqual(served - DELAY_TOLERANCE_MS);
        expect(got.pollDelayMs!, `${key} poll delay`).toBeLessThanOrEqual(announced + DELAY_TOLERANCE_MS);
        worstPoll = Math.max(worstPoll, got.pollDelayMs! - served);
      }
    }
    expect(report.figures.counts.events).toBe(expected.size);
    expect(report.figures.delays.sourceClockAheadMs).toBeUndefined();
    if (process.env.TRUTH_DEBUG) console.log(`${JSON.stringify(report.figures.counts)}; events ${expected.size}; push delay beyond send ≤ ${worstPush.toFixed(2)} ms; poll delay beyond serve ≤ ${worstPoll.toFixed(2)} ms`);
  });
});
