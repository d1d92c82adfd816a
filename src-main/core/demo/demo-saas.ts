// "Outreachly", a simulated outreach/CRM SaaS: it pushes signed webhooks to Hookscope and serves the
// same events on a loopback REST API, with the faults real senders have (delays, losses, duplicates,
// retries, objects that change or vanish). It records everything it does, so Hookscope's view can be
// checked against the truth.
import { EventEmitter } from 'node:events';
import type { DemoStatus } from '../../contract/model';
import { isoOf } from '../clock';
import { newId } from '../ids';
import { applyUpdate, buildEventData, DEMO_EVENT_TYPES, pickEventType } from './catalog';
import { startDemoApi, type DemoApiServer } from './demo-api';
import { resolveDemoOptions, type DemoOptions, type ResolvedDemoOptions } from './demo-options';
import type { DeliveryRecord, DemoEvent, DemoFaults, DemoTotals, DemoTruth, DemoTruthEvent } from './demo-types';
import { deliver } from './delivery';
import { EventStore } from './event-store';
import { deriveSeed, Rng } from './random';
import { TimerSet } from './timer-set';

export type { DemoOptions } from './demo-options';
export type { DeliveryKind, DeliveryRecord, DemoEvent, DemoFaults, DemoTotals, DemoTruth, DemoTruthEvent } from './demo-types';
export { DEMO_EVENT_TYPES } from './catalog';

/** Spread of the log-normal delivery delay: most near the median, some seconds late. */
const DELAY_SIGMA = 0.9;
/** Stream ids for deriveSeed: events use their index, the generator's timeline uses this. */
const SCHEDULE_STREAM = 0x7fffffff;

type DemoEvents = { created: [DemoEvent]; delivered: [DeliveryRecord] };

interface Timeline {
  /** Virtual ms since start() of the next steady event, next burst, and queued burst events. */
  steadyAt: number;
  burstAt: number;
  queued: { at: number; type: string }[];
  startedAt: number;
}

function settled(record: DeliveryRecord): boolean {
  return record.status !== undefined || record.error !== undefined;
}

