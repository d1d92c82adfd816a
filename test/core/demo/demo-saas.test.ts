import { afterEach, describe, expect, it, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { DemoSaas, type DemoEvent, type DemoOptions, type DeliveryRecord } from '../../../src-main/core/demo/demo-saas';
import { verifyStandardWebhook } from '../../../src-main/core/signing/standard-webhooks';
import { closedPort, startReceiver, type Receiver } from './receiver';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function receiver(respond?: (n: number) => number | 'hang'): Promise<Receiver> {
  const r = await startReceiver(respond);
  cleanups.push(() => r.close());
  return r;
}

/** A demo that only emits what the test asks for, with deliveries fast enough for a unit test. */
function quietDemo(opts: Partial<DemoOptions> & Pick<DemoOptions, 'target'>): DemoSaas {
  const demo = new DemoSaas({
    seed: 7,
    rate: { eventsPerSec: 0, burstEverySec: 0 },
    faults: { dropRate: 0, duplicateRate: 0, ephemeralRate: 0, updateRate: 0, delayMedianMs: 5, delayMaxMs: 20 },
    retryDelaysMs: [50, 100],
    ...opts,
  });
  cleanups.push(() => demo.stop());
  return demo;
}

async function settle(demo: DemoSaas, timeout = 10_000): Promise<void> {
  await vi.waitFor(() => expect(demo.truth().totals.pending).toBe(0), { timeout, interval: 20 });
}

describe('DemoSaas deliveries against the truth', () => {
  it('delivers what it says it sent, signed; loses the drops; repeats duplicates under one webhook-id', async () => {
    const rx = await receiver();
    const demo = new DemoSaas({
      seed: 1234,
      target: () => rx.url,
      rate: { eventsPerSec: 0, burstEverySec: 0 },
      faults: { dropRate: 0.2, duplicateRate: 0.25, ephemeralRate: 0.2, updateRate: 0.25, delayMedianMs: 60, delayMaxMs: 500 },
    });
    cleanups.push(() => demo.stop());
    const created: DemoEvent[] = [];
    const delivered: DeliveryRecord[] = [];
    demo.on('created', (e) => created.push(e));
    demo.on('delivered', (d) => delivered.push(d));
    const { apiUrl } = await demo.start();
    for (let i = 0; i < 40; i += 1) demo.createEvent();

    // Everything planned has happened: deliveries (duplicates come 1–3 s late), removals (1–2 s), updates (1–4 s).
    await vi.waitFor(
      () => {
        const t = demo.truth();
        expect(t.totals.pending).toBe(0);
        for (const e of t.events) {
          if (e.faults.ephemeral) expect(e.removedFromApiAt).toBeDefined();
          if (e.faults.update) expect(e.updatedAt).toBeDefined();
        }
      },
      { timeout: 12_000, interval: 50 },
    );
    const truth = demo.truth();
    expect(truth.seed).toBe(1234);
    expect(truth.events).toHaveLength(40);
    // The seed was chosen so every fault shows up; these make the checks below meaningful.
    expect(truth.totals.dropped).toBeGreaterThan(0);
    expect(truth.totals.duplicates).toBeGreaterThan(0);
    expect(truth.totals.removedFromApi).toBeGreaterThan(0);
    expect(truth.totals.updated).toBeGreaterThan(0);
    expect(truth.totals.failed).toBe(0);
    expect(truth.totals.retries).toBe(0);

    // Every request is signed, carries the documented headers and the exact body the event had at creation.
    const reference = new Webhook(demo.secret);
    const bodyById = new Map(created.map((e) => [e.id, JSON.stringify(e)]));
    for (const r of rx.received) {
      expect(verifyStandardWebhook(demo.secret, r.headers, r.raw)).toEqual({ ok: true });
      expect(() => reference.verify(r.raw, Object.fromEntries(r.headers.map(([k, v]) => [k.toLowerCase(), v])))).not.toThrow();
      expect(r.header('content-type')).toBe('application/json');
      expect(r.header('user-agent')).toBe('Outreachly-Webhooks/1.0');
      expect(r.header('bypass-tunnel-reminder')).toBe('1');
      const body = JSON.parse(r.raw.toString('utf8')) as DemoEvent;
      expect(r.raw.toString('utf8')).toBe(bodyById.get(body.id));
      expect(body.id).toMatch(/^evt_/);
      expect(new Date(body.created_at).toISOString()).toBe(body.created_at);
    }

    // Arrivals per webhook-id match the truth exactly: sent-and-acknowledged ones arrive, drops never do.
    const arrivals = new Map<string, number>();
    for (const r of rx.received) arrivals.set(r.header('webhook-id')!, (arrivals.get(r.header('webhook-id')!) ?? 0) + 1);
    let sentTotal = 0;
    for (const e of truth.events) {
      const sent = e.deliveries.filter((d) => d.sentAt !== undefined);
      for (const d of sent) expect(d.status).toBe(200);
      sentTotal += sent.length;
      expect(arrivals.get(e.webhookId) ?? 0).toBe(sent.length);
      if (e.faults.drop) {
        expect(e.deliveries).toEqual([expect.objectContaining({ kind: 'first', dropped: true, error: 'dropped' })]);
        expect(rx.received.some((r) => r.raw.toString().includes(e.id))).toBe(false);
      }
      if (e.faults.duplicate) {
        expect(e.deliveries.map((d) => d.kind)).toEqual(['first', 'duplicate']);
        const copies = rx.received.filter((r) => r.header('webhook-id') === e.webhookId);
        expect(copies).toHaveLength(2);
        expect(copies[0].raw.equals(copies[1].raw)).toBe(true);
      }
    }
    expect(rx.received).toHaveLength(sentTotal);
    expect(truth.totals.sent).toBe(sentTotal);
    expect(truth.totals.succeeded).toBe(sentTotal);
    // Every record was announced once it concluded.
    expect(delivered).toHaveLength(truth.events.reduce((n, e) => n + e.deliveries.length, 0));

    // Variable delays reorder arrivals relative to creation.
    const firstArrivalOrder = [...new Set(rx.received.map((r) => (JSON.parse(r.raw.toString()) as DemoEvent).id))];
    const creationOrder = created.map((e) => e.id).filter((id) => firstArrivalOrder.includes(id));
    expect(firstArrivalOrder).not.toEqual(creationOrder);

    // The API: ephemeral events are gone, updated ones differ from what was pushed, the rest are identical.
    const list = (await (await fetch(`${apiUrl}/v1/events?limit=100`)).json()) as { data: DemoEvent[] };
    const listed = new Map(list.data.map((e) => [e.id, e]));
    for (const e of truth.events) {
      if (e.faults.ephemeral) {
        expect(listed.has(e.id)).toBe(false);
        expect((await fetch(`${apiUrl}/v1/events/${e.id}`)).status).toBe(404);
      } else if (e.faults.update) {
        const item = listed.get(e.id)!;
        expect(item.updated_at).toBe(new Date(Math.floor(e.updatedAt!)).toISOString());
        expect(JSON.stringify(item)).not.toBe(bodyById.get(e.id));
      } else {
        expect(JSON.stringify(listed.get(e.id))).toBe(bodyById.get(e.id));
      }
    }
  });

  it('retries a failing delivery twice, then records the final failure', async () => {
    const rx = await receiver(() => 500);
    const demo = quietDemo({ target: () => rx.url });
    await demo.start();
    const event = demo.createEvent('lead.created');
    await settle(demo);
    const [e] = demo.truth().events;
    expect(e.id).toBe(event.id);
    expect(e.deliveries.map((d) => [d.attempt, d.kind, d.retryOf, d.status, d.error])).toEqual([
      [1, 'first', undefined, 500, 'HTTP 500'],
      [2, 'retry', 1, 500, 'HTTP 500'],
      [3, 'retry', 2, 500, 'HTTP 500'],
    ]);
    expect(rx.received.map((r) => r.header('webhook-id'))).toEqual([e.webhookId, e.webhookId, e.webhookId]);
    expect(demo.truth().totals).toMatchObject({ sent: 3, failed: 3, succeeded: 0, retries: 2 });
  });

  it('stops retrying once a retry succeeds', async () => {
    const rx = await receiver((n) => (n === 0 ? 503 : 204));
    const demo = quietDemo({ target: () => rx.url });
    await demo.start();
    demo.createEvent();
    await settle(demo);
    expect(demo.truth().events[0].deliveries.map((d) => [d.kind, d.status, d.error])).toEqual([
      ['first', 503, 'HTTP 503'],
      ['retry', 204, undefined],
    ]);
    expect(rx.received).toHaveLength(2);
  });

  it('records a refused connection and retries it', async () => {
    const port = await closedPort();
    const demo = quietDemo({ target: () => `http://127.0.0.1:${port}/hook` });
    await demo.start();
    demo.createEvent();
    await settle(demo);
    const deliveries = demo.truth().events[0].deliveries;
    expect(deliveries).toHaveLength(3);
    for (const d of deliveries) {
      expect(d.error).toBe('connection refused');
      expect(d.status).toBeUndefined();
      expect(d.sentAt).toBeDefined();
    }
  });

  it('times out a receiver that never answers', async () => {
    const rx = await receiver(() => 'hang');
    const demo = quietDemo({ target: () => rx.url, deliveryTimeoutMs: 150, retryDelaysMs: [] });
    await demo.start();
    demo.createEvent();
    await settle(demo);
    expect(demo.truth().events[0].deliveries).toEqual([expect.objectContaining({ error: 'timeout after 150 ms', dropped: false })]);
    expect(rx.received).toHaveLength(1);
  });

  it('records a target URL that cannot be fetched instead of throwing', async () => {
    const demo = quietDemo({ target: () => 'not a url', retryDelaysMs: [] });
    await demo.start();
    demo.createEvent();
    await settle(demo);
    const [d] = demo.truth().events[0].deliveries;
    expect(d.error).toMatch(/url/i);
    expect(d.sentAt).toBeDefined();
  });

  it('records deliveries with no target as lost, without retrying', async () => {
    const where: { url?: string } = {};
    const rx = await receiver();
    const demo = quietDemo({ target: () => where.url, faults: { dropRate: 0, duplicateRate: 1, ephemeralRate: 0, updateRate: 0, delayMedianMs: 5, delayMaxMs: 20 } });
    // The target is read at delivery time: once the first delivery found none, the duplicate
    // (a second or more later) goes to the now-known URL.
    demo.on('delivered', (d) => {
      if (d.kind === 'first') where.url = rx.url;
    });
    await demo.start();
    demo.createEvent();
    await settle(demo);
    expect(demo.truth().events[0].deliveries.map((d) => [d.kind, d.dropped, d.error, d.status])).toEqual([
      ['first', true, 'no target', undefined],
      ['duplicate', false, undefined, 200],
    ]);
    expect(rx.received).toHaveLength(1);
  });

  it('treats a throwing target as no target', async () => {
    const demo = quietDemo({
      target: () => {
        throw new Error('tunnel not ready');
      },
    });
    await demo.start();
    demo.createEvent();
    await settle(demo);
    expect(demo.truth().events[0].deliveries[0]).toMatchObject({ dropped: true, error: 'no target: tunnel not ready' });
  });

  it('reports a throwing listener to onError and keeps generating', async () => {
    const errors: unknown[] = [];
    const demo = new DemoSaas({ seed: 3, target: () => undefined, rate: { eventsPerSec: 200, burstEverySec: 0 }, onError: (e) => errors.push(e) });
    cleanups.push(() => demo.stop());
    demo.on('created', () => {
      throw new Error('listener broke');
    });
    await demo.start();
    await vi.waitFor(() => expect(demo.status().eventsCreated).toBeGreaterThanOrEqual(5), { timeout: 5000, interval: 10 });
    expect(errors.length).toBeGreaterThanOrEqual(5);
    expect((errors[0] as Error).message).toBe('listener broke');
  });
});

describe('DemoSaas generator', () => {
  it('fills the stream on its own with steady events and campaign bursts', async () => {
    const demo = new DemoSaas({ seed: 11, target: () => undefined, rate: { eventsPerSec: 10, burstEverySec: 0.3, burstSize: [3, 4] } });
    cleanups.push(() => demo.stop());
    await demo.start();
    await vi.waitFor(() => expect(demo.truth().events.filter((e) => e.type === 'campaign.started').length).toBeGreaterThanOrEqual(2), { timeout: 8000, interval: 20 });
    const types = demo.truth().events.map((e) => e.type);
    const burstStart = types.indexOf('campaign.started');
    expect(types[burstStart + 1]).toBe('message.sent');
    expect(new Set(types).size).toBeGreaterThan(2);
  });
});

describe('DemoSaas lifecycle and bad input', () => {
  it('refuses to create events before start and after stop', async () => {
    const demo = quietDemo({ target: () => undefined });
    expect(() => demo.createEvent()).toThrow(/not running/);
    await demo.start();
    demo.createEvent();
    await demo.stop();
    expect(() => demo.createEvent()).toThrow(/not running/);
    expect(demo.status()).toEqual({ running: false, apiUrl: undefined, eventsCreated: 1 });
  });

  it('refuses an unknown event type, naming the known ones', async () => {
    const demo = quietDemo({ target: () => undefined });
    await demo.start();
    expect(() => demo.createEvent('lead.exploded')).toThrow(/unknown demo event type "lead.exploded".*lead.created/);
    expect(demo.truth().events).toHaveLength(0);
  });

  it('refuses bad options with a message naming the option', () => {
    const target = () => undefined;
    expect(() => new DemoSaas({ target, faults: { dropRate: 1.5 } })).toThrow(/faults.dropRate/);
    expect(() => new DemoSaas({ target, rate: { eventsPerSec: -1 } })).toThrow(/rate.eventsPerSec/);
    expect(() => new DemoSaas({ target, rate: { burstSize: [5, 2] } })).toThrow(/burstSize/);
    expect(() => new DemoSaas({ target, secret: 'whsec_***' })).toThrow(/base64/);
    expect(() => new DemoSaas({ target, apiPort: 70000 })).toThrow(/apiPort/);
    expect(() => new DemoSaas({ target, seed: 1.5 })).toThrow(/seed/);
    expect(() => new DemoSaas({} as DemoOptions)).toThrow(/target/);
  });

  it('generates a usable secret and keeps a given one', () => {
    expect(new DemoSaas({ target: () => undefined }).secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(new DemoSaas({ target: () => undefined, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }).secret).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  });

  it('start is idempotent, and a stopped demo starts again on a new server', async () => {
    const demo = quietDemo({ target: () => undefined });
    const [a, b] = await Promise.all([demo.start(), demo.start()]);
    expect(a.apiUrl).toBe(b.apiUrl);
    expect(demo.apiUrl).toBe(a.apiUrl);
    demo.createEvent();
    await demo.stop();
    await demo.stop();
    expect(demo.apiUrl).toBeUndefined();
    await expect(fetch(`${a.apiUrl}/v1/events`)).rejects.toThrow();
    const again = await demo.start();
    const list = (await (await fetch(`${again.apiUrl}/v1/events`)).json()) as { data: unknown[] };
    expect(list.data).toHaveLength(1);
  });

  it('rejects start when the API port is taken, and can start later', async () => {
    const first = quietDemo({ target: () => undefined });
    const { apiUrl } = await first.start();
    const port = Number(new URL(apiUrl).port);
    const second = quietDemo({ target: () => undefined, apiPort: port });
    await expect(second.start()).rejects.toThrow(/EADDRINUSE/);
    expect(second.status().running).toBe(false);
    await first.stop();
    await expect(second.start()).resolves.toEqual({ apiUrl });
  });

  it('stop cancels deliveries not yet due: nothing arrives and the truth says so', async () => {
    const rx = await receiver();
    const demo = quietDemo({ target: () => rx.url, faults: { dropRate: 0, duplicateRate: 1, ephemeralRate: 1, updateRate: 0, delayMedianMs: 60_000, delayMaxMs: 60_000 } });
    const delivered: DeliveryRecord[] = [];
    demo.on('delivered', (d) => delivered.push(d));
    await demo.start();
    demo.createEvent();
    demo.createEvent();
    await demo.stop();
    const truth = demo.truth();
    expect(truth.totals).toMatchObject({ events: 2, sent: 0, pending: 0, removedFromApi: 0 });
    for (const d of truth.events.flatMap((e) => e.deliveries)) {
      expect(d).toMatchObject({ error: 'cancelled', dropped: false });
      expect(d.sentAt).toBeUndefined();
    }
    expect(delivered).toHaveLength(4);
    expect(rx.received).toHaveLength(0);
  });

  it('stop aborts a delivery in flight and does not retry it', async () => {
    const rx = await receiver(() => 'hang');
    const demo = quietDemo({ target: () => rx.url });
    await demo.start();
    demo.createEvent();
    await vi.waitFor(() => expect(rx.received).toHaveLength(1), { timeout: 5000, interval: 10 });
    await demo.stop();
    expect(demo.truth().events[0].deliveries).toEqual([expect.objectContaining({ error: 'cancelled', kind: 'first' })]);
    expect(demo.truth().events[0].deliveries[0].sentAt).toBeDefined();
    expect(demo.truth().totals.pending).toBe(0);
  });
});
