import { afterEach, describe, expect, it, vi } from 'vitest';
import { DemoSaas, type DemoOptions, type DemoTruth } from '../../../src-main/core/demo/demo-saas';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const faults = { dropRate: 0.3, duplicateRate: 0.3, ephemeralRate: 0.3, updateRate: 0.3 };

async function demoWith(opts: Partial<DemoOptions>): Promise<DemoSaas> {
  const demo = new DemoSaas({ target: () => undefined, faults, rate: { eventsPerSec: 0, burstEverySec: 0 }, ...opts });
  cleanups.push(() => demo.stop());
  await demo.start();
  return demo;
}

function decisions(truth: DemoTruth, n = truth.events.length): unknown[] {
  return truth.events.slice(0, n).map((e) => ({ seq: e.seq, type: e.type, faults: e.faults }));
}

describe('seeded behaviour', () => {
  it('the same seed gives the same event types and fault decisions; another seed does not', async () => {
    const [a, b, c] = await Promise.all([demoWith({ seed: 99 }), demoWith({ seed: 99 }), demoWith({ seed: 100 })]);
    for (let i = 0; i < 30; i += 1) {
      a.createEvent();
      b.createEvent();
      c.createEvent();
    }
    expect(decisions(a.truth())).toEqual(decisions(b.truth()));
    expect(decisions(a.truth())).not.toEqual(decisions(c.truth()));
    // Content is replayed too, only ids and times differ.
    const strip = (d: DemoSaas) => d.truth().events.map((e) => e.type);
    expect(strip(a)).toEqual(strip(b));
    const faultsSeen = a.truth().events.map((e) => e.faults);
    expect(faultsSeen.some((f) => f.drop) && faultsSeen.some((f) => f.duplicate) && faultsSeen.some((f) => f.ephemeral)).toBe(true);
  });

  it('payloads replay with the seed', async () => {
    const [a, b] = await Promise.all([demoWith({ seed: 4 }), demoWith({ seed: 4 })]);
    for (let i = 0; i < 5; i += 1) expect(a.createEvent().data).toEqual(b.createEvent().data);
  });

  it('the generator replays the same sequence whatever the timer jitter', async () => {
    const rate = { eventsPerSec: 60, burstEverySec: 0.15, burstSize: [2, 4] as [number, number] };
    const [a, b] = await Promise.all([demoWith({ seed: 2024, rate }), demoWith({ seed: 2024, rate })]);
    await vi.waitFor(
      () => {
        expect(a.truth().events.length).toBeGreaterThanOrEqual(25);
        expect(b.truth().events.length).toBeGreaterThanOrEqual(25);
      },
      { timeout: 8000, interval: 20 },
    );
    await Promise.all([a.stop(), b.stop()]);
    const n = Math.min(a.truth().events.length, b.truth().events.length);
    expect(decisions(a.truth(), n)).toEqual(decisions(b.truth(), n));
    expect(a.truth().events.slice(0, n).some((e) => e.type === 'campaign.started')).toBe(true);
  });

  it('a demo without a seed picks one and reports it, so the run can be replayed', async () => {
    const random = await demoWith({});
    for (let i = 0; i < 10; i += 1) random.createEvent();
    const replay = await demoWith({ seed: random.seed });
    for (let i = 0; i < 10; i += 1) replay.createEvent();
    expect(random.truth().seed).toBe(random.seed);
    expect(decisions(replay.truth())).toEqual(decisions(random.truth()));
  });
});