export class DemoSaas extends EventEmitter<DemoEvents> {
  private readonly o: ResolvedDemoOptions;
  private readonly store: EventStore;
  private readonly timers: TimerSet;
  private readonly scheduleRng: Rng;
  private readonly events: DemoTruthEvent[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private seq = 0;
  private running = false;
  private api: DemoApiServer | undefined;
  private cancel = new AbortController();
  private starting: Promise<{ apiUrl: string }> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(opts: DemoOptions) {
    super();
    this.o = resolveDemoOptions(opts);
    this.store = new EventStore(this.o.retain);
    this.timers = new TimerSet(this.o.onError);
    this.scheduleRng = new Rng(deriveSeed(this.o.seed, SCHEDULE_STREAM));
  }

  get apiUrl(): string | undefined {
    return this.api?.url;
  }

  get secret(): string {
    return this.o.secret;
  }

  /** The seed in use (the generated one when none was given), so a run can be replayed. */
  get seed(): number {
    return this.o.seed;
  }

  status(): DemoStatus {
    return { running: this.running, apiUrl: this.api?.url, eventsCreated: this.seq };
  }

  start(): Promise<{ apiUrl: string }> {
    if (this.stopping) return this.stopping.then(() => this.start());
    this.starting ??= this.doStart().catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  private async doStart(): Promise<{ apiUrl: string }> {
    this.cancel = new AbortController();
    this.api = await startDemoApi(this.store, this.o.apiPort);
    this.running = true;
    const startedAt = this.o.now();
    const timeline: Timeline = { steadyAt: this.nextSteadyGap(), burstAt: this.nextBurstGap(), queued: [], startedAt };
    this.scheduleNext(timeline);
    return { apiUrl: this.api.url };
  }

  stop(): Promise<void> {
    if (!this.starting) return this.stopping ?? Promise.resolve();
    this.stopping ??= this.doStop().finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    this.running = false;
    this.timers.clear();
    for (const event of this.events) {
      for (const record of event.deliveries) {
        if (record.sentAt === undefined && !settled(record)) {
          record.error = 'cancelled';
          this.emitSafe('delivered', { ...record });
        }
      }
    }
    this.cancel.abort();
    await Promise.all([...this.inFlight]);
    await this.api?.close();
    this.api = undefined;
    this.starting = undefined;
  }

  truth(): DemoTruth {
    const events = structuredClone(this.events);
    const totals: DemoTotals = { events: events.length, sent: 0, succeeded: 0, failed: 0, dropped: 0, duplicates: 0, retries: 0, pending: 0, removedFromApi: 0, updated: 0 };
    for (const event of events) {
      if (event.removedFromApiAt !== undefined) totals.removedFromApi += 1;
      if (event.updatedAt !== undefined) totals.updated += 1;
      for (const d of event.deliveries) {
        if (d.kind === 'duplicate') totals.duplicates += 1;
        if (d.kind === 'retry') totals.retries += 1;
        if (d.dropped) totals.dropped += 1;
        if (d.sentAt !== undefined) totals.sent += 1;
        if (d.status !== undefined && d.status >= 200 && d.status < 300) totals.succeeded += 1;
        else if (d.sentAt !== undefined && d.error !== undefined) totals.failed += 1;
        if (!settled(d)) totals.pending += 1;
      }
    }
    return { seed: this.o.seed, events, totals };
  }

  /**
   * Emits one event now. Manual events take the next index in the seeded sequence, so a replay
   * matches only when the same calls are made in the same order.
   */
  createEvent(type?: string): DemoEvent {
    if (!this.running) throw new Error('the demo is not running: call start() first');
    if (type !== undefined && !DEMO_EVENT_TYPES.includes(type)) {
      throw new RangeError(`unknown demo event type "${type}"; known types: ${DEMO_EVENT_TYPES.join(', ')}`);
    }
    const seq = this.seq;
    this.seq += 1;
    const rng = new Rng(deriveSeed(this.o.seed, seq));
    // Faults are drawn first and always with the same draws, so content never shifts the decisions.
    const faults = this.drawFaults(rng);
    const drawnType = pickEventType(rng);
    const eventType = type ?? drawnType;
    const createdAt = this.o.now();
    const event: DemoEvent = { id: newId('evt'), type: eventType, created_at: isoOf(createdAt), data: buildEventData(eventType, rng, createdAt) };
    const body = JSON.stringify(event);
    const truth: DemoTruthEvent = { id: event.id, type: eventType, webhookId: newId('msg'), seq, createdAt, faults, deliveries: [] };

    this.events.push(truth);
    if (this.events.length > this.o.retain) this.events.shift();
    this.store.add(event);

    const first: DeliveryRecord = { eventId: event.id, webhookId: truth.webhookId, attempt: 1, kind: 'first', plannedAt: createdAt + faults.delayMs, dropped: faults.drop };
    truth.deliveries.push(first);
    if (faults.drop) {
      first.error = 'dropped';
    } else {
      this.timers.after(faults.delayMs, () => this.send(truth, first, body));
      if (faults.duplicate) {
        const dup: DeliveryRecord = { ...first, attempt: 2, kind: 'duplicate', plannedAt: first.plannedAt + faults.duplicateGapMs };
        truth.deliveries.push(dup);
        this.timers.after(faults.delayMs + faults.duplicateGapMs, () => this.send(truth, dup, body));
      }
    }
    if (faults.ephemeral) {
      this.timers.after(faults.removeAfterMs, () => {
        if (this.store.remove(event.id)) truth.removedFromApiAt = this.o.now();
      });
    } else if (faults.update) {
      this.timers.after(faults.updateAfterMs, () => {
        const t = this.o.now();
        const changed = this.store.update(event.id, (apiCopy) => {
          applyUpdate(apiCopy.data, rng);
          apiCopy.updated_at = isoOf(t);
        });
        if (changed) truth.updatedAt = t;
      });
    }

    this.emitSafe('created', event);
    if (faults.drop) this.emitSafe('delivered', { ...first });
    return event;
  }

  private drawFaults(rng: Rng): DemoFaults {
    const o = this.o;
    const drop = rng.chance(o.dropRate);
    const duplicate = rng.chance(o.duplicateRate) && !drop;
    const ephemeral = rng.chance(o.ephemeralRate);
    const update = rng.chance(o.updateRate) && !ephemeral;
    const delayMs = Math.min(o.delayMaxMs, rng.logNormal(o.delayMedianMs, DELAY_SIGMA));
    return {
      drop,
      duplicate,
      ephemeral,
      update,
      delayMs: Math.round(delayMs),
      duplicateGapMs: rng.int(1000, 3000),
      removeAfterMs: rng.int(1000, 2000),
      updateAfterMs: rng.int(1000, 4000),
    };
  }

  private send(truth: DemoTruthEvent, record: DeliveryRecord, body: string): void {
    let url: string | undefined;
    try {
      url = this.o.target();
    } catch (err) {
      record.dropped = true;
      record.error = `no target: ${err instanceof Error ? err.message : String(err)}`;
      this.emitSafe('delivered', { ...record });
      return;
    }
    if (url === undefined) {
      record.dropped = true;
      record.error = 'no target';
      this.emitSafe('delivered', { ...record });
      return;
    }
    const sentAt = this.o.now();
    record.sentAt = sentAt;
    record.timestampSec = Math.floor(sentAt / 1000);
    const done = deliver({
      url,
      secret: this.o.secret,
      webhookId: record.webhookId,
      timestampSec: record.timestampSec,
      body,
      timeoutMs: this.o.deliveryTimeoutMs,
      cancel: this.cancel.signal,
    }).then((outcome) => {
      if (outcome.status !== undefined) record.status = outcome.status;
      if (outcome.error !== undefined) {
        record.error = outcome.error;
        this.planRetry(truth, record, body);
      }
      this.emitSafe('delivered', { ...record });
    });
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  private planRetry(truth: DemoTruthEvent, failed: DeliveryRecord, body: string): void {
    if (!this.running) return;
    let retriesSoFar = 0;
    for (let r: DeliveryRecord | undefined = failed; r?.kind === 'retry'; r = truth.deliveries.find((d) => d.attempt === r?.retryOf)) {
      retriesSoFar += 1;
    }
    const wait = this.o.retryDelaysMs[retriesSoFar];
    if (wait === undefined) return;
    const retry: DeliveryRecord = {
      eventId: truth.id,
      webhookId: truth.webhookId,
      attempt: truth.deliveries.length + 1,
      kind: 'retry',
      retryOf: failed.attempt,
      plannedAt: this.o.now() + wait,
      dropped: false,
    };
    truth.deliveries.push(retry);
    this.timers.after(wait, () => this.send(truth, retry, body));
  }

  private nextSteadyGap(): number {
    return this.o.eventsPerSec > 0 ? this.scheduleRng.exponential(1000 / this.o.eventsPerSec) : Infinity;
  }

  private nextBurstGap(): number {
    return this.o.burstEverySec > 0 ? this.o.burstEverySec * 1000 * this.scheduleRng.between(0.8, 1.2) : Infinity;
  }

  /**
   * Steady events and bursts share one virtual timeline walked in order, so the sequence of events
   * depends on the seed only, never on how the timers happened to interleave.
   */
  private scheduleNext(tl: Timeline): void {
    for (;;) {
      const queuedAt = tl.queued[0]?.at ?? Infinity;
      if (tl.burstAt <= queuedAt && tl.burstAt <= tl.steadyAt && tl.burstAt !== Infinity) {
        // A campaign launch: the start, then its first messages going out in quick succession.
        const [min, max] = this.o.burstSize;
        const size = this.scheduleRng.int(min, max);
        let at = tl.burstAt;
        for (let i = 0; i < size; i += 1) {
          at += this.scheduleRng.between(20, 120);
          tl.queued.push({ at, type: i === 0 ? 'campaign.started' : 'message.sent' });
        }
        tl.queued.sort((a, b) => a.at - b.at);
        tl.burstAt += this.nextBurstGap();
        continue;
      }
      const at = Math.min(queuedAt, tl.steadyAt);
      if (at === Infinity) return;
      const fromQueue = queuedAt <= tl.steadyAt;
      this.timers.after(tl.startedAt + at - this.o.now(), () => {
        // Plan the next one first: a throwing listener must not end the generator.
        let type: string | undefined;
        if (fromQueue) type = tl.queued.shift()?.type;
        else tl.steadyAt += this.nextSteadyGap();
        this.scheduleNext(tl);
        this.createEvent(type);
      });
      return;
    }
  }

  private emitSafe<E extends keyof DemoEvents>(name: E, ...args: DemoEvents[E]): void {
    try {
      // The generic event map cannot follow E through the rest parameter; the signature above keeps callers typed.
      (this.emit as (n: E, ...a: DemoEvents[E]) => boolean)(name, ...args);
    } catch (err) {
      this.o.onError(err);
    }
  }
}
